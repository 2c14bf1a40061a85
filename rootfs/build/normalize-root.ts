/**
 * Makes the staged root the same on every build of the same plan from the same repositories
 * (docs/reproducibility.md): what a build would otherwise leave different each time is
 * removed, emptied or rebuilt in a fixed way, just before the root is packed.
 *
 * - the rpm database is rebuilt (exported and imported): one compact sqlite file in install
 *   order, with the install times rpm took from SOURCE_DATE_EPOCH;
 * - caches that record inode numbers or times (ldconfig's aux-cache, fontconfig's caches) are
 *   removed, and so are the systemd journal catalog and udev's hwdb.bin together with
 *   `/etc/.updated` and `/var/.updated`, so systemd's ConditionNeedsUpdate= services regenerate
 *   them at first boot (as systemd documents for images);
 * - random seeds and machine-bound secrets (`/var/lib/systemd/random-seed`,
 *   `credential.secret`) are removed, a machine id left by a package becomes "uninitialized";
 * - every log file under /var/log is emptied (kept with its owner and mode: packages own some),
 *   journal files are removed; /tmp and /var/tmp are emptied.
 *
 * File order and times are the packer's (sorted members, mtimes clamped to the epoch).
 */
import { chmod, chown, copyFile, lstat, mkdir, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { AzlError, throwIfAborted } from '../../common/errors.js';
import { lastLines } from '../../common/run-program.js';
import { runRpmTool } from './rpm-tools.js';
import { resolveInRoot } from './root-path.js';

/** Removed when present: caches with times or inode numbers, random seeds, machine secrets. */
const REMOVED_FILES = [
  '/var/cache/ldconfig/aux-cache',
  '/var/lib/systemd/random-seed',
  '/var/lib/random-seed',
  '/var/lib/systemd/credential.secret',
  '/var/lib/systemd/catalog/database',
  '/etc/udev/hwdb.bin',
  '/etc/.updated',
  '/var/.updated',
];

/** Folders whose contents are removed (the folders stay). */
const EMPTIED_DIRS = ['/var/cache/fontconfig', '/var/log/journal', '/tmp', '/var/tmp'];

/** Folders whose regular files are truncated to zero bytes, recursively (journal files are removed above). */
const TRUNCATED_LOG_DIRS = ['/var/log'];

/** The sqlite backend's one file (rpm ≥ 4.16, Azure Linux 3.0 and 4.0); other backends are left as they are. */
const SQLITE_DATABASE = 'rpmdb.sqlite';

/** What systemd writes into /etc/machine-id to mean "no id yet" (systemd-firstboot semantics). */
const UNINITIALIZED_MACHINE_ID = 'uninitialized\n';

export interface NormalizeOptions {
  /** The image's rpm database folder; absent when the image ships none (RemoveRpmDb). */
  dbPath?: string;
  sourceDateEpoch: number;
  /** A private folder outside the root for the fresh database. */
  scratchDir: string;
  signal?: AbortSignal;
}

/** What was changed, as image paths with a word about it (logged by the build). */
export interface NormalizeReport {
  changed: string[];
}

async function resolved(root: string, imagePath: string): Promise<string | undefined> {
  try {
    return await resolveInRoot(root, imagePath);
  } catch {
    return undefined;
  }
}

async function emptyDir(hostPath: string): Promise<number> {
  const names = await readdir(hostPath).catch(() => [] as string[]);
  for (const name of names) await rm(join(hostPath, name), { recursive: true, force: true });
  return names.length;
}

async function truncateLogs(hostPath: string, imagePath: string, changed: string[]): Promise<void> {
  const entries = await readdir(hostPath, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(hostPath, entry.name);
    if (entry.isDirectory()) await truncateLogs(path, posix.join(imagePath, entry.name), changed);
    else if (entry.isFile()) {
      const info = await lstat(path);
      if (info.size > 0) {
        await truncate(path, 0);
        changed.push(`${posix.join(imagePath, entry.name)} (emptied)`);
      }
    }
  }
}

/** A database export is every package header; far more than any image holds. */
const MAX_RPMDB_EXPORT_BYTES = 2 * 1024 * 1024 * 1024;

function rebuildFailed(step: string, { stderr }: { stderr: Buffer }): AzlError {
  return new AzlError('PACKAGE_MANAGER_FAILED', `The image's rpm database could not be rebuilt for a reproducible image (${step}).`, {
    hint: 'Check the rpm database the profile leaves (a script may have damaged it); the details have rpm\'s output.',
    detail: lastLines(stderr.toString('utf8').trim(), 20),
  });
}

/**
 * Rebuilds the sqlite rpm database: every header exported in install order (`rpmdb
 * --exportdb`) and imported into a fresh database (`--importdb`) in `scratch`, whose file then
 * replaces the image's. rpm's own `--rebuilddb` renames the database folder, which an overlay
 * root (the build cache's lower layer) does not allow; export and import give the same result.
 */
async function rebuildRpmDatabase(root: string, dbPath: string, scratch: string, sourceDateEpoch: number, signal?: AbortSignal): Promise<boolean> {
  const dir = await resolved(root, dbPath);
  if (!dir || !(await lstat(join(dir, SQLITE_DATABASE)).catch(() => undefined))) return false;
  const exported = await runRpmTool('rpmdb', ['--root', root, '--dbpath', dbPath, '--exportdb'], {
    name: 'rpmdb --exportdb',
    sourceDateEpoch,
    signal,
    maxCapture: MAX_RPMDB_EXPORT_BYTES,
    failure: (result) => rebuildFailed('export', result),
  });
  const fresh = join(scratch, 'rpmdb');
  await rm(fresh, { recursive: true, force: true });
  await mkdir(fresh, { recursive: true });
  await runRpmTool('rpmdb', ['--define', '_db_backend sqlite', '--dbpath', fresh, '--importdb'], {
    name: 'rpmdb --importdb',
    sourceDateEpoch,
    signal,
    stdin: exported.stdout,
    failure: (result) => rebuildFailed('import', result),
  });
  const info = await lstat(join(dir, SQLITE_DATABASE));
  for (const name of await readdir(dir)) await rm(join(dir, name), { recursive: true, force: true });
  await copyFile(join(fresh, SQLITE_DATABASE), join(dir, SQLITE_DATABASE));
  await chown(join(dir, SQLITE_DATABASE), info.uid, info.gid);
  await chmod(join(dir, SQLITE_DATABASE), info.mode & 0o7777);
  await rm(fresh, { recursive: true, force: true });
  return true;
}

/** Normalises `root` in place; returns what it changed. */
export async function normalizeRoot(root: string, options: NormalizeOptions): Promise<NormalizeReport> {
  const changed: string[] = [];
  if (options.dbPath !== undefined) {
    if (await rebuildRpmDatabase(root, options.dbPath, options.scratchDir, options.sourceDateEpoch, options.signal)) changed.push(`${options.dbPath} (rebuilt)`);
  }
  throwIfAborted(options.signal, 'The build');
  for (const imagePath of REMOVED_FILES) {
    const path = await resolved(root, imagePath);
    const info = path ? await lstat(path).catch(() => undefined) : undefined;
    if (!path || !info || info.isDirectory()) continue;
    await rm(path, { force: true });
    changed.push(`${imagePath} (removed)`);
  }
  for (const imagePath of EMPTIED_DIRS) {
    const path = await resolved(root, imagePath);
    const info = path ? await lstat(path).catch(() => undefined) : undefined;
    if (path && info?.isDirectory() && (await emptyDir(path)) > 0) changed.push(`${imagePath}/* (removed)`);
  }
  for (const imagePath of TRUNCATED_LOG_DIRS) {
    const path = await resolved(root, imagePath);
    const info = path ? await lstat(path).catch(() => undefined) : undefined;
    if (path && info?.isDirectory()) await truncateLogs(path, imagePath, changed);
  }
  const machineId = await resolved(root, '/etc/machine-id');
  const idInfo = machineId ? await lstat(machineId).catch(() => undefined) : undefined;
  if (machineId && idInfo?.isFile()) {
    const text = await readFile(machineId, 'utf8');
    if (/^[0-9a-f]{32}\s*$/.test(text)) {
      await writeFile(machineId, UNINITIALIZED_MACHINE_ID);
      changed.push('/etc/machine-id (uninitialized)');
    }
  }
  const dbusId = await resolved(root, '/var/lib/dbus/machine-id');
  const dbusInfo = dbusId ? await lstat(dbusId).catch(() => undefined) : undefined;
  if (dbusId && dbusInfo?.isFile()) {
    await rm(dbusId, { force: true });
    changed.push('/var/lib/dbus/machine-id (removed: dbus reads /etc/machine-id)');
  }
  return { changed };
}
