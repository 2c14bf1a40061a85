/**
 * What a build killed with -9 (or by a power cut) leaves behind, and its removal: the build's
 * work folder (`azl-wsl-build-*`, with the staging root and, when overlayfs is used, a mounted
 * overlay on a cached root) and hidden `.NAME.partial-PID-…` outputs in the output folder.
 *
 * Every build writes an owner file (pid and the process's start time) into its work folder
 * and puts its pid into its partial names; the next build, when it starts, unmounts and removes
 * whatever belongs to a process that is gone. A folder whose owner still runs is never touched,
 * nor anything not named like ours, nor a folder with a mount that will not come off.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isOwnerAlive, thisProcessOwner, type ProcessOwner } from '../../common/process-alive.js';
import { unmountPath } from './overlay-mount.js';

/** Prefix of every build's work folder. */
export const BUILD_DIR_PREFIX = 'azl-wsl-build-';
/** The owner file inside a work folder. */
export const BUILD_OWNER_FILE = '.azl-wsl-owner.json';
/**
 * A work folder with no owner file was killed in the instant between its creation and the
 * owner file's write, or made by an older version: stale once it is this old.
 */
const UNOWNED_STALE_MS = 60 * 60 * 1000;
/** `.NAME.partial-PID-HEX` outputs (images, manifests, checksums) of a build. */
const PARTIAL_OUTPUT = /^\..+\.partial-(\d+)-[0-9a-f]+$/;

/** Records this process as the owner of a new work folder. */
export async function markBuildOwner(workDir: string): Promise<void> {
  await writeFile(join(workDir, BUILD_OWNER_FILE), JSON.stringify({ ...thisProcessOwner(), startedAt: new Date().toISOString() }) + '\n');
}

/** The suffix of this build's partial outputs: its pid (for the cleanup) and a random part. */
export function partialSuffix(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`;
}

function readOwner(workDir: string): ProcessOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(workDir, BUILD_OWNER_FILE), 'utf8')) as ProcessOwner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes the `\\040`-style escapes of /proc/self/mountinfo paths. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Mount points at or below `dir` in this mount namespace, deepest first. */
export function mountsUnder(dir: string): string[] {
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const base = resolve(dir);
  return text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined)
    .map(unescapeMountPath)
    .filter((point) => point === base || point.startsWith(`${base}/`))
    .sort((a, b) => b.length - a.length);
}

/** Unmounts everything under `dir` (lazily when busy); true when nothing is mounted there any more. */
async function unmountUnder(dir: string): Promise<boolean> {
  for (const point of mountsUnder(dir)) await unmountPath(point, 'umount (stale build)');
  return mountsUnder(dir).length === 0;
}

export interface StaleCleanup {
  /** Work folders and partial outputs removed. */
  removed: string[];
  /** Folders left because a mount in them would not come off (removing through it would delete cached data). */
  kept: string[];
}

/** Removes the work folders in `workBase` and the partial outputs in `outDir` of builds whose process is gone. */
export async function removeStaleBuilds(options: { workBase?: string; outDir?: string; now?: number }): Promise<StaleCleanup> {
  const result: StaleCleanup = { removed: [], kept: [] };
  const now = options.now ?? Date.now();
  const workBase = options.workBase;
  for (const name of workBase === undefined ? [] : await readdir(workBase).catch(() => [] as string[])) {
    if (!name.startsWith(BUILD_DIR_PREFIX)) continue;
    const dir = join(workBase!, name);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    const owner = readOwner(dir);
    const stale = owner ? !isOwnerAlive(owner) : now - info.mtimeMs > UNOWNED_STALE_MS;
    if (!stale) continue;
    if (!(await unmountUnder(dir))) {
      result.kept.push(dir);
      continue;
    }
    await rm(dir, { recursive: true, force: true });
    result.removed.push(dir);
  }
  if (options.outDir) {
    for (const name of await readdir(options.outDir).catch(() => [] as string[])) {
      const match = PARTIAL_OUTPUT.exec(name);
      if (!match || isOwnerAlive({ pid: Number(match[1]) })) continue;
      await rm(join(options.outDir, name), { force: true });
      result.removed.push(join(options.outDir, name));
    }
  }
  return result;
}
