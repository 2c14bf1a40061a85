/**
 * The network settings a build uses when the caller does not spell them out, shared by the
 * CLI and the desktop app: the proxy (environment, else the WinHTTP proxy on Windows), the
 * `--ca-file` PEMs and, on Windows, the extra roots of the Windows certificate store.
 */
import { join } from 'node:path';
import type { NetworkSettings } from '../../rootfs/executor/network-settings.js';
import { windowsRootStoreCaFiles, type WindowsRootStoreOptions } from '../../rootfs/oci/windows-root-store.js';
import { appDataDir } from './builder-names.js';
import { resolveBuildProxy } from './windows-proxy.js';

/** Folder (under the app's data folder) holding the PEMs exported from the Windows store. */
export const WINDOWS_ROOTS_DIR = 'windows-roots';

export interface BuildNetworkOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** `--ca-file` PEMs. */
  caFiles?: readonly string[];
  /** Trust the Windows root store (default: on when running on Windows; ignored elsewhere). */
  windowsCa?: boolean;
  /** The app's data folder (default: appDataDir()). */
  dataDir?: string;
  proxyIntoImage?: boolean;
  caIntoImage?: boolean;
  signal?: AbortSignal;
  log?: (text: string) => void;
  /** For tests: how the Windows store export runs. */
  runExport?: WindowsRootStoreOptions['run'];
}

/** Proxy and extra CAs for a build; the Windows store's PEMs come after the `--ca-file` ones. */
export async function resolveBuildNetwork(options: BuildNetworkOptions = {}): Promise<NetworkSettings> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const windowsCa = options.windowsCa ?? platform === 'win32';
  const storeFiles = windowsCa
    ? await windowsRootStoreCaFiles({
        dir: join(options.dataDir ?? appDataDir(env, platform), WINDOWS_ROOTS_DIR),
        platform,
        run: options.runExport,
        signal: options.signal,
        log: options.log,
      })
    : [];
  return {
    proxy: await resolveBuildProxy(env, platform),
    caFiles: [...(options.caFiles ?? []), ...storeFiles],
    proxyIntoImage: options.proxyIntoImage ?? false,
    caIntoImage: options.caIntoImage ?? false,
  };
}
