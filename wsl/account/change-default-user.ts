/**
 * Makes an existing user the default of a distribution, the ways that work on every WSL:
 * `[user] default` merged into /etc/wsl.conf (other settings kept), `wsl --manage
 * --set-default-user` where supported, then a terminate so the next launch reads it.
 */
import { AzlError } from '../../common/errors.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { setDefaultUser } from '../driver/wsl-manage.js';
import { terminateDistro } from '../driver/wsl-terminate.js';
import { findDistro } from '../driver/wsl-list.js';
import { mergeWslConf } from './wsl-conf.js';
import { isDefaultUser, readSnapshot, writeRootFile } from './setup-first-account.js';

const WSL_CONF = '/etc/wsl.conf';

export async function changeDefaultUser(distro: string, user: string, options: WslCallOptions = {}): Promise<void> {
  const entry = await findDistro(distro, options);
  if (!entry) {
    throw new AzlError('DISTRO_NOT_FOUND', `There is no WSL distribution named "${distro}".`, { hint: 'Run `azl-wsl list` to see the names.' });
  }
  const snapshot = await readSnapshot(entry.name, options);
  if (!snapshot.passwd.some((candidate) => candidate.name === user)) {
    // WSL silently falls back to root for an unknown default user: refuse instead.
    throw new AzlError('USER_NOT_FOUND', `There is no user "${user}" in ${entry.name}.`, {
      hint: `Create it first with \`azl-wsl setup-user ${entry.name} --user ${user}\`; nothing was changed.`,
    });
  }
  const original = snapshot.wslConf ?? '';
  await writeRootFile(entry.name, WSL_CONF, '0644', mergeWslConf(original, { user: { default: user } }), options);
  await setDefaultUser(entry.name, user, options);
  await terminateDistro(entry.name, options);
  if (!(await isDefaultUser(entry.name, user, options))) {
    await writeRootFile(entry.name, WSL_CONF, '0644', original, options).catch(() => undefined);
    throw new AzlError('WSL_FAILED', `${entry.name} still does not start as ${user}.`, { hint: 'Run `wsl -d NAME -u root -- cat /etc/wsl.conf` and check the [user] section.' });
  }
}
