/**
 * Installer account setup: the first non-root account, made from outside as root through
 * `wsl -d NAME -u root -e …`, all or nothing.
 *
 * Every value a user typed reaches the distribution either as a positional argument of a
 * fixed `sh -c` script ("$1", never spliced into the script text) or, for secrets, on stdin.
 * If any step fails the half-made account is removed, /etc/wsl.conf restored, and the
 * distribution stays usable as root.
 */
import { AzlError, isAzlError, throwIfAborted } from '../../common/errors.js';
import { ADMIN_GROUP, FIRST_USER_UID } from '../../common/account-rules.js';
import { runStep, type ProgressEvent, type WorkOptions } from '../../common/progress.js';
import { execChecked, execInDistro } from '../driver/wsl-exec.js';
import { wslDetail, wslFailure } from '../driver/wsl-errors.js';
import { setDefaultUser } from '../driver/wsl-manage.js';
import { terminateDistro } from '../driver/wsl-terminate.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import type { SetupFirstAccountOptions } from './account-options.js';
import { parsePasswd, validateAccountRequest, type PasswdEntry } from './validate-account.js';
import { mergeWslConf, parseWslConf } from './wsl-conf.js';
import { parseFirstRun, runFirstRunOnce } from './first-run.js';
import { randomBytes } from 'node:crypto';
import { FIRST_ACCOUNT_SCRIPT, type AccountUndo } from './account-script.js';

/** An exit status no part of the account script uses: any part may have run. */
const NO_PART = -1;

export interface AccountSetupResult {
  user: string;
  uid: number;
  home: string;
  shell: string;
  /** Whether `wsl --manage --set-default-user` was available (wsl.conf is set either way). */
  registryDefaultUser: 'set' | 'unsupported';
  /** Whether the image's pending first run was completed once; false when none was pending (or it would change nothing). */
  firstRunCleared: boolean;
}

const WSL_CONF = '/etc/wsl.conf';

/** Reads the distribution's passwd as root. */
export async function readPasswd(distro: string, options: WslCallOptions): Promise<PasswdEntry[]> {
  const result = await execChecked({ ...options, distro, user: 'root', name: 'read passwd', command: ['cat', '/etc/passwd'] });
  return parsePasswd(result.stdout.toString('utf8'));
}

/** What the distribution looks like before setup, read in ONE wsl.exe call (each call costs a process start). */
export interface DistroSnapshot {
  passwd: PasswdEntry[];
  /** undefined when /etc/wsl.conf does not exist. */
  wslConf?: string;
  /** The image's first-run command (`[oobe] command` of /etc/wsl-distribution.conf). */
  firstRunCommand?: string;
  /** The uid a successful first run makes the default (`[oobe] defaultUid`). */
  firstRunDefaultUid?: number;
  hasBash: boolean;
}

/** Marks sections of the snapshot output; random so no file content can fake one. */
function boundary(): string {
  return `--azl-${randomBytes(12).toString('hex')}--`;
}

/** Reads passwd, wsl.conf, wsl-distribution.conf and whether bash exists, as root. */
export async function readSnapshot(distro: string, options: WslCallOptions): Promise<DistroSnapshot> {
  const mark = boundary();
  const script =
    'm=$1; cat /etc/passwd || exit 1; echo; echo "$m"; ' +
    'if [ -f /etc/wsl.conf ]; then echo present; cat /etc/wsl.conf; else echo absent; fi; echo; echo "$m"; ' +
    'if [ -f /etc/wsl-distribution.conf ]; then cat /etc/wsl-distribution.conf; fi; echo; echo "$m"; ' +
    'if [ -x /bin/bash ]; then echo bash; else echo sh; fi';
  const result = await execChecked({ ...options, distro, user: 'root', name: 'read account files', command: ['sh', '-c', script, 'sh', mark] });
  const parts = result.stdout.toString('utf8').split(`\n${mark}\n`);
  if (parts.length !== 4) throw new AzlError('ACCOUNT_SETUP_FAILED', `The files of ${distro} could not be read.`, { detail: result.stderr });
  // The newline the script echoes before each mark is the first character of the separator, so
  // each part is the file's exact content (a trailing newline kept, for an exact rollback).
  const [passwdText, confBody, distributionConf, shell] = parts;
  const firstRun = parseFirstRun(distributionConf);
  return {
    passwd: parsePasswd(passwdText),
    wslConf: confBody.startsWith('present\n') || confBody === 'present' ? confBody.slice('present\n'.length) : undefined,
    firstRunCommand: firstRun.command,
    firstRunDefaultUid: firstRun.defaultUid,
    hasBash: shell.trim() === 'bash',
  };
}

/** Writes a root-owned file atomically through stdin with the given mode. */
export async function writeRootFile(distro: string, path: string, mode: string, content: string, options: WslCallOptions): Promise<void> {
  await execChecked({
    ...options,
    distro,
    user: 'root',
    name: `write ${path}`,
    command: ['sh', '-c', 'cat > "$1.azl-new" && chmod "$2" "$1.azl-new" && chown 0:0 "$1.azl-new" && mv -f "$1.azl-new" "$1"', 'sh', path, mode],
    stdin: content,
  });
}

/** Replaces every occurrence of the secret in text meant for humans (belt and braces). */
function scrub(text: string | undefined, secret: string | undefined): string | undefined {
  if (text === undefined || !secret) return text;
  return text.split(secret).join('***');
}

/** Creates the first account inside an installed distribution and makes it the default user. */
export async function setupFirstAccount(options: SetupFirstAccountOptions): Promise<AccountSetupResult> {
  const { distro, user } = options;
  const call: WslCallOptions = { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
  const password = options.password ?? { kind: 'none' as const };
  const secret = password.kind === 'none' ? undefined : password.value;
  const uid = options.uid ?? FIRST_USER_UID;
  const groups = [...new Set([ADMIN_GROUP, ...(options.groups ?? [])])];
  const onProgress = options.onProgress
    ? (event: ProgressEvent): void => {
        if (event.kind === 'log') options.onProgress!({ ...event, text: scrub(event.text, secret)! });
        else options.onProgress!(event);
      }
    : undefined;
  const work = { signal: options.signal, onProgress };

  // Validation first: nothing changes in the distribution until every input is acceptable.
  const snapshot = await runStep(work, 'account-check', 'Checking the account details', async () => options.snapshot ?? readSnapshot(distro, call));
  validateAccountRequest(options, snapshot.passwd);

  const originalWslConf = snapshot.wslConf;
  // Refused here, before anything changes, when WSL would not read the new default user.
  const mergedWslConf = mergeWslConf(originalWslConf ?? '', { ...(options.wslConfExtra ?? {}), user: { default: user } });
  const shell = snapshot.hasBash ? '/bin/bash' : '/bin/sh';
  /** What the account script may have changed: nothing until it runs. */
  let undo = new Set<AccountUndo>();
  let registryDefault: 'set' | 'unsupported' = 'unsupported';
  const steps = new AccountSteps(work, { id: 'account-check', label: 'Checking the account details' });
  const step = steps.run.bind(steps);
  try {
    // Groups, user, password, sudo rule, SSH keys and wsl.conf in ONE root script
    // (account-script.ts). Every value is a positional argument ("$n", never spliced into the
    // script); the password alone travels on stdin, read by chpasswd only.
    const keys = (options.sshPublicKeys ?? []).map((key) => key.trim());
    const created = await step('account-create', `Creating the user ${user}`, async () => {
      // Set before the call: a failing script may leave any of these behind, and each
      // rollback action is harmless when its part never ran.
      undo = FIRST_ACCOUNT_SCRIPT.undoAfter(NO_PART);
      const result = await FIRST_ACCOUNT_SCRIPT.run(
        distro,
        [user, String(uid), groups.join(','), shell, password.kind, options.sudo, keys.join('\n'), WSL_CONF, mergedWslConf, options.rootFile?.path ?? '', options.rootFile?.content ?? ''],
        { ...call, name: 'create account', stdin: password.kind === 'none' ? '' : `${user}:${password.value}\n` },
      );
      if (result.exitCode !== 0) {
        const part = result.failed ? undefined : FIRST_ACCOUNT_SCRIPT.failedPart(result.exitCode);
        if (part) {
          steps.current = { id: part.id, label: part.label(user) };
          // Parts after the failing one never ran: nothing of theirs to roll back.
          undo = FIRST_ACCOUNT_SCRIPT.undoAfter(part.exitCode);
        }
        if (result.failed && result.error) throw wslFailure(result, `Running sh in ${distro}`);
        throw new AzlError('PROGRAM_FAILED', `${part ? part.label(user) : 'The account script'} failed in ${distro} with exit code ${result.exitCode}.`, { detail: wslDetail(result) });
      }
      const entry = parsePasswd(result.stdout.toString('utf8')).find((candidate) => candidate.name === user);
      if (!entry) throw new AzlError('ACCOUNT_SETUP_FAILED', `useradd reported success but ${user} is not in /etc/passwd.`);
      return entry;
    });
    const home = created.home;

    // A pending first run (`--install --from-file` leaves WSL's RunOOBE set) would otherwise run
    // at the user's first interactive launch: `[oobe] command` as root, and on success
    // `[oobe] defaultUid` becomes the default and that first shell's user, with or without a
    // command (init.cpp). Done once now, before our default user is set, so ours is the one
    // that stays. After `wsl --import` RunOOBE is already 0, and an image with neither key
    // has nothing pending that matters: no launch then (one wsl.exe call less).
    const firstRunPending =
      options.firstRunPending !== false && (snapshot.firstRunCommand !== undefined || snapshot.firstRunDefaultUid !== undefined);
    if (firstRunPending) {
      await step('account-first-run', "Completing the image's first-run step", async () => {
        const launch = await runFirstRunOnce(distro, call);
        if (launch.exitCode !== 0) {
          throw new AzlError('ACCOUNT_SETUP_FAILED', `The image's first-run command exited with ${launch.exitCode}.`, {
            detail: [launch.text.trim(), launch.stderr.trim()].filter(Boolean).join('\n'),
          });
        }
      });
    }

    registryDefault = await step('account-default-user', 'Setting the default user in WSL', () => setDefaultUser(distro, user, call));

    await step('account-restart', 'Restarting the distribution', () => terminateDistro(distro, call));

    await step('account-verify', 'Checking the default user', () => requireDefaultUser(distro, user, call));

    return { user, uid: created.uid, home, shell: created.shell, registryDefaultUser: registryDefault, firstRunCleared: firstRunPending };
  } catch (error) {
    const cancelled = isAzlError(error) && error.code === 'CANCELLED';
    await rollBackAccount({ distro, user, undo: options.sudo === 'nopasswd' ? undo : withoutSudoers(undo), originalWslConf, registryDefault, call });
    if (cancelled) throw error;
    const inner = isAzlError(error) ? error : undefined;
    const cause = error instanceof Error ? error.message : String(error);
    throw new AzlError('ACCOUNT_SETUP_FAILED', `Setting up the account ${user} failed at the step "${steps.current.label}" (${steps.current.id}).`, {
      hint: `The distribution still works as root ("wsl -d ${distro} -u root"); fix the cause below, then run "azl-wsl setup-user ${distro}".`,
      detail: scrub([cause, inner?.detail].filter(Boolean).join('\n'), secret),
    });
  }
}

/** The undo set without the sudoers drop-in (none was written: the account asks for its password). */
function withoutSudoers(undo: ReadonlySet<AccountUndo>): Set<AccountUndo> {
  return new Set([...undo].filter((action) => action !== 'remove-sudoers'));
}

/**
 * Undoes what an account script may have done (account-script.ts: `undo`) and the default-user
 * steps after it, then stops the distribution: the same for a new account and a kept one.
 * Runs without the caller's signal, so a cancel still leaves the distribution as it was.
 */
export async function rollBackAccount(options: {
  distro: string;
  user: string;
  undo: ReadonlySet<AccountUndo>;
  /** /etc/wsl.conf as it was (undefined: there was none). */
  originalWslConf: string | undefined;
  registryDefault: 'set' | 'unsupported';
  call: WslCallOptions;
}): Promise<void> {
  const { distro, user, undo } = options;
  const call: WslCallOptions = { ...options.call, signal: undefined };
  const asRoot = (name: string, command: string[]) => execInDistro({ ...call, distro, user: 'root', name, command }).catch(() => undefined);
  if (undo.has('remove-user')) await asRoot('userdel', ['sh', '-c', 'if grep -q "^$1:" /etc/passwd; then userdel -r "$1" 2>/dev/null || userdel "$1"; fi', 'sh', user]);
  if (undo.has('remove-sudoers')) await asRoot('remove sudoers drop-in', ['rm', '-f', `/etc/sudoers.d/${user}`, `/etc/sudoers.d/${user}.azl-new`]);
  if (undo.has('restore-wsl-conf')) {
    if (options.originalWslConf === undefined) await asRoot('remove wsl.conf', ['rm', '-f', WSL_CONF]);
    else await writeRootFile(distro, WSL_CONF, '0644', options.originalWslConf, call).catch(() => undefined);
  }
  if (options.registryDefault === 'set') await setDefaultUser(distro, 'root', call).catch(() => undefined);
  await terminateDistro(distro, call).catch(() => undefined);
}

/**
 * The steps of an account setup: each reported as progress, none started after a cancel, and
 * the current one remembered for the error that names where it failed.
 */
export class AccountSteps {
  constructor(
    private readonly work: WorkOptions,
    public current: { id: string; label: string },
  ) {}

  async run<T>(id: string, label: string, fn: () => Promise<T>): Promise<T> {
    throwIfAborted(this.work.signal, 'Account setup');
    this.current = { id, label };
    return runStep(this.work, id, label, fn);
  }
}

/** Refuses unless plain `wsl -d NAME` starts as `user`, naming who it starts as. */
export async function requireDefaultUser(distro: string, user: string, call: WslCallOptions): Promise<void> {
  const check = await execChecked({ ...call, distro, name: 'verify default user', command: ['id', '-un'] });
  const actual = check.stdout.toString('utf8').trim();
  if (actual !== user) throw new AzlError('ACCOUNT_SETUP_FAILED', `The distribution still starts as "${actual}" instead of "${user}".`);
}

/** Whether `user` exists in the distribution and is what plain `wsl -d NAME` starts as. */
export async function isDefaultUser(distro: string, user: string, options: WslCallOptions): Promise<boolean> {
  const check = await execInDistro({ ...options, distro, name: 'check default user', command: ['id', '-un'] });
  return check.exitCode === 0 && check.stdout.toString('utf8').trim() === user;
}

/** The `[user] default` of the distribution's wsl.conf, if any. */
export async function readDefaultUserSetting(distro: string, options: WslCallOptions): Promise<string | undefined> {
  const text = (await readSnapshot(distro, options)).wslConf;
  return text === undefined ? undefined : parseWslConf(text).user?.default;
}
