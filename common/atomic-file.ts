/**
 * Writing small state files so a crash (kill -9, power loss) leaves either the old content or
 * the new, never half of one: write a temporary file beside the target, flush it, rename it
 * into place. Journals, records and locks of every long operation go through here.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `data` to `path` atomically (same folder, flushed, renamed); `mode` applies to a new file. */
export async function writeFileAtomic(path: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', options.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Reads a JSON file; undefined when it does not exist or does not parse (a torn write counts as absent). */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
