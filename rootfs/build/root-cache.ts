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
 * Only the most recently used entries are kept, and never one a running build holds: each
 * build takes a reference on its entry before looking it up and drops it when it ends; pruning
 * and taking a reference happen under one lock, so an entry is either still there with the
 * build's reference on it, or already gone and built afresh. References and partial copies of
 * builds that were killed are recognised by their process being gone.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildPlan } from '../plan/build-plan.js';
import { AzlError } from '../../common/errors.js';
import { lastLines, runProgram } from '../../common/run-program.js';
import { JournalStore, newJournalOwner } from '../../common/journal-store.js';
import { isOwnerAlive, thisProcessOwner, type ProcessOwner } from '../../common/process-alive.js';

/** Entries kept: enough for a couple of profiles side by side, bounded because each is a whole root. */
export const ROOT_CACHE_ENTRIES = 3;

/** A partial copy without a pid in its name (older versions) this old belongs to a build that was killed. */
const ABANDONED_PARTIAL_MS = 60 * 60 * 1000;
/** How long a build waits for another one's prune to finish with the cache lock (it renames, never copies, inside). */
const LOCK_WAIT_MS = 10 * 60 * 1000;
/** Pause between attempts at the cache lock. */
const LOCK_RETRY_MS = 50;
/** `.partial-KEY-PID-HEX` (this version) and `.partial-KEY-HEX` (older ones). */
const PARTIAL_NAME = /^\.partial-[0-9a-f]+-(?:(\d+)-)?[0-9a-f]+$/;

/** A running build's hold on one cache entry. */
export interface CacheReference {
  key: string;
  /** Drops the hold (idempotent). */
  release(): Promise<void>;
}

/** Bumped when the layout of a cached root changes, so old entries stop matching. */
const CACHE_FORMAT = 1;

/**
 * SHA-256 of a repository's repomd.xml, the state of its metadata: read from disk for local
 * repositories, else from dnf's metadata cache; undefined when neither has it. The root cache
 * key and the review (plan-review.ts) both say "these repositories" with it.
 */
export async function repositoryMetadataDigest(url: string, alias: string, dnfCacheDir: string): Promise<string | undefined> {
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
  return undefined;
}

/** The cache key of the installed tree a plan produces. */
export async function rootCacheKey(plan: BuildPlan, packageManagerFlags: readonly string[], packageManager: string, dnfCacheDir: string, rpmDbPath: string): Promise<string> {
  const repositories = [];
  for (const repo of plan.repositories) {
    // Unknown state: a random digest makes this build a miss rather than a stale hit.
    const repomd = (await repositoryMetadataDigest(repo.url, repo.alias, dnfCacheDir)) ?? `unknown-${randomBytes(8).toString('hex')}`;
    repositories.push({ alias: repo.alias, url: repo.url, repomd });
  }
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
  private readonly refsDir: string;
  private readonly locks: JournalStore<never>;

  constructor(
    cacheDir: string,
    private readonly maxEntries = ROOT_CACHE_ENTRIES,
  ) {
    this.dir = join(cacheDir, 'roots');
    // Beside the entries, not among them: the roots folder holds nothing but trees.
    this.refsDir = join(cacheDir, 'roots-held');
    this.locks = new JournalStore<never>(join(cacheDir, 'roots-lock'), 'root-cache');
  }

  /** Runs `work` holding the cache lock (waiting while another build holds it). */
  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const owner = newJournalOwner();
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      const result = await this.locks.lock('cache', owner);
      if (result.acquired) {
        try {
          return await work();
        } finally {
          await result.lock.release();
        }
      }
      if (Date.now() > deadline) {
        throw new AzlError('OUTPUT_UNWRITABLE', `The build cache ${this.dir} stayed locked by process ${result.holder.pid}.`, {
          hint: 'Wait for the other build to finish, or stop it; then try again.',
        });
      }
      await sleep(LOCK_RETRY_MS);
    }
  }

  /**
   * Takes a reference on the entry for `key` (whether or not it exists yet): until it is
   * released, pruning keeps that entry. Take it before `has`, release it when the build ends.
   */
  async acquire(key: string): Promise<CacheReference> {
    await mkdir(this.refsDir, { recursive: true });
    const file = join(this.refsDir, `${key}.${process.pid}-${randomBytes(4).toString('hex')}.json`);
    await this.locked(() => writeFile(file, JSON.stringify(thisProcessOwner()) + '\n'));
    let released = false;
    return {
      key,
      release: async () => {
        if (released) return;
        released = true;
        await rm(file, { force: true });
      },
    };
  }

  /** Keys referenced by live builds; references of builds that are gone are removed. */
  private async liveReferences(): Promise<Set<string>> {
    const live = new Set<string>();
    for (const name of await readdir(this.refsDir).catch(() => [] as string[])) {
      const file = join(this.refsDir, name);
      let owner: ProcessOwner | undefined;
      try {
        owner = JSON.parse(await readFile(file, 'utf8')) as ProcessOwner;
      } catch {
        owner = undefined;
      }
      if (owner && isOwnerAlive(owner)) live.add(name.slice(0, name.indexOf('.')));
      else await rm(file, { force: true });
    }
    return live;
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
    const partial = join(this.dir, `.partial-${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
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
    const partial = join(this.dir, `.partial-${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
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

  /**
   * Keeps the most recently used entries (ROOT_CACHE_ENTRIES) besides those live builds hold,
   * and removes partial copies of builds that are gone. Entries go to a trash name under the
   * lock and are deleted outside it, so no build waits for a whole root to be deleted.
   */
  async prune(keep?: string): Promise<void> {
    const trash: string[] = [];
    await this.locked(async () => {
      const held = await this.liveReferences();
      const names = await readdir(this.dir).catch(() => [] as string[]);
      const entries: Array<{ name: string; mtime: number }> = [];
      for (const name of names) {
        const info = await stat(join(this.dir, name)).catch(() => undefined);
        if (!info) continue;
        if (name.startsWith('.trash-')) {
          trash.push(join(this.dir, name)); // left by a prune that was killed
          continue;
        }
        const partial = PARTIAL_NAME.exec(name);
        if (partial) {
          const abandoned = partial[1] !== undefined ? !isOwnerAlive({ pid: Number(partial[1]) }) : Date.now() - info.ctimeMs > ABANDONED_PARTIAL_MS;
          if (abandoned) trash.push(join(this.dir, name));
          continue;
        }
        if (name.startsWith('.')) continue;
        entries.push({ name, mtime: info.mtimeMs });
      }
      entries.sort((a, b) => b.mtime - a.mtime);
      const removable = entries.filter((entry) => entry.name !== keep && !held.has(entry.name));
      const kept = entries.length - removable.length;
      for (const old of removable.slice(Math.max(0, this.maxEntries - kept))) {
        const target = join(this.dir, `.trash-${old.name}-${process.pid}-${randomBytes(4).toString('hex')}`);
        await rename(join(this.dir, old.name), target);
        trash.push(target);
      }
    });
    for (const path of trash) await rm(path, { recursive: true, force: true });
  }
}
