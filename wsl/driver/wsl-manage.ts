/** `wsl --manage NAME --set-default-user U | --move LOC` (recent WSL only). */
import { AzlError } from '../../common/errors.js';
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { wslDetail, wslFailure } from './wsl-errors.js';

/**
 * Sets the registry default user. Returns 'unsupported' when this wsl.exe does not know
 * `--manage`/`--set-default-user` (a usage failure without an error code), so callers can rely
 * on wsl.conf `[user] default` instead. An unknown user makes `id` fail inside the distro.
 */
export async function setDefaultUser(distro: string, user: string, options: WslCallOptions = {}): Promise<'set' | 'unsupported'> {
  const result = await runWsl(['--manage', distro, '--set-default-user', user], { ...options, name: 'set default user' });
  if (result.exitCode === 0) return 'set';
  if (result.failed && !result.error) return 'unsupported';
  if (!result.failed) {
    throw new AzlError('USER_NAME_INVALID', `The user "${user}" does not exist in ${distro}.`, {
      hint: `Create it first with "azl-wsl setup-user ${distro}".`,
      detail: wslDetail(result),
    });
  }
  throw wslFailure(result, `Setting the default user of ${distro}`);
}

/** Moves the distribution's disk to another folder. */
export async function moveDistro(distro: string, location: string, options: WslCallOptions = {}): Promise<void> {
  const result = await runWsl(['--manage', distro, '--move', location], { ...options, name: 'move' });
  if (result.exitCode !== 0) throw wslFailure(result, `Moving ${distro}`);
}
