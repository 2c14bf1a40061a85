/**
 * Where `build --out` writes: `--out FILE.wsl` (or .tar.gz, .tar.xz, .tar) is that file, as
 * `docker save -o` and `kiwi-ng` users expect; `--out DIR` or `--out DIR/` is a folder the
 * image is named into, as before.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ArchiveFormat } from '../../rootfs/archive/archive-format.js';
import { usageError } from '../output/usage-error.js';

export const FORMATS: readonly ArchiveFormat[] = ['wsl', 'tar.gz', 'tar.xz', 'tar'];

/** Longest first, so `.tar.gz` is not taken for `.gz`-less `.tar`. */
const EXTENSIONS: ReadonlyArray<[string, ArchiveFormat]> = [
  ['.tar.gz', 'tar.gz'],
  ['.tar.xz', 'tar.xz'],
  ['.wsl', 'wsl'],
  ['.tar', 'tar'],
];

export interface OutputTarget {
  outDir: string;
  /** The base name when --out named the file (or --name gave it). */
  outName?: string;
  format: ArchiveFormat;
}

/** The format an image file name's extension says, if it has one of ours. */
export function formatOfFileName(file: string): { format: ArchiveFormat; base: string } | undefined {
  const lower = file.toLowerCase();
  const match = EXTENSIONS.find(([extension]) => lower.endsWith(extension) && file.length > extension.length);
  return match ? { format: match[1], base: file.slice(0, file.length - match[0].length) } : undefined;
}

/** Works out the folder, name and format from --out, --name and --format (usage errors for conflicts). */
export async function outputTarget(values: { out?: string; name?: string; format?: string }): Promise<OutputTarget> {
  const format = values.format as ArchiveFormat | undefined;
  if (format !== undefined && !FORMATS.includes(format)) throw usageError(`--format ${values.format} is not a format azl-wsl writes; use one of ${FORMATS.join(', ')}.`, 'build');
  const out = values.out ?? 'out';
  const namesFolder = /[\\/]$/.test(out) || (await stat(out).then((info) => info.isDirectory(), () => false));
  const file = namesFolder ? undefined : formatOfFileName(basename(out));
  if (!file) return { outDir: resolve(out), outName: values.name, format: format ?? 'wsl' };
  if (values.name !== undefined) throw usageError(`--out ${out} names the file already; drop --name (or give --out a folder).`, 'build');
  if (format !== undefined && format !== file.format) {
    throw usageError(`--out ${out} ends in .${file.format} but --format is ${format}; make them agree (or drop --format).`, 'build');
  }
  return { outDir: resolve(dirname(out)), outName: file.base, format: file.format };
}
