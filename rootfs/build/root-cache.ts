/**
 * A cache of staged roots right after the package installs, so a rebuild with the same
 * packages, repositories and flags skips dnf entirely.
 *
 * The key hashes everything that decides the installed tree: the package sets after the WSL
 * transform, each repository's repomd.xml (so a changed repository is a miss), arch,
 * releasever and the package-manager flags. Overlays, scripts, finish steps and packing always
 * run fresh on top of it: through an overlay mount when the system allows one (no copying at
 * all), else on a copy made with `cp -a` (which keeps owners, modes, hard links and xattrs such
 * as security.capability; `--reflink=auto` makes it free on filesystems that share blocks).
 * Only the most recently used entries are kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildPlan } from '../plan/build-plan.js';
import { AzlError } from '../../common/errors.js';
import { lastLines, runProgram } from '../../common/run-program.js';

/** Entries kept: enough for a couple of profiles side by side, bounded because each is a whole root. */
export const ROOT_CACHE_ENTRIES = 3;

/** A partial copy this old belongs to a build that was killed (a copy takes seconds). */
const ABANDONED_PARTIAL_MS = 60 * 60 * 1000;

/** Bumped when the layout of a cached root changes, so old entries stop matching. */
const CACHE_FORMAT = 1;

/** repomd.xml of a repository: read from disk for local repositories, else from dnf's metadata cache. */
async function repomdDigest(url: string, alias: string, dnfCacheDir: string): Promise<string> {
  const candidates: string[] = [];
  if (url.startsWith('file:')) candidates.push(join(fileURLToPath(url), 'repodata/repomd.xml'));
  else if (url.startsWith('/')) candidates.push(join(url, 'repodata/repomd.xml'));
  else {
    // dnf names its metadata folders `<alias>-<hash of the URL>`; take the freshest.
    const names = await readdir(dnfCacheDir).catch(() => [] as string[]);
    const dated: Array<{ path: string; mtime: number }> = [];
    for (const name of names.filter((n) => n.startsWith(`${alias}-`))) {
      const path = join(dnfCacheDir, name, 'repodata/repomd.xml');
      const info = await stat(path).catch(() => undefined);
      if (info) dated.push({ path, mtime: info.mtimeMs });
    }
    candidates.push(...dated.sort((a, b) => b.mtime - a.mtime).map((entry) => entry.path));
  }
  for (const path of candidates) {
    try {
      return createHash('sha256').update(await readFile(path)).digest('hex');
    } catch {}
  }
  // Unknown state: a random digest makes this build a miss rather than a stale hit.
  return `unknown-${randomBytes(8).toString('hex')}`;
}

/** The cache key of the installed tree a plan produces. */
export async function rootCacheKey(plan: BuildPlan, packageManagerFlags: readonly string[], packageManager: string, dnfCacheDir: string, rpmDbPath: string): Promise<string> {
  const repositories = [];
  for (const repo of plan.repositories) repositories.push({ alias: repo.alias, url: repo.url, repomd: await repomdDigest(repo.url, repo.alias, dnfCacheDir) });
  const material = {
    format: CACHE_FORMAT,
    packageManager,
    arch: plan.arch,
    releasever: plan.releaseVersion.value,
    bootstrap: plan.packages.bootstrap.map((p) => p.name),
    image: plan.packages.image.map((p) => p.name),
    ignore: plan.packages.ignore.map((p) => p.name).sort(),
    repositories,
    flags: [...packageManagerFlags].sort(),
    installLangs: plan.installLangs?.value ?? null,
    rpmDbPath,
  };
  return createHash('sha256').update(JSON.stringify(material)).digest('hex').slice(0, 32);
}

async function copyTree(from: string, to: string, signal?: AbortSignal): Promise<void> {
  const result = await runProgram('cp', ['-a', '--reflink=auto', '--', `${from}/.`, to], { name: 'cp -a', signal });
  if (result.exitCode !== 0) {
    throw new AzlError('PROGRAM_FAILED', 'Copying a root to or from the build cache failed.', {
      hint: 'Check free disk space in the cache folder, or delete it.',
      detail: lastLines(result.stderr.toString('utf8').trim(), 20),
    });
  }
}

/** The staged-root cache under `<cacheDir>/roots`. */
export class RootCache {
  readonly dir: string;
  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'roots');
  }

  /** Folder of the cached tree for `key` (exists only after a commit). */
  entry(key: string): string {
    return join(this.dir, key);
  }

  /** True when an entry for `key` exists. */
  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.entry(key))).isDirectory();
    } catch {
      return false;
    }
  }

  /** Copies the cached tree for `key` into the empty folder `root`. */
  async restore(key: string, root: string, signal?: AbortSignal): Promise<void> {
    const entry = this.entry(key);
    await mkdir(root, { recursive: true });
    await copyTree(entry, root, signal);
    const now = new Date();
    await utimes(entry, now, now).catch(() => undefined);
  }

  /** Stores a copy of `root` under `key` (atomically: a partial copy never looks like an entry). */
  async store(key: string, root: string, signal?: AbortSignal): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const partial = join(this.dir, `.partial-${key}-${randomBytes(4).toString('hex')}`);
    try {
      await mkdir(partial);
      await copyTree(root, partial, signal);
      await rm(this.entry(key), { recursive: true, force: true });
      await rename(partial, this.entry(key));
      // cp -a copied the root's own mtime; mark the entry as just used for pruning.
      const now = new Date();
      await utimes(this.entry(key), now, now);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
    await this.prune(key);
  }

  /** An empty folder in the cache to install a new tree into, committed later under `key`. */
  async beginEntry(key: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const partial = join(this.dir, `.partial-${key}-${randomBytes(4).toString('hex')}`);
    await mkdir(partial);
    return partial;
  }

  /** Makes a tree installed in `partial` the entry for `key` and returns the entry folder. */
  async commitEntry(key: string, partial: string): Promise<string> {
    await rm(this.entry(key), { recursive: true, force: true });
    await rename(partial, this.entry(key));
    const now = new Date();
    await utimes(this.entry(key), now, now);
    await this.prune(key);
    return this.entry(key);
  }

  /** Keeps the ROOT_CACHE_ENTRIES most recently used entries; also removes abandoned partial copies. */
  async prune(keep?: string): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const entries: Array<{ name: string; mtime: number }> = [];
    for (const name of names) {
      const info = await stat(join(this.dir, name)).catch(() => undefined);
      if (!info) continue;
      if (name.startsWith('.partial-')) {
        if (Date.now() - info.ctimeMs > ABANDONED_PARTIAL_MS) await rm(join(this.dir, name), { recursive: true, force: true });
        continue;
      }
      entries.push({ name, mtime: info.mtimeMs });
    }
    entries.sort((a, b) => b.mtime - a.mtime);
    const removable = entries.filter((entry) => entry.name !== keep);
    for (const old of removable.slice(ROOT_CACHE_ENTRIES - (keep ? 1 : 0))) await rm(join(this.dir, old.name), { recursive: true, force: true });
  }
}
