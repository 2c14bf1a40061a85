/** `wsl --export NAME FILE [--format tar|tar.gz|tar.xz|vhd]`: backup of a distribution. */
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';

export type ExportFormat = 'tar' | 'tar.gz' | 'tar.xz' | 'vhd';

export interface ExportOptions extends WslCallOptions {
  name: string;
  file: string;
  format?: ExportFormat;
}

export function exportArgs(options: Pick<ExportOptions, 'name' | 'file' | 'format'>): string[] {
  const args = ['--export', options.name, options.file];
  if (options.format) args.push('--format', options.format);
  return args;
}

export async function exportDistro(options: ExportOptions): Promise<void> {
  const result = await runWsl(exportArgs(options), { ...options, name: 'export' });
  if (result.exitCode !== 0) throw wslFailure(result, `Exporting ${options.name}`);
}
