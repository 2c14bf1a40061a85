/** Writes a throw-away description folder for a test and removes it afterwards. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

/** Creates `files` (path → content) under a fresh temp folder; removed when the test file ends. */
export async function tempDescription(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'azl-profile-test-'));
  after(() => rm(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** A minimal valid KIWI file around `body`. */
export function kiwi(body: string, name = 'test'): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<image schemaversion="7.4" name="${name}">\n${body}\n</image>\n`;
}

export const BASIC_PREFERENCES = `<preferences>
  <packagemanager>dnf5</packagemanager>
  <release-version>4.0</release-version>
  <type image="wsl"/>
</preferences>`;
