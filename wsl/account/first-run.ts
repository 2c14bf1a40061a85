/**
 * The image's own first-run (OOBE) step after an installer made the account.
 *
 * `--install --from-file --no-launch` leaves WSL's RunOOBE flag set: the first interactive
 * launch would run `/etc/wsl-distribution.conf [oobe] command` (wsl-spec.md §1.1). Only a
 * launch with no command runs it, and only its success clears the flag, which lives in the
 * Windows registry where we cannot reach it portably. First-run scripts that follow the
 * documented rule skip when uid 1000 already exists and exit 0, so once the account exists a
 * single non-interactive `wsl -d NAME` with empty stdin runs it, it succeeds, and the flag is
 * cleared for good. After `--import` RunOOBE is already 0 and the same launch only starts and
 * ends the user's shell, so it is harmless either way.
 */
import { execInDistro, launchDistro } from '../driver/wsl-exec.js';
import type { WslCallOptions, WslResult } from '../driver/wsl-runner.js';
import { parseWslConf } from './wsl-conf.js';

/** The image's first-run command, if its wsl-distribution.conf declares one. */
export async function readFirstRunCommand(distro: string, options: WslCallOptions): Promise<string | undefined> {
  const result = await execInDistro({
    ...options,
    distro,
    user: 'root',
    name: 'read wsl-distribution.conf',
    command: ['sh', '-c', 'if [ -f /etc/wsl-distribution.conf ]; then cat /etc/wsl-distribution.conf; fi'],
  });
  if (result.exitCode !== 0) return undefined;
  const command = parseWslConf(result.stdout.toString('utf8')).oobe?.command;
  return command && command.trim().length > 0 ? command : undefined;
}

/** Launches the distribution once with empty stdin so a pending first-run runs and clears. */
export function runFirstRunOnce(distro: string, options: WslCallOptions): Promise<WslResult> {
  return launchDistro(distro, { ...options, stdin: '' });
}
