/**
 * Removing the folders an install created, and only those: the install location (when the
 * install created it and no registered distribution lives there) and the missing parents it
 * made, each removed only when empty. A folder that existed before is never touched.
 */
import { rm, rmdir } from 'node:fs/promises';
import type { DistroLocations } from '../preflight/distro-locations.js';
import { samePath } from '../preflight/preflight.js';

/** `createdDirs`: the location first, then parents deepest first (as the install journal keeps them). */
export async function removeCreatedFolders(createdDirs: readonly string[], locations: DistroLocations): Promise<void> {
  const [location, ...parents] = createdDirs;
  if (location !== undefined) {
    const inUse = (await locations.list().catch(() => [])).some((entry) => samePath(entry.basePath, location));
    if (!inUse) await rm(location, { recursive: true, force: true }).catch(() => undefined);
  }
  for (const dir of parents) await rmdir(dir).catch(() => undefined); // only if empty
}
