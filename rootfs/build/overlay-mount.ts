/**
 * Copy-on-write views of cached roots (Linux overlayfs), so neither saving a freshly installed
 * root to the cache nor restoring one copies a byte: the cached tree is the read-only lower
 * layer, everything the build changes afterwards lands in a private upper layer.
 *
 * overlayfs needs CAP_SYS_ADMIN; where mounting is not allowed (some containers) the caller
 * falls back to copying.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runProgram } from '../../common/run-program.js';

let overlaySupport: boolean | undefined;

/** Characters that cannot appear in overlayfs mount options. */
const UNSAFE_OPTION_CHARACTERS = /[,:\\\s]/;

/** A mounted overlay: `merged` is the root to work in. */
export interface OverlayMount {
  merged: string;
  unmount(): Promise<void>;
}

/**
 * Unmounts `point`; a straggling child (a killed scriptlet) may still hold it, so it is then
 * detached lazily (`umount -l`). Used for the build's overlay and for what dead builds left.
 */
export async function unmountPath(point: string, name: string): Promise<void> {
  const plain = await runProgram('umount', [point], { name });
  if (plain.exitCode !== 0) await runProgram('umount', ['-l', point], { name: `${name} (lazy)` });
}

/** Mounts `lower` read-only with a writable upper layer under `workDir`; undefined when not possible. */
export async function mountOverlay(lower: string, workDir: string, signal?: AbortSignal): Promise<OverlayMount | undefined> {
  const upper = join(workDir, 'upper');
  const scratch = join(workDir, 'overlay-work');
  const merged = join(workDir, 'root');
  if ([lower, upper, scratch].some((path) => UNSAFE_OPTION_CHARACTERS.test(path))) return undefined;
  await Promise.all([mkdir(upper, { recursive: true }), mkdir(scratch, { recursive: true }), mkdir(merged, { recursive: true })]);
  const result = await runProgram('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${scratch}`, merged], {
    name: 'mount overlay',
    signal,
  });
  if (result.exitCode !== 0) {
    await Promise.all([rm(upper, { recursive: true, force: true }), rm(scratch, { recursive: true, force: true })]);
    return undefined;
  }
  let mounted = true;
  return {
    merged,
    async unmount() {
      if (!mounted) return;
      await unmountPath(merged, 'umount overlay');
      mounted = false;
    },
  };
}

/** Whether overlay mounts work here (probed once per process with an empty lower layer). */
export async function overlaySupported(probeBase: string): Promise<boolean> {
  if (overlaySupport !== undefined) return overlaySupport;
  const dir = await mkdtemp(join(probeBase, '.overlay-probe-'));
  try {
    await mkdir(join(dir, 'lower'));
    const mount = await mountOverlay(join(dir, 'lower'), dir);
    overlaySupport = mount !== undefined;
    await mount?.unmount();
  } catch {
    overlaySupport = false;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return overlaySupport;
}
