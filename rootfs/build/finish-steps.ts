/**
 * The finishing operations of a plan (`plan.finish`), run after the scripts in plan order.
 *
 * They are what turns a cloud root into a WSL root (and what Fedora's WSL config.sh does):
 * write or copy a file, remove a path, mask a unit, lock root, an uninitialised machine-id,
 * no boot entries in fstab. Every path is resolved inside the root.
 */
import { chmod, chown, lstat, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { FinishStep } from '../plan/build-plan.js';
import { throwIfAborted } from '../../common/errors.js';
import { formatLocation } from '../../common/source-location.js';
import { ensureImageDir, placeFile } from './overlays.js';
import { resolveInRoot } from './root-path.js';

/** Writes `content` to an image path through a temporary file, owned 0:0, with `mode`. */
export async function writeImageFile(root: string, imagePath: string, content: string, mode: number, what: string): Promise<void> {
  const parent = await ensureImageDir(root, posix.dirname(imagePath), what);
  const target = join(parent, posix.basename(imagePath));
  const temporary = `${target}.azl-wsl-new`;
  await writeFile(temporary, content, { mode });
  await chown(temporary, 0, 0);
  await chmod(temporary, mode);
  await rm(target, { force: true });
  await rename(temporary, target);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Rewrites a file in place keeping its mode and owner (e.g. /etc/shadow at 0000). */
async function rewriteKeepingMode(path: string, content: string): Promise<void> {
  const info = await stat(path);
  const temporary = `${path}.azl-wsl-new`;
  await writeFile(temporary, content, { mode: 0o600 });
  await chown(temporary, info.uid, info.gid);
  await chmod(temporary, info.mode & 0o7777);
  await rename(temporary, path);
}

/** Locks root's password: `!` before the hash, `*` when there is none. */
export function lockRootInShadow(shadow: string): string {
  return shadow
    .split('\n')
    .map((line) => {
      const fields = line.split(':');
      if (fields[0] !== 'root' || fields.length < 2) return line;
      const hash = fields[1];
      if (hash === '') fields[1] = '*';
      else if (!hash.startsWith('!') && hash !== '*') fields[1] = `!${hash}`;
      return fields.join(':');
    })
    .join('\n');
}

/** Drops the /boot and /boot/efi mounts from an fstab. */
export function stripBootFromFstab(fstab: string): string {
  return fstab
    .split('\n')
    .filter((line) => {
      const mountPoint = line.trim().startsWith('#') ? undefined : line.trim().split(/\s+/)[1];
      return !(mountPoint === '/boot' || mountPoint?.startsWith('/boot/'));
    })
    .join('\n');
}

/** Runs one finish step. */
export async function runFinishStep(root: string, step: FinishStep): Promise<void> {
  const where = formatLocation(step.source);
  switch (step.kind) {
    case 'write-file':
      await writeImageFile(root, step.path, step.content, step.mode, `File ${step.path} (${where})`);
      return;
    case 'copy-file':
      await placeFile(root, step.from, step.path, step.mode, `File ${step.path} (${where})`);
      return;
    case 'remove-path': {
      const target = await resolveInRoot(root, step.path, { what: `Removal of ${step.path} (${where})` });
      if (target !== root) await rm(target, { recursive: true, force: true });
      return;
    }
    case 'mask-unit': {
      const dir = await ensureImageDir(root, '/etc/systemd/system', `Masking ${step.unit}`);
      const link = join(dir, step.unit);
      const existing = await lstat(link).catch(() => undefined);
      if (existing?.isDirectory()) await rm(link, { recursive: true });
      else if (existing) await rm(link);
      await symlink('/dev/null', link);
      return;
    }
    case 'lock-root': {
      const shadow = await resolveInRoot(root, '/etc/shadow', { what: 'Locking root' });
      const text = await readIfExists(shadow);
      if (text !== undefined) await rewriteKeepingMode(shadow, lockRootInShadow(text));
      return;
    }
    case 'machine-id-uninitialized':
      // systemd treats "uninitialized" as "first boot": each distro gets its own id on start.
      await writeImageFile(root, '/etc/machine-id', 'uninitialized\n', 0o444, 'machine-id');
      return;
    case 'strip-boot-fstab': {
      const fstab = await resolveInRoot(root, '/etc/fstab', { what: 'fstab' });
      const text = await readIfExists(fstab);
      if (text !== undefined) await rewriteKeepingMode(fstab, stripBootFromFstab(text));
      return;
    }
  }
}

/** Runs the plan's finish steps in order. */
export async function runFinishSteps(root: string, steps: readonly FinishStep[], signal?: AbortSignal): Promise<void> {
  for (const step of steps) {
    throwIfAborted(signal, 'The build');
    await runFinishStep(root, step);
  }
}
