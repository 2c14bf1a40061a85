/**
 * Snapshots: a distribution's export, verified, kept in a per-user folder with a small JSON
 * record beside it (`<folder>/<distro>/<id>.tar` + `<id>.json`). The record holds what a bare
 * `wsl --import` would lose (the default user, default-distribution status, the Terminal profile
 * settings) and the file's SHA-256, so a restore can refuse a damaged or tampered file.
 *
 * A snapshot exists once its record does: the data file is complete and renamed into place
 * first, the record written atomically after it. Files without a record are leftovers of an
 * interrupted snapshot and are removed by prune.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../../common/atomic-file.js';
import { AzlError } from '../../common/errors.js';
import { journalFileKey } from '../../common/journal-store.js';
import { isProcessAlive } from '../../common/process-alive.js';
import { appDataDir } from '../builder/builder-names.js';
import type { TerminalProfileSettings } from './terminal-profile.js';

/** Environment variable naming the snapshot folder outright (tests, or a roomier drive). */
export const SNAPSHOT_DIR_ENV = 'AZL_WSL_SNAPSHOT_DIR';

export type SnapshotFormat = 'tar' | 'tar.gz' | 'tar.xz';

export const SNAPSHOT_FORMATS: readonly SnapshotFormat[] = ['tar', 'tar.gz', 'tar.xz'];

/** Why a snapshot was taken. */
export type SnapshotReason = 'manual' | 'upgrade' | 'update';

export interface SnapshotInfo {
  schemaVersion: 1;
  id: string;
  /** The distribution's name as WSL lists it. */
  distro: string;
  createdAt: string;
  note?: string;
  reason: SnapshotReason;
  format: SnapshotFormat;
  /** The data file's name in the distribution's snapshot folder. */
  file: string;
  sizeBytes: number;
  sha256: string;
  /** The user plain `wsl -d NAME` started as, re-applied by restore (a bare import starts as root). */
  defaultUser?: string;
  /** Whether it was WSL's default distribution. */
  wasDefault: boolean;
  /** Its Windows Terminal profile settings, re-applied to the restored registration's profile. */
  terminalProfile?: TerminalProfileSettings;
  /** The disk folder it had (restore uses it again when free). */
  location?: string;
  /** os-release of the snapshot (NAME, VERSION_ID, PRETTY_NAME). */
  os?: { name?: string; version?: string };
}

/** The per-user snapshot folder: $AZL_WSL_SNAPSHOT_DIR, else `<app data>/snapshots`. */
export function snapshotRoot(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[SNAPSHOT_DIR_ENV];
  if (override && isAbsolute(override)) return override;
  return join(appDataDir(env), 'snapshots');
}

/** A new id: sortable by time, unique by a random tail (`20261202-175916-3fa2`). */
export function newSnapshotId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

const ID_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/** The extension of a snapshot's data file. */
export function snapshotExtension(format: SnapshotFormat): string {
  return `.${format}`;
}

/** Snapshots of every distribution, or of one, in one folder. */
export class SnapshotStore {
  constructor(readonly root: string) {}

  /** The folder of one distribution's snapshots (names compare case-insensitively, as in WSL). */
  folder(distro: string): string {
    return join(this.root, journalFileKey(distro));
  }

  dataFile(info: Pick<SnapshotInfo, 'distro' | 'file'>): string {
    return join(this.folder(info.distro), info.file);
  }

  private recordFile(distro: string, id: string): string {
    return join(this.folder(distro), `${id}.json`);
  }

  /** Writes the record (the data file must already be in place). */
  async save(info: SnapshotInfo): Promise<void> {
    await writeFileAtomic(this.recordFile(info.distro, info.id), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  }

  /** Every snapshot of `distro` (or of all), newest first. */
  async list(distro?: string): Promise<SnapshotInfo[]> {
    const folders = distro !== undefined ? [this.folder(distro)] : (await readdir(this.root).catch(() => [] as string[])).map((name) => join(this.root, name));
    const infos: SnapshotInfo[] = [];
    for (const folder of folders) {
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        if (!name.endsWith('.json') || !ID_PATTERN.test(name.slice(0, -5))) continue;
        const info = await readJsonFile<SnapshotInfo>(join(folder, name));
        if (info?.schemaVersion === 1 && typeof info.sha256 === 'string' && info.id === name.slice(0, -5)) infos.push(info);
      }
    }
    return infos.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  }

  /** One snapshot by id (of `distro` when given); SNAPSHOT_NOT_FOUND otherwise. */
  async get(id: string, distro?: string): Promise<SnapshotInfo> {
    const found = ID_PATTERN.test(id) ? (await this.list(distro)).find((info) => info.id === id) : undefined;
    if (!found) {
      throw new AzlError('SNAPSHOT_NOT_FOUND', `There is no snapshot "${id}"${distro ? ` of ${distro}` : ''}.`, {
        hint: `Run \`azl-wsl snapshots${distro ? ` ${distro}` : ''}\` to see the snapshots and their ids.`,
      });
    }
    return found;
  }

  /** Deletes a snapshot: the record first (it stops existing), then the data. */
  async remove(info: SnapshotInfo): Promise<void> {
    await rm(this.recordFile(info.distro, info.id), { force: true });
    await rm(this.dataFile(info), { force: true });
  }

  /**
   * Keeps the newest `keep` snapshots of each distribution (or of `distro`) and deletes the
   * rest, with any leftover file of an interrupted snapshot. Returns what was deleted.
   */
  async prune(keep: number, distro?: string): Promise<SnapshotInfo[]> {
    const all = await this.list(distro);
    const byDistro = new Map<string, SnapshotInfo[]>();
    for (const info of all) byDistro.set(journalFileKey(info.distro), [...(byDistro.get(journalFileKey(info.distro)) ?? []), info]);
    const removed: SnapshotInfo[] = [];
    for (const infos of byDistro.values()) {
      for (const info of infos.slice(keep)) {
        await this.remove(info);
        removed.push(info);
      }
    }
    await this.removeLeftovers(distro);
    return removed;
  }

  /** Data files with no record (an interrupted snapshot), and `.partial` files whose writer is gone. */
  async removeLeftovers(distro?: string): Promise<void> {
    const folders = distro !== undefined ? [this.folder(distro)] : (await readdir(this.root).catch(() => [] as string[])).map((name) => join(this.root, name));
    for (const folder of folders) {
      const names = await readdir(folder).catch(() => [] as string[]);
      const ids = new Set(names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5)));
      for (const name of names) {
        const id = name.slice(0, 20);
        if (name.endsWith('.json') || !ID_PATTERN.test(id) || ids.has(id)) continue;
        const partialOfLive = name.includes('.partial-') && isProcessAlive(Number(name.slice(name.lastIndexOf('-') + 1)));
        if (!partialOfLive) await rm(join(folder, name), { force: true });
      }
    }
  }

  /** Bytes the data file takes now (undefined when it is gone). */
  async sizeOnDisk(info: SnapshotInfo): Promise<number | undefined> {
    try {
      return (await stat(this.dataFile(info))).size;
    } catch {
      return undefined;
    }
  }
}

/** `<id><ext>.partial-<pid>`: where a snapshot is written before it is verified. */
export function partialName(id: string, format: SnapshotFormat): string {
  return `${id}${snapshotExtension(format)}.partial-${process.pid}`;
}
