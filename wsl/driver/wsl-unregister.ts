/** `wsl --unregister NAME`: deletes a distribution and its disk. */
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';

/** Unregisters; throws DISTRO_NOT_FOUND (or another mapped error) on failure. */
export async function unregisterDistro(name: string, options: WslCallOptions = {}): Promise<void> {
  const result = await runWsl(['--unregister', name], { ...options, name: 'unregister' });
  if (result.exitCode !== 0) throw wslFailure(result, `Removing ${name}`);
}
