/**
 * Free space before a lifecycle operation writes anything: every place it will write (the
 * snapshot folder, the new disk's folder) is measured, places on one file system are added up,
 * and a shortfall is refused with the size needed, so nothing starts that would stop half-way
 * on a full disk. Distribution sizes come from `du -x` inside the distribution (distro-facts.ts).
 */
import { stat, statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { pathExists } from '../../common/file-checks.js';

/** Head room kept free beyond the estimate: file-system overhead, logs, the next package cache. */
export const SPACE_MARGIN_BYTES = 256 * 1024 * 1024;

export interface SpaceNeed {
  /** A folder that will be written (it may not exist yet). */
  path: string;
  bytes: number;
  /** What is written there, for the message ("the snapshot"). */
  what: string;
}

/** "1.2 GB", "350 MB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}

/** The nearest existing folder at or above `path`. */
async function existingAncestor(path: string): Promise<string> {
  let probe = resolve(path);
  while (!(await pathExists(probe)) && dirname(probe) !== probe) probe = dirname(probe);
  return probe;
}

/** Free bytes for this user at `path` (or its nearest existing parent). */
export async function freeBytes(path: string): Promise<number> {
  const info = await statfs(await existingAncestor(path));
  return Number(info.bavail) * Number(info.bsize);
}

/** Refuses with DISK_FULL, naming the size needed and what for, when any file system is short. */
export async function requireSpace(needs: readonly SpaceNeed[]): Promise<void> {
  const byDevice = new Map<number, { probe: string; bytes: number; what: string[] }>();
  for (const need of needs) {
    const probe = await existingAncestor(need.path);
    const device = (await stat(probe)).dev;
    const entry = byDevice.get(device) ?? { probe, bytes: 0, what: [] };
    entry.bytes += need.bytes;
    entry.what.push(`${need.what} (${formatSize(need.bytes)})`);
    byDevice.set(device, entry);
  }
  for (const { probe, bytes, what } of byDevice.values()) {
    const free = await freeBytes(probe);
    const wanted = bytes + SPACE_MARGIN_BYTES;
    if (free < wanted) {
      throw new AzlError('DISK_FULL', `Not enough free space at ${probe}: this needs about ${formatSize(wanted)} there and only ${formatSize(free)} is free.`, {
        hint: `Free some space there or choose another folder, then run the command again. Nothing was changed.`,
        detail: `Written there: ${what.join(', ')}; plus ${formatSize(SPACE_MARGIN_BYTES)} head room.`,
      });
    }
  }
}
