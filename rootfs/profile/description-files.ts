/**
 * Provenance: every file of a description that a plan was read from, with its SHA-256, so the
 * manifest can prove which profile text an image came from (not only the top file: includes,
 * package lists, config.sh, overlay files and `<file>` sources change images just as much).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { DescriptionFile } from '../plan/build-plan.js';

/** Every file under an overlay folder (symbolic links as themselves: their target is what ships). */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
  }
  return out;
}

/** A link's digest is over its target text, a file's over its bytes. */
async function digestOf(path: string): Promise<string> {
  const target = await readlink(path).catch(() => undefined);
  const bytes = target === undefined ? await readFile(path) : Buffer.from(`symlink:${target}`);
  return createHash('sha256').update(bytes).digest('hex');
}

/** Each path once, relative to `descriptionDir` (with `/`), in sorted order, with its SHA-256. */
export async function describeFiles(descriptionDir: string, paths: Iterable<string>): Promise<DescriptionFile[]> {
  const unique = [...new Set([...paths].map((path) => resolve(path)))];
  const described = await Promise.all(
    unique.map(async (path) => ({ path: relative(descriptionDir, path).split(sep).join('/'), sha256: await digestOf(path) })),
  );
  return described.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
