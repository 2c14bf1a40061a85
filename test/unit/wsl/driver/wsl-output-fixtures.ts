/** Reads the recorded wsl.exe outputs under test/fixtures/wsl-output/. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WSL_OUTPUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'wsl-output');

/** Raw bytes of one recorded output, e.g. `recorded('list-verbose-en.utf16le.txt')`. */
export function recorded(file: string): Buffer {
  return readFileSync(join(WSL_OUTPUT_DIR, file));
}

/** Every recorded file whose name starts with `prefix`. */
export function recordedNames(prefix: string): string[] {
  return readdirSync(WSL_OUTPUT_DIR).filter((name) => name.startsWith(prefix)).sort();
}
