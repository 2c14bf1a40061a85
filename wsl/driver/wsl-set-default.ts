/** `wsl --set-default NAME`: the distribution plain `wsl` starts. */
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';

export async function setDefaultDistro(name: string, options: WslCallOptions = {}): Promise<void> {
  const result = await runWsl(['--set-default', name], { ...options, name: 'set default' });
  if (result.exitCode !== 0) throw wslFailure(result, `Making ${name} the default`);
}
