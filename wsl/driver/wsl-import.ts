/** `wsl --import NAME LOCATION FILE [--version N] [--vhd]`: registers a distribution from a tar or VHD. */
import { AzlError } from '../../common/errors.js';
import { runWsl, type WslCallOptions, type WslResult } from './wsl-runner.js';
import { wslDetail, wslFailure } from './wsl-errors.js';

export interface ImportOptions extends WslCallOptions {
  name: string;
  location: string;
  /** The image file, or "-" with `stdin`. */
  file: string;
  version?: 1 | 2;
  vhd?: boolean;
  stdin?: Buffer;
  onStderr?: (chunk: Buffer) => void;
}

/** True for file names WSL treats as disks rather than tars. */
export function isVhdFileName(file: string): boolean {
  return /\.vhdx?$/i.test(file);
}

/** The argument array for `--import` (exposed for tests and dry runs). */
export function importArgs(options: Pick<ImportOptions, 'name' | 'location' | 'file' | 'version' | 'vhd'>): string[] {
  const args = ['--import', options.name, options.location, options.file];
  if (options.version !== undefined) args.push('--version', String(options.version));
  if (options.vhd) args.push('--vhd');
  return args;
}

/** Imports; throws the mapped AzlError on failure. */
export async function importDistro(options: ImportOptions): Promise<WslResult> {
  const result = await runWsl(importArgs(options), { ...options, name: 'import' });
  if (result.exitCode === 0) return result;
  if (!result.error && isVhdFileName(options.file) && !options.vhd) {
    // wsl.exe's VHD hint has no error code; the file name is what triggers it.
    throw new AzlError('ARCHIVE_INVALID', 'The image is a virtual disk (.vhd/.vhdx), not a tar archive.', {
      hint: 'Import it as a disk (the --vhd option), or use the .wsl/.tar.gz image instead.',
      detail: wslDetail(result),
    });
  }
  throw wslFailure(result, `Importing ${options.name}`);
}
