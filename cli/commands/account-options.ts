/**
 * The first-account options shared by `install` and `setup-user`: from flags, from a password
 * on stdin, or by asking on the terminal. The same rules (common/account-rules.ts) as the
 * first-run script, the answer file and the desktop wizard.
 */
import { readFile } from 'node:fs/promises';
import { FIRST_USER_UID, LAST_USER_UID, checkPassword, checkUserName, isPersonUid, isSha512CryptHash, suggestUserName } from '../../common/account-rules.js';
import { AzlError, isAzlError } from '../../common/errors.js';
import { AccountClashError } from '../../wsl/account/validate-account.js';
import type { AccountPassword, AccountRequest } from '../../wsl/account/account-options.js';
import type { CommandContext } from '../command.js';
import { usageError } from '../output/usage-error.js';
import { createPrompter, readAllStdin } from '../prompts/terminal-prompt.js';

export const ACCOUNT_OPTIONS = {
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'password-hash': { type: 'string' },
  'no-password': { type: 'boolean' },
  sudo: { type: 'string' },
  group: { type: 'string', multiple: true },
  'ssh-key': { type: 'string', multiple: true },
  uid: { type: 'string' },
} as const;

/** Shell completion for the account options' values. */
export const ACCOUNT_COMPLETIONS = { sudo: ['password', 'nopasswd'], 'ssh-key': 'file' } as const;

export const ACCOUNT_HELP = `  --user NAME            the first Linux user (asked for on a terminal when missing)
  --password-stdin       read the password from stdin (never pass it as an argument)
  --password-hash HASH   a SHA-512 crypt hash ($6$…) instead of a password
  --no-password          passwordless account (implies --sudo nopasswd)
  --sudo MODE            password (default: sudo asks for the user's password) | nopasswd
  --group NAME           extra group besides wheel (repeatable)
  --ssh-key FILE         public key for ~/.ssh/authorized_keys (repeatable)
  --uid N                the account's uid (default 1000; an exported distribution already
                         has someone there: use the next free uid, which the error names)`;

export interface AccountOptionValues {
  user?: string;
  'password-stdin'?: boolean;
  'password-hash'?: string;
  'no-password'?: boolean;
  sudo?: string;
  group?: string[];
  'ssh-key'?: string[];
  uid?: string;
}

/** Attempts at a name or password on the terminal before giving up. */
const MAX_ATTEMPTS = 3;

function parseSudo(command: string, value: string | undefined, passwordless: boolean): 'password' | 'nopasswd' {
  if (value === undefined) return passwordless ? 'nopasswd' : 'password';
  if (value !== 'password' && value !== 'nopasswd') throw usageError(`--sudo is "password" or "nopasswd", not "${value}".`, command);
  if (value === 'password' && passwordless) {
    // A passwordless wheel user with password-required sudo can never administer the distro.
    throw usageError('--no-password with --sudo password would leave the user unable to use sudo; use --sudo nopasswd.', command);
  }
  return value;
}

/** `--uid N`: a whole number in the range of people's accounts. */
export function parseUid(command: string, text: string): number {
  const uid = Number(text);
  if (!/^\d+$/.test(text) || !isPersonUid(uid)) throw usageError(`--uid ${text} is not a uid for a person's account; use a whole number from ${FIRST_USER_UID} to ${LAST_USER_UID}.`, command);
  return uid;
}

/**
 * The error of an account that clashes with one the distribution has, with a next step that
 * works from this command line: keep the existing account, or create another at the next free
 * uid. `keep` says how to keep it (a flag of this command, or another command).
 */
export function withClashHint(error: unknown, keep: (user: string) => string): unknown {
  const clash = error instanceof AccountClashError ? error : (error as { cause?: unknown })?.cause instanceof AccountClashError ? ((error as { cause: AccountClashError }).cause) : undefined;
  if (!clash || !isAzlError(error)) return error;
  const another = clash.nextFreeUid === undefined ? '' : `, or create another account with ${clash.clash === 'name' ? `another --user and ` : ''}--uid ${clash.nextFreeUid}`;
  return new AzlError(error.code, error.message, { hint: `Keep ${clash.existingUser}: ${keep(clash.existingUser)}${another}.`, detail: error.detail, cause: error });
}

/** Builds the account request from flags, stdin or terminal questions; undefined only when `allowNone`. */
export async function accountFromOptions(
  command: string,
  values: AccountOptionValues,
  context: CommandContext,
  options: { allowNone: boolean },
): Promise<AccountRequest | undefined> {
  const uid = values.uid !== undefined ? parseUid(command, values.uid) : undefined;
  const sources = ['password-stdin', 'password-hash', 'no-password'].filter((key) => values[key as keyof AccountOptionValues]);
  if (sources.length > 1) throw usageError(`Choose one of --${sources.join(', --')}.`, command);
  const interactive = Boolean(context.stdin.isTTY) && context.isTTY;
  const prompter = createPrompter(context.stdin, context.stderr);

  let user = values.user;
  if (user === undefined) {
    if (!interactive) {
      if (options.allowNone) return undefined;
      throw usageError('--user is required when not running on a terminal.', command);
    }
    const suggestion = suggestUserName(context.env.USERNAME ?? context.env.USER);
    for (let attempt = 1; user === undefined; attempt++) {
      const answer = await prompter.ask('Linux user name', suggestion);
      const problem = checkUserName(answer);
      if (!problem) user = answer;
      else if (attempt >= MAX_ATTEMPTS) throw new AzlError('USER_NAME_INVALID', problem.message, { hint: 'Run the command again with a valid --user.' });
      else context.stderr(`${problem.message}\n`);
    }
  }
  const nameProblem = checkUserName(user);
  if (nameProblem) throw new AzlError('USER_NAME_INVALID', nameProblem.message, { hint: 'Choose another --user; nothing was changed.' });

  let password: AccountPassword;
  if (values['no-password']) password = { kind: 'none' };
  else if (values['password-hash'] !== undefined) {
    if (!isSha512CryptHash(values['password-hash'])) {
      throw new AzlError('PASSWORD_INVALID', '--password-hash must be a SHA-512 crypt hash ($6$salt$…).', {
        hint: 'Make one with `openssl passwd -6` and pass it in single quotes.',
      });
    }
    password = { kind: 'hash', value: values['password-hash'] };
  } else if (values['password-stdin']) {
    const value = await readAllStdin(context.stdin);
    const problem = checkPassword(value);
    if (problem) throw new AzlError('PASSWORD_INVALID', problem.message, { hint: 'Pipe exactly one password line on stdin.' });
    password = { kind: 'plain', value };
  } else if (interactive) {
    password = { kind: 'plain', value: await askNewPassword(prompter, context) };
  } else {
    throw usageError('Give the password with --password-stdin, --password-hash or --no-password when not running on a terminal.', command);
  }

  const sshPublicKeys = await Promise.all((values['ssh-key'] ?? []).map(async (file) => (await readFile(file, 'utf8')).trim()));
  return {
    user,
    password,
    sudo: parseSudo(command, values.sudo, password.kind === 'none'),
    groups: values.group,
    sshPublicKeys,
    ...(uid !== undefined ? { uid } : {}),
  };
}

async function askNewPassword(prompter: ReturnType<typeof createPrompter>, context: CommandContext): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const value = await prompter.askHidden('New password');
    const confirmation = await prompter.askHidden('Retype new password');
    const problem = checkPassword(value, { confirmation });
    if (!problem) return value;
    if (attempt >= MAX_ATTEMPTS) throw new AzlError('PASSWORD_INVALID', problem.message, { hint: 'Run the command again.' });
    context.stderr(`${problem.message}\n`);
  }
}
