/**
 * `wsl --export NAME FILE [--format tar|tar.gz|tar.xz|vhd]`: backup of a distribution.
 *
 * Two things real WSL does that a backup must not suffer (WslClient.cpp / LxssUserSession.cpp
 * ExportDistribution): wsl.exe creates or truncates FILE before it even looks NAME up, and
 * deletes it when anything fails, so `--export Typo existing.tar` destroys `existing.tar`; and
 * the service terminates a running distribution first, closing its shells. So wsl.exe is only
 * ever pointed at a fresh temporary name beside FILE, renamed over FILE after success (and
 * only when replacing was asked for), and callers can warn before a running distribution stops.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';
import { findDistro } from './wsl-list.js';

export type ExportFormat = 'tar' | 'tar.gz' | 'tar.xz' | 'vhd';

/** `-`: the archive goes to stdout. */
export const EXPORT_TO_STDOUT = '-';

export interface ExportOptions extends WslCallOptions {
  name: string;
  file: string;
  format?: ExportFormat;
  /** Replace FILE when it exists (default: refuse before wsl.exe runs). */
  replace?: boolean;
  /** The temporary name to write first (default: a fresh one beside FILE); a caller watching its growth for progress names it. */
  temporaryFile?: string;
}

export function exportArgs(options: Pick<ExportOptions, 'name' | 'file' | 'format'>): string[] {
  const args = ['--export', options.name, options.file];
  if (options.format) args.push('--format', options.format);
  return args;
}

/** Whether exporting `name` would stop it now (WSL terminates a running distribution first). */
export async function exportStopsRunning(name: string, options: WslCallOptions = {}): Promise<boolean> {
  return (await findDistro(name, options))?.state === 'Running';
}

/** A fresh name beside `target` with the same extension (WSL checks a VHD export's extension). */
function temporaryName(target: string): string {
  const extension = extname(target);
  return join(dirname(target), `.${basename(target, extension)}.azl-export-${randomBytes(6).toString('hex')}${extension}`);
}

/** Exports; the target appears only complete, and an existing one is replaced only when asked. */
export async function exportDistro(options: ExportOptions): Promise<void> {
  if (options.file === EXPORT_TO_STDOUT) {
    const result = await runWsl(exportArgs(options), { ...options, name: 'export' });
    if (result.exitCode !== 0) throw wslFailure(result, `Exporting ${options.name}`);
    return;
  }
  const target = resolve(options.file);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new AzlError('OUTPUT_EXISTS', `${target} is a folder.`, { hint: 'Give the path of the file to write, e.g. a name ending in .wsl.' });
  }
  if (existing && !options.replace) {
    throw new AzlError('OUTPUT_EXISTS', `${target} already exists.`, { hint: 'Choose another file name, or ask to replace it (azl-wsl export --replace); nothing was changed.' });
  }
  const temporary = options.temporaryFile ?? temporaryName(target);
  try {
    const result = await runWsl(exportArgs({ ...options, file: temporary }), { ...options, name: 'export' });
    if (result.exitCode !== 0) throw wslFailure(result, `Exporting ${options.name}`);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
}
