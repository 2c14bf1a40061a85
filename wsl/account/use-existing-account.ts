/**
 * Keeps an account the distribution already has and makes it the default user, optionally with
 * a new password: what installing an exported distribution usually wants (its uid 1000 user is
 * there already; creating it again fails). The counterpart of setupFirstAccount, with the same
 * steps after the account exists (wsl.conf merge, WSL's default uid, restart, first run, check)
 * and the same rollback of wsl.conf and the registry default when a step fails.
 */
import { AzlError, isAzlError } from '../../common/errors.js';
import { runStep, type ProgressEvent, type WorkOptions } from '../../common/progress.js';
import { wslDetail, wslFailure } from '../driver/wsl-errors.js';
import { setDefaultUser } from '../driver/wsl-manage.js';
import { terminateDistro } from '../driver/wsl-terminate.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import type { AccountPassword } from './account-options.js';
import { AccountSteps, readSnapshot, requireDefaultUser, rollBackAccount, type AccountSetupResult, type DistroSnapshot } from './setup-first-account.js';
import { KEEP_ACCOUNT_SCRIPT, type AccountUndo } from './account-script.js';
import { mergeWslConf } from './wsl-conf.js';
import { runFirstRunOnce } from './first-run.js';
import { checkPassword, isSha512CryptHash } from '../../common/account-rules.js';

/** Which existing account to keep, and an optional new password for it (absent: keep its own). */
export interface ExistingAccountRequest {
  user: string;
  password?: Exclude<AccountPassword, { kind: 'none' }>;
}

export interface UseExistingAccountOptions extends ExistingAccountRequest, WslCallOptions, WorkOptions {
  distro: string;
  /** As for setupFirstAccount: false right after `wsl --import` (no first run pending). */
  firstRunPending?: boolean;
  /** The account files when the caller has them (read from the image); else read from the distribution. */
  snapshot?: DistroSnapshot;
}

const WSL_CONF = '/etc/wsl.conf';

/** Replaces the password in text meant for people (belt and braces: it only ever travels on stdin). */
function scrub(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}

/** An exit status no part of the script uses: any part may have run. */
const NO_PART = -1;

/** Makes `user` (already in the distribution) its default user. Undone on failure (except a password already set). */
export async function useExistingAccount(options: UseExistingAccountOptions): Promise<AccountSetupResult> {
  const { distro, user } = options;
  const call: WslCallOptions = { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
  const secret = options.password?.value;
  const onProgress = options.onProgress
    ? (event: ProgressEvent): void => options.onProgress!(event.kind === 'log' ? { ...event, text: scrub(event.text, secret) } : event)
    : undefined;
  const work = { signal: options.signal, onProgress };

  const snapshot = await runStep(work, 'account-check', `Checking the account ${user}`, async () => options.snapshot ?? readSnapshot(distro, call));
  const entry = snapshot.passwd.find((candidate) => candidate.name === user);
  if (!entry) {
    throw new AzlError('USER_NOT_FOUND', `There is no user "${user}" in ${distro}.`, {
      hint: `Choose one of its accounts (${snapshot.passwd.filter((candidate) => candidate.uid >= 1000 && candidate.uid < 60000).map((candidate) => candidate.name).join(', ') || 'none but the system ones'}), or create a new one.`,
    });
  }
  if (options.password?.kind === 'plain') {
    const problem = checkPassword(options.password.value);
    if (problem) throw new AzlError('PASSWORD_INVALID', problem.message, { hint: 'Enter another password, or keep the account\'s own.' });
  }
  if (options.password?.kind === 'hash' && !isSha512CryptHash(options.password.value)) {
    throw new AzlError('PASSWORD_INVALID', 'The password hash is not a SHA-512 crypt hash ($6$…).', { hint: 'Create one with "openssl passwd -6".' });
  }

  const original = snapshot.wslConf;
  /** What the script may have changed: nothing until it runs. */
  let undo = new Set<AccountUndo>();
  let registryDefault: 'set' | 'unsupported' = 'unsupported';
  const steps = new AccountSteps(work, { id: 'account-check', label: `Checking the account ${user}` });
  const step = steps.run.bind(steps);
  try {
    await step('account-keep', options.password ? `Setting a new password for ${user} and making it the default` : `Making ${user} the default user`, async () => {
      undo = KEEP_ACCOUNT_SCRIPT.undoAfter(NO_PART);
      const result = await KEEP_ACCOUNT_SCRIPT.run(distro, [user, options.password?.kind ?? 'keep', WSL_CONF, mergeWslConf(original ?? '', { user: { default: user } })], {
        ...call,
        name: 'keep account',
        stdin: options.password ? `${user}:${options.password.value}\n` : '',
      });
      if (result.exitCode === 0) return;
      if (!result.failed) undo = KEEP_ACCOUNT_SCRIPT.undoAfter(result.exitCode);
      if (result.failed && result.error) throw wslFailure(result, `Running sh in ${distro}`);
      throw new AzlError('PROGRAM_FAILED', `Keeping the account ${user} failed in ${distro} with exit code ${result.exitCode}.`, { detail: wslDetail(result) });
    });
    registryDefault = await step('account-default-user', 'Setting the default user in WSL', () => setDefaultUser(distro, user, call));
    await step('account-restart', 'Restarting the distribution', () => terminateDistro(distro, call));
    const firstRun = options.firstRunPending === false ? undefined : snapshot.firstRunCommand;
    if (firstRun !== undefined) {
      await step('account-first-run', "Completing the image's first-run step", async () => {
        const launch = await runFirstRunOnce(distro, call);
        if (launch.exitCode !== 0) throw new AzlError('ACCOUNT_SETUP_FAILED', `The image's first-run command exited with ${launch.exitCode}.`, { detail: launch.stderr.trim() });
      });
    }
    await step('account-verify', 'Checking the default user', () => requireDefaultUser(distro, user, call));
    return { user, uid: entry.uid, home: entry.home, shell: entry.shell, registryDefaultUser: registryDefault, firstRunCleared: firstRun !== undefined };
  } catch (error) {
    await rollBackAccount({ distro, user, undo, originalWslConf: original, registryDefault, call });
    if (isAzlError(error) && error.code === 'CANCELLED') throw error;
    throw new AzlError('ACCOUNT_SETUP_FAILED', `Making ${user} the default user failed at the step "${steps.current.label}".`, {
      hint: `The distribution still works as root ("wsl -d ${distro} -u root"); fix the cause below and try again.`,
      detail: scrub([error instanceof Error ? error.message : String(error), isAzlError(error) ? error.detail : undefined].filter(Boolean).join('\n'), secret),
    });
  }
}
