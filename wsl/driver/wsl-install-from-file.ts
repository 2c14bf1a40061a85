/**
 * `wsl --install --from-file FILE [--name N] [--location L] [--no-launch]` (WSL ≥ 2.4.4).
 * Unlike --import it leaves the image's first-run (OOBE) pending: see account/clear-first-run.ts.
 */
import { runWsl, type WslCallOptions, type WslResult } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';

export interface InstallFromFileOptions extends WslCallOptions {
  file: string;
  name?: string;
  location?: string;
  /** Default true: an installer never wants the interactive first launch. */
  noLaunch?: boolean;
  stdin?: Buffer;
  onStderr?: (chunk: Buffer) => void;
}

export function installFromFileArgs(options: Pick<InstallFromFileOptions, 'file' | 'name' | 'location' | 'noLaunch'>): string[] {
  const args = ['--install', '--from-file', options.file];
  if (options.name !== undefined) args.push('--name', options.name);
  if (options.location !== undefined) args.push('--location', options.location);
  if (options.noLaunch ?? true) args.push('--no-launch');
  return args;
}

/** Installs from a .wsl file; throws the mapped AzlError on failure. */
export async function installFromFile(options: InstallFromFileOptions): Promise<WslResult> {
  const result = await runWsl(installFromFileArgs(options), { ...options, name: 'install from file' });
  if (result.exitCode !== 0) throw wslFailure(result, `Installing ${options.name ?? options.file}`);
  return result;
}
