/** `wsl --terminate NAME`: stops the instance so wsl.conf and the default user are re-read. */
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';

/** Terminates (succeeds when already stopped); throws the mapped AzlError on failure. */
export async function terminateDistro(name: string, options: WslCallOptions = {}): Promise<void> {
  const result = await runWsl(['--terminate', name], { ...options, name: 'terminate' });
  if (result.exitCode !== 0) throw wslFailure(result, `Stopping ${name}`);
}
