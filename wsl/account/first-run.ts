/**
 * The image's own first-run (OOBE) step after an installer made the account.
 *
 * `--install --from-file --no-launch` leaves WSL's RunOOBE flag set: the first interactive
 * launch would run `/etc/wsl-distribution.conf [oobe] command` (wsl-spec.md §1.1). Only a
 * launch with no command runs it, and only its success clears the flag, which lives in the
 * Windows registry where we cannot reach it portably. First-run scripts that follow the
 * documented rule skip when uid 1000 already exists and exit 0, so once the account exists a
 * single non-interactive `wsl -d NAME` with empty stdin runs it, it succeeds, and the flag is
 * cleared for good. Without a command the pending first run still happens at that launch: it
 * succeeds at once and applies `[oobe] defaultUid`. After `--import` RunOOBE is already 0 and
 * the same launch only starts and ends the user's shell, so it is harmless either way.
 */
import { DISTRIBUTION_CONF_OOBE_SCHEMA, DISTRIBUTION_CONF_PATH, parseWslConfig } from '../../common/wsl-config-file.js';
import { launchDistro } from '../driver/wsl-exec.js';
import type { WslCallOptions, WslResult } from '../driver/wsl-runner.js';

/** What a pending first run does, from the image's /etc/wsl-distribution.conf. */
export interface FirstRun {
  /** `[oobe] command`, run as root; absent (or empty): nothing runs, and that counts as success. */
  command?: string;
  /** `[oobe] defaultUid`: the default user after a successful first run. */
  defaultUid?: number;
}

/** Reads `[oobe]` the way WSL's init does before the first interactive shell. */
export function parseFirstRun(distributionConf: string): FirstRun {
  const config = parseWslConfig(distributionConf, { path: DISTRIBUTION_CONF_PATH, schema: DISTRIBUTION_CONF_OOBE_SCHEMA });
  const command = config.string('oobe.command');
  return { command: command !== undefined && command.trim().length > 0 ? command : undefined, defaultUid: config.integer('oobe.defaultUid') };
}

/** Launches the distribution once with empty stdin so a pending first-run runs and clears. */
export function runFirstRunOnce(distro: string, options: WslCallOptions): Promise<WslResult> {
  return launchDistro(distro, { ...options, stdin: '' });
}
