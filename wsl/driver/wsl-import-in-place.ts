/** `wsl --import-in-place NAME DISK.vhdx`: registers an existing disk where it lies (no copy). */
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';

export function importInPlaceArgs(name: string, disk: string): string[] {
  return ['--import-in-place', name, disk];
}

/** Registers `disk` as `name`; throws the mapped AzlError on failure (WSL keeps the disk then). */
export async function importInPlace(name: string, disk: string, options: WslCallOptions = {}): Promise<void> {
  const result = await runWsl(importInPlaceArgs(name, disk), { ...options, name: 'import in place' });
  if (result.exitCode !== 0) throw wslFailure(result, `Registering the disk of ${name}`);
}
