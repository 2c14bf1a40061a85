/**
 * Remembers which package names the plan's repositories offer, so a rebuild skips the
 * `dnf repoquery --available` run (the slowest part of resolving a plan).
 *
 * The key is the exact dnf flags (repositories, GPG settings, excludes, arch, releasever) plus
 * each repository's repomd.xml digest: any change to a repository's metadata is a miss. A
 * remote repository's repomd.xml is only trusted while dnf itself would trust it (its metadata
 * expiry); after that, or when it cannot be found, nothing is cached and dnf is asked again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Entries kept: one per distinct repository state, bounded so the folder never grows without limit. */
const MAX_ENTRIES = 8;
/** Bumped when the entry format changes, so old entries stop matching. */
const CACHE_FORMAT = 1;

/** Where the entries live, inside dnf's own cache folder. */
export function availableNamesCacheDir(dnfCacheDir: string): string {
  return join(dnfCacheDir, 'azl-wsl-available-names');
}

/**
 * The folder dnf keeps a remote repository's metadata in: libdnf names it
 * `<alias>-<first 8 bytes of the SHA-256 of the URL, in hex>` (plan URLs are already
 * substituted, as dnf hashes them).
 */
function dnfMetadataFolder(alias: string, url: string): string {
  return `${alias}-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
}

/** repomd.xml digest of one repository, or undefined when its current state cannot be known. */
async function repomdDigest(url: string, alias: string, input: AvailableNamesKeyInput): Promise<string | undefined> {
  const local = url.startsWith('file:') ? fileURLToPath(url) : url.startsWith('/') ? url : undefined;
  let path: string | undefined;
  if (local !== undefined) path = join(local, 'repodata/repomd.xml');
  else {
    // Only this URL's own copy counts (another URL under the same alias is another repository).
    const candidate = join(input.dnfCacheDir, dnfMetadataFolder(alias, url), 'repodata/repomd.xml');
    const info = await stat(candidate).catch(() => undefined);
    if (!info || Date.now() - info.mtimeMs > input.remoteMaxAgeMs) return undefined;
    path = candidate;
  }
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
  } catch {
    return undefined;
  }
}

export interface AvailableNamesKeyInput {
  program: string;
  /** The dnf flags that decide what is visible (PackageManager.solverFlags()). */
  flags: readonly string[];
  repositories: ReadonlyArray<{ alias: string; url: string }>;
  dnfCacheDir: string;
  /** How long dnf trusts a remote repository's metadata. */
  remoteMaxAgeMs: number;
}

/** The cache key, or undefined when some repository's state is unknown (then nothing is cached). */
export async function availableNamesKey(input: AvailableNamesKeyInput): Promise<string | undefined> {
  const digests: string[] = [];
  for (const repo of input.repositories) {
    const digest = await repomdDigest(repo.url, repo.alias, input);
    if (digest === undefined) return undefined;
    digests.push(`${repo.alias} ${repo.url} ${digest}`);
  }
  const material = JSON.stringify({ format: CACHE_FORMAT, program: input.program, flags: input.flags, digests });
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}

/** The cached names for `key`, if any. */
export async function readAvailableNames(dir: string, key: string): Promise<Set<string> | undefined> {
  const path = join(dir, `${key}.json`);
  try {
    const names = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) return undefined;
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined); // most recently used survives pruning
    return new Set(names as string[]);
  } catch {
    return undefined;
  }
}

/** Stores the names for `key` atomically and drops the least recently used entries. */
export async function writeAvailableNames(dir: string, key: string, names: ReadonlySet<string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${key}.json`);
  const partial = `${path}.partial-${randomBytes(4).toString('hex')}`;
  await writeFile(partial, JSON.stringify([...names].sort()));
  await rename(partial, path);
  const entries = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info) entries.push({ name, mtime: info.mtimeMs });
  }
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const old of entries.slice(MAX_ENTRIES)) await rm(join(dir, old.name), { force: true });
}
