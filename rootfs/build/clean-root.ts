/**
 * Removes what the package managers leave behind before the root is packed: caches, logs,
 * locks and transaction history belong to the build machine, not to the image.
 */
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { resolveInRoot } from './root-path.js';

/** Paths (inside the image) that dnf 4, dnf5 and rpm leave in an installroot. */
const LEFTOVER_PATHS = [
  '/var/cache/dnf',
  '/var/cache/libdnf5',
  '/var/cache/yum',
  '/var/log/dnf.log',
  '/var/log/dnf.rpm.log',
  '/var/log/dnf.librepo.log',
  '/var/log/dnf5.log',
  '/var/log/hawkey.log',
  '/var/lib/dnf/history.sqlite',
  '/var/lib/dnf/history.sqlite-wal',
  '/var/lib/dnf/history.sqlite-shm',
  '/var/lib/dnf/repos',
  '/var/lib/dnf5',
  '/usr/lib/sysimage/libdnf5',
  '/usr/lib/sysimage/dnf',
];

/** rpm database leftovers, relative to the database folder. */
const RPMDB_LEFTOVERS = ['.rpm.lock', 'rpmdb.sqlite-wal', 'rpmdb.sqlite-shm', '.dbenv.lock', '__db.001', '__db.002', '__db.003'];

/** Folders that belong to the image even when empty; the cleanup never removes them. */
const KEEP_DIRS = new Set(['/', '/tmp', '/var', '/var/tmp', '/var/cache', '/var/lib', '/var/log', '/root', '/home', '/usr', '/opt', '/srv', '/mnt', '/run', '/etc']);

async function removeInRoot(root: string, imagePath: string): Promise<void> {
  const hostPath = await resolveInRoot(root, imagePath);
  await rm(hostPath, { recursive: true, force: true });
}

/**
 * Removes dnf's stray `<cachedir>/expired_repos.json` that dnf 4 writes inside the installroot
 * under the host cache path, and the empty folders it created for it.
 */
async function removeHostCacheEcho(root: string, hostCacheDir: string): Promise<void> {
  await removeInRoot(root, hostCacheDir);
  let current = posix.dirname(posix.normalize(hostCacheDir));
  while (!KEEP_DIRS.has(current)) {
    try {
      const hostPath = await resolveInRoot(root, current);
      if ((await readdir(hostPath)).length > 0) break;
      await rmdir(hostPath);
    } catch {
      break;
    }
    current = posix.dirname(current);
  }
}

/** Cleans package-manager leftovers from the root; `dbPath` is the image's rpm database folder. */
export async function cleanPackageManagerLeftovers(root: string, dbPath: string, hostCacheDir: string): Promise<void> {
  for (const path of LEFTOVER_PATHS) await removeInRoot(root, path);
  for (const name of RPMDB_LEFTOVERS) await removeInRoot(root, posix.join(dbPath, name));
  await removeHostCacheEcho(root, hostCacheDir);
  await checkSingleDatabase(root, dbPath);
}

/** Where rpm keeps its database when a target says nothing else (and where 4.0 links it from). */
const LEGACY_DBPATH = '/var/lib/rpm';

/**
 * Exactly one database ships. With the database under /usr/lib/sysimage/rpm, /var/lib/rpm is
 * the target's compatibility link (or absent); a real folder there holding a database means a
 * phase wrote to the wrong place, and the image would carry two package lists that disagree.
 */
async function checkSingleDatabase(root: string, dbPath: string): Promise<void> {
  if (dbPath === LEGACY_DBPATH) return;
  const legacy = await resolveInRoot(root, '/var/lib').then((dir) => join(dir, 'rpm'));
  const info = await lstat(legacy).catch(() => undefined);
  if (!info || !info.isDirectory()) return;
  const files = await readdir(legacy);
  if (files.length === 0) return;
  throw new Error(`The image has a second rpm database in ${LEGACY_DBPATH} (${files.join(', ')}) besides ${dbPath}; the build used two database paths.`);
}

/** Removes the rpm database (toolkit `RemoveRpmDb`, distroless images). */
export async function removeRpmDatabase(root: string, dbPath: string): Promise<void> {
  await removeInRoot(root, dbPath);
  // Fedora-style roots keep a compatibility link at /var/lib/rpm; drop it with the database.
  if (dbPath !== '/var/lib/rpm') await rm(join(await resolveInRoot(root, '/var/lib'), 'rpm'), { recursive: true, force: true });
}
