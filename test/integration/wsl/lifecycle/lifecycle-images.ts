/**
 * Small images for the lifecycle tests: busybox-static as the whole userland (tar, du and the
 * rest as applets), account files written directly, so an upgrade, restore or move runs in a
 * second or two and a kill at every journaled step stays affordable. The real-userland upgrade
 * (useradd, sudo, visudo) is in upgrade-end-to-end.test.ts.
 */
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runChecked } from '../../../../common/run-program.js';
import { buildFixtureRoot, packRoot } from '../../../wsl-simulator/fixture-distro.js';

/** Applets the lifecycle runs inside a distribution, beyond the fixture's own. */
const EXTRA_APPLETS = ['tar', 'du', 'cut', 'tail', 'mv', 'cp', 'sort', 'dirname', 'basename', 'ln', 'find', 'df', 'diff', 'gzip', 'xargs', 'uniq'];

export interface LifecycleImageOptions {
  /** os-release VERSION_ID. */
  version: string;
  /** A file that only this image has (the "new packages"). */
  marker?: string;
  /** Whether the image has jane (the old distribution's user). */
  withUser?: boolean;
  extraFiles?: Record<string, string>;
  wslConf?: string;
}

/** Builds and packs a busybox image; returns the archive path. */
export async function lifecycleImage(dir: string, name: string, options: LifecycleImageOptions): Promise<string> {
  const root = join(dir, `${name}.root`);
  const files: Record<string, string> = {
    '/etc/os-release': `NAME="Azure Linux"\nID=azurelinux\nVERSION_ID="${options.version}"\nPRETTY_NAME="Azure Linux ${options.version}"\n`,
    '/etc/shells': '/bin/sh\n',
    '/etc/shadow': 'root:*:19000:0:99999:7:::\ntester:!:19000:0:99999:7:::\n',
    '/etc/gshadow': 'root:::\nwheel:::tester\ntester:!::\n',
    '/etc/sudoers.d/README': 'Drop-in files for sudo.\n',
    ...(options.marker ? { [options.marker]: `from ${name}\n` } : {}),
    ...(options.extraFiles ?? {}),
  };
  await buildFixtureRoot(root, { distributionConf: null, wslConf: options.wslConf ?? '[boot]\nsystemd=false\n', files });
  for (const applet of EXTRA_APPLETS) await symlink('busybox', join(root, 'bin', applet)).catch(() => undefined);
  await chmod(join(root, 'etc/shadow'), 0o600);
  await chmod(join(root, 'etc/gshadow'), 0o600);
  return packRoot(root, join(dir, `${name}.tar`), 'none');
}

/** Writes `content` at `path` inside a root folder (parents made). */
export async function writeInRoot(root: string, path: string, content: string, mode = 0o644): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content, { mode });
  await runChecked('chmod', [mode.toString(8), join(root, path)]);
}
