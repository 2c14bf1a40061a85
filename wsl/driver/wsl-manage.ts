/** `wsl --manage NAME --set-default-user U | --move LOC` (recent WSL only). */
import { AzlError } from '../../common/errors.js';
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { isUnsupportedOption, wslDetail, wslFailure } from './wsl-errors.js';

/**
 * Sets the registry default user. Returns 'unsupported' when this wsl.exe does not know
 * `--manage`/`--set-default-user` (see isUnsupportedOption), so callers can rely on wsl.conf
 * `[user] default` instead. WSL looks the user up by running `/usr/bin/id` in the distribution
 * through a nested wsl.exe: an unknown user makes `id` fail (its exit code comes back), and a
 * distribution that cannot start fails with -1 and no text at all.
 */
export async function setDefaultUser(distro: string, user: string, options: WslCallOptions = {}): Promise<'set' | 'unsupported'> {
  const result = await runWsl(['--manage', distro, '--set-default-user', user], { ...options, name: 'set default user' });
  if (result.exitCode === 0) return 'set';
  if (isUnsupportedOption(result)) return 'unsupported';
  if (result.failed && !result.error) {
    throw new AzlError('WSL_FAILED', `Setting the default user of ${distro} failed: WSL could not run /usr/bin/id inside it.`, {
      hint: `Check that it starts with "wsl -d ${distro} -u root -- id"; "wsl --shutdown" fixes many transient problems.`,
      detail: wslDetail(result) || 'wsl.exe exited with -1 and printed nothing (the nested wsl.exe it runs failed).',
    });
  }
  if (!result.failed) {
    throw new AzlError('USER_NAME_INVALID', `The user "${user}" does not exist in ${distro}.`, {
      hint: `Create it first with "azl-wsl setup-user ${distro}".`,
      detail: wslDetail(result),
    });
  }
  throw wslFailure(result, `Setting the default user of ${distro}`);
}

/**
 * Moves the distribution's disk to another folder (`--manage --move`, WSL 2.0+). Resolves
 * 'unsupported' when this wsl.exe does not know `--manage` (a usage refusal without an error
 * code), so callers can move it by copy instead; other failures throw the mapped AzlError.
 */
export async function moveDistro(distro: string, location: string, options: WslCallOptions = {}): Promise<'moved' | 'unsupported'> {
  const result = await runWsl(['--manage', distro, '--move', location], { ...options, name: 'move' });
  if (result.exitCode === 0) return 'moved';
  if (result.failed && !result.error) return 'unsupported';
  throw wslFailure(result, `Moving ${distro}`);
}
