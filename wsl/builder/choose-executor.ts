/**
 * Where a build runs: `local` (this Linux machine), `wsl` (the builder distro), or `auto`:
 * local when this is Linux with dnf and root, else the WSL builder (Windows, or a Linux
 * machine that cannot build itself).
 */
import { findOnPath } from '../../rootfs/build/package-manager.js';
import type { BuildExecutor } from '../../rootfs/executor/build-executor.js';
import { LocalExecutor } from '../../rootfs/executor/local-executor.js';
import { WslDistroExecutor, type WslDistroExecutorOptions } from './wsl-distro-executor.js';
import { resolveBuildNetwork } from './build-network.js';

export type BuilderMode = 'auto' | 'local' | 'wsl';
export const BUILDER_MODES: readonly BuilderMode[] = ['auto', 'local', 'wsl'];

/** True when this machine can run the engine itself. */
export async function canBuildLocally(platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform !== 'linux') return false;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  return (await findOnPath('dnf5')) !== undefined || (await findOnPath('dnf')) !== undefined;
}

/**
 * The executor for `mode`. A builder without `network` gets the defaults (proxy from the
 * environment or WinHTTP, the Windows root store on Windows), so callers that only name
 * wsl.exe, like the desktop app, behave as the CLI does.
 */
export async function chooseExecutor(mode: BuilderMode, builder: WslDistroExecutorOptions = {}): Promise<BuildExecutor> {
  if (mode === 'local' || (mode === 'auto' && (await canBuildLocally()))) return new LocalExecutor();
  const network = builder.network ?? (await resolveBuildNetwork({ dataDir: builder.dataDir, signal: builder.signal }));
  return new WslDistroExecutor({ ...builder, network });
}
