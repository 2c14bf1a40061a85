/**
 * Crash-safe journals for long operations that change things outside this process (an install
 * registering a distribution, an upgrade replacing one): before the change, the operation
 * writes what it is about to do and who it is; the next run of the tool finds the journal of a
 * process that died (kill -9, power loss) and repairs or removes exactly what that process made.
 *
 * One folder per user (`common/state-dir.ts`), one JSON file per key and kind, written
 * atomically; one lock file per key so two live processes never work on the same thing at once.
 * A lock whose process is gone is stale and taken over.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';
import { isProcessAlive } from './process-alive.js';

/** Who wrote a journal or holds a lock: the process and a random id for this one operation. */
export interface JournalOwner {
  pid: number;
  /** Random, unique per operation (two operations in one process differ). */
  id: string;
  /** ISO time the operation started. */
  startedAt: string;
}

export interface JournalRecord<T> {
  schemaVersion: 1;
  kind: string;
  key: string;
  owner: JournalOwner;
  /** ISO time of the last write. */
  updatedAt: string;
  data: T;
}

/** A lock held by this process; `release` removes it only while it is still ours. */
export interface HeldLock {
  owner: JournalOwner;
  release(): Promise<void>;
}

export type LockResult = { acquired: true; lock: HeldLock } | { acquired: false; holder: JournalOwner };

/** Attempts at taking a lock that keeps turning out stale before giving up (each attempt removes one stale lock). */
const LOCK_ATTEMPTS = 5;

/** A new owner for an operation starting now in this process. */
export function newJournalOwner(): JournalOwner {
  return { pid: process.pid, id: randomBytes(16).toString('hex'), startedAt: new Date().toISOString() };
}

/** True when the owner's process is gone: its journal is left from a crash, its lock is stale. */
export function isOwnerGone(owner: JournalOwner): boolean {
  return !isProcessAlive(owner.pid);
}

/**
 * A key made safe as a file name on every file system: lower-cased (WSL names ignore case) and
 * every byte other than a-z, 0-9, `_` and `-` percent-encoded, so no key can be `.`, `..`, hold
 * a separator or a Windows device name.
 */
export function journalFileKey(key: string): string {
  return Array.from(Buffer.from(key.toLowerCase(), 'utf8'), (byte) => {
    const char = String.fromCharCode(byte);
    return /[a-z0-9_-]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
  }).join('');
}

/** The journals of one kind of operation (e.g. "install"), in one folder. */
export class JournalStore<T> {
  constructor(
    readonly dir: string,
    readonly kind: string,
  ) {}

  /** The journal file of `key`. */
  file(key: string): string {
    return join(this.dir, `${this.kind}-${journalFileKey(key)}.json`);
  }

  private lockFile(key: string): string {
    return join(this.dir, `${this.kind}-${journalFileKey(key)}.lock`);
  }

  /** The journal of `key`, if one exists and parses. */
  async read(key: string): Promise<JournalRecord<T> | undefined> {
    const record = await readJsonFile<JournalRecord<T>>(this.file(key));
    return record?.schemaVersion === 1 && record.kind === this.kind && typeof record.owner?.pid === 'number' ? record : undefined;
  }

  /** Every journal of this kind (for `doctor`-style listings). */
  async list(): Promise<JournalRecord<T>[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const records = await Promise.all(
      names.filter((name) => name.startsWith(`${this.kind}-`) && name.endsWith('.json')).map((name) => readJsonFile<JournalRecord<T>>(join(this.dir, name))),
    );
    return records.filter((record): record is JournalRecord<T> => record?.schemaVersion === 1 && record.kind === this.kind);
  }

  /** Writes (or replaces) the journal of `key` atomically. */
  async write(key: string, owner: JournalOwner, data: T): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const record: JournalRecord<T> = { schemaVersion: 1, kind: this.kind, key, owner, updatedAt: new Date().toISOString(), data };
    await writeFileAtomic(this.file(key), JSON.stringify(record, null, 2) + '\n');
  }

  /** Removes the journal of `key`, only when `ownerId` wrote it (undefined: whoever wrote it). */
  async remove(key: string, ownerId?: string): Promise<void> {
    if (ownerId !== undefined) {
      const current = await this.read(key);
      if (current && current.owner.id !== ownerId) return;
    }
    await rm(this.file(key), { force: true });
  }

  /**
   * Takes the lock of `key` for `owner`. A lock held by a live process (this one included, for
   * another operation) is refused with its holder; a lock whose process is gone is taken over.
   */
  async lock(key: string, owner: JournalOwner): Promise<LockResult> {
    await mkdir(this.dir, { recursive: true });
    const path = this.lockFile(key);
    // The content is complete before the lock appears: written to a private file, then hard-linked
    // into place, which fails atomically when a lock is already there.
    const mine = `${path}.${owner.id}.new`;
    await writeFileAtomic(mine, JSON.stringify(owner) + '\n');
    try {
      for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
        try {
          await link(mine, path);
          return { acquired: true, lock: { owner, release: () => this.unlock(path, owner.id) } };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const holder = await readJsonFile<JournalOwner>(path);
        if (holder === undefined) continue; // removed between our link and the read: try again
        if (!isOwnerGone(holder)) return { acquired: false, holder };
        // Stale: move it aside, and make sure what moved is the stale lock, not one a live
        // process created in between (then it goes back).
        const aside = `${path}.${owner.id}.stale`;
        try {
          await rename(path, aside);
        } catch {
          continue;
        }
        const moved = await readJsonFile<JournalOwner>(aside);
        if (moved && moved.id !== holder.id && !isOwnerGone(moved)) {
          await link(aside, path).catch(() => undefined);
          await rm(aside, { force: true });
          return { acquired: false, holder: moved };
        }
        await rm(aside, { force: true });
      }
      const holder = await readJsonFile<JournalOwner>(path);
      return { acquired: false, holder: holder ?? { pid: 0, id: 'unknown', startedAt: '' } };
    } finally {
      await rm(mine, { force: true });
    }
  }

  private async unlock(path: string, id: string): Promise<void> {
    const holder = await readJsonFile<JournalOwner>(path);
    if (holder?.id === id) await rm(path, { force: true });
  }
}
