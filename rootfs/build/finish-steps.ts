/**
 * The finishing operations of a plan (`plan.finish`), run after the scripts in plan order.
 *
 * They are what turns a cloud root into a WSL root (and what Fedora's WSL config.sh does):
 * write or copy a file, remove a path, mask a unit, lock root, an uninitialised machine-id,
 * no boot entries in fstab. Every path is resolved inside the root.
 */
import { chmod, chown, lstat, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { FinishStep } from '../plan/build-plan.js';
import type { ParityEntry } from '../transform/parity-report.js';
import { DISCOURAGED_UNITS, UNIT_DIRS, UNITS_KEPT_FOR_WSLG } from '../validate/discouraged-units.js';
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

/** Rewrites an image file through `change` (mode and owner kept); false when the image has none. */
async function editImageFile(root: string, imagePath: string, what: string, change: (text: string) => string): Promise<boolean> {
  const path = await resolveInRoot(root, imagePath, { what });
  const text = await readIfExists(path);
  if (text === undefined) return false;
  await rewriteKeepingMode(path, change(text));
  return true;
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

/**
 * Sets `[boot] systemd` in a wsl.conf text: the value in an existing `[boot]` section, else a
 * `[boot]` section appended. Other lines stay exactly as they were.
 */
export function setBootSystemd(text: string, enabled: boolean): string {
  const lines = text.split('\n');
  let section = '';
  let bootAt = -1;
  for (let index = 0; index < lines.length; index++) {
    const header = /^\s*\[([^\]]*)\]/.exec(lines[index]!);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      if (section === 'boot') bootAt = index;
      continue;
    }
    if (section === 'boot' && /^\s*systemd\s*=/i.test(lines[index]!)) {
      lines[index] = `systemd=${enabled}`;
      return lines.join('\n');
    }
  }
  if (bootAt >= 0) {
    lines.splice(bootAt + 1, 0, `systemd=${enabled}`);
    return lines.join('\n');
  }
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${body}[boot]\nsystemd=${enabled}\n`;
}

async function isMaskedInRoot(root: string, unit: string): Promise<boolean> {
  const link = join(root, 'etc/systemd/system', unit);
  const target = await readlink(link).catch(() => undefined);
  return target === '/dev/null';
}

/** Masks each discouraged unit a package or script left enabled; returns what it masked, for the parity report. */
async function maskEnabledDiscouragedUnits(root: string): Promise<ParityEntry[]> {
  const found = new Map<string, string>();
  for (const dir of UNIT_DIRS) {
    const base = await resolveInRoot(root, '/' + dir, { what: 'Unit folder' }).catch(() => undefined);
    const folders = base ? await readdir(base, { withFileTypes: true }).catch(() => []) : [];
    for (const folder of folders) {
      if (!folder.name.endsWith('.target.wants')) continue;
      for (const unit of await readdir(join(base!, folder.name)).catch(() => [] as string[])) {
        if (DISCOURAGED_UNITS.has(unit) && !UNITS_KEPT_FOR_WSLG.has(unit) && !found.has(unit)) found.set(unit, `/${dir}/${folder.name}/${unit}`);
      }
    }
  }
  const entries: ParityEntry[] = [];
  for (const [unit, link] of found) {
    if (await isMaskedInRoot(root, unit)) continue;
    await runFinishStep(root, { kind: 'mask-unit', unit, source: { file: '<wsl transform>', line: 0 } });
    entries.push({ action: 'masked-unit', subject: unit, reason: `a package enables it (${link}); WSL discourages it, so it is masked` });
  }
  return entries;
}

/** Runs one finish step; steps that discover what to change return parity entries for it. */
export async function runFinishStep(root: string, step: FinishStep): Promise<ParityEntry[] | void> {
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
    case 'lock-root':
      await editImageFile(root, '/etc/shadow', 'Locking root', lockRootInShadow);
      return;
    case 'machine-id-uninitialized':
      // systemd treats "uninitialized" as "first boot": each distro gets its own id on start.
      await writeImageFile(root, '/etc/machine-id', 'uninitialized\n', 0o444, 'machine-id');
      return;
    case 'strip-boot-fstab':
      await editImageFile(root, '/etc/fstab', 'fstab', stripBootFromFstab);
      return;
    case 'set-boot-systemd':
      // wsl-setup ships /etc/wsl.conf as a file of its own; edit it in place, keeping the rest.
      if (!(await editImageFile(root, '/etc/wsl.conf', 'wsl.conf', (text) => setBootSystemd(text, step.enabled)))) {
        await writeImageFile(root, '/etc/wsl.conf', setBootSystemd('', step.enabled), 0o644, 'wsl.conf');
      }
      return;
    case 'mask-enabled-discouraged-units':
      return maskEnabledDiscouragedUnits(root);
  }
}

/** Runs the plan's finish steps in order; returns the parity entries of what they found to change. */
export async function runFinishSteps(root: string, steps: readonly FinishStep[], signal?: AbortSignal): Promise<ParityEntry[]> {
  const found: ParityEntry[] = [];
  for (const step of steps) {
    throwIfAborted(signal, 'The build');
    found.push(...((await runFinishStep(root, step)) ?? []));
  }
  return found;
}
