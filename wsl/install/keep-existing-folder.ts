/**
 * WSL deletes an install folder that is left empty when a registration fails or a
 * distribution is unregistered, whoever created it (LxssUserSession.cpp
 * `_DeleteDistributionLockHeld`: "If the basepath is empty, delete it"). So an empty folder the
 * user made and chose as the location would vanish with a failed install. While the install
 * runs, a small marker file keeps such a folder non-empty; it is removed again afterwards,
 * success or failure, so the folder ends exactly as the user left it (plus the disk on success).
 */
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The marker's name: says what it is to anyone who finds one after a crash. */
export const KEEP_FOLDER_MARKER = '.azl-wsl-keep-this-folder';

/** Puts the marker into `folder` when it exists and is empty; returns what removes it again. */
export async function keepExistingFolder(folder: string): Promise<() => Promise<void>> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch {
    return async () => undefined; // missing (the install creates it) or not a folder
  }
  if (entries.length > 0) return async () => undefined; // WSL never removes a folder with content
  const marker = join(folder, KEEP_FOLDER_MARKER);
  await writeFile(marker, 'azl-wsl: keeps this folder while an install runs (WSL deletes empty install folders when an install fails).\n', { flag: 'wx' });
  return () => rm(marker, { force: true });
}
