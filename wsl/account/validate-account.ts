/** Checks an account request before anything in the distribution changes. */
import { AzlError } from '../../common/errors.js';
import { FIRST_USER_UID, LAST_USER_UID, checkPassword, checkUserName, isSha512CryptHash, nextFreeUid } from '../../common/account-rules.js';
import type { AccountRequest } from './account-options.js';
import { isValidConfName } from './wsl-conf.js';

/** Group names as shadow-utils accepts them. */
const GROUP_NAME_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;

/** Whether `name` is a group name shadow-utils accepts. */
export function isValidGroupName(name: string): boolean {
  return GROUP_NAME_PATTERN.test(name);
}

/** Whether `key` is one OpenSSH public key line (`type base64 [comment]`). */
export function isSshPublicKey(key: string): boolean {
  return SSH_KEY_PATTERN.test(key.trim());
}
/** OpenSSH public key types we accept on one line (`type base64 [comment]`). */
const SSH_KEY_PATTERN = /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( [^\r\n]*)?$/;
/** uids below this are system accounts; 60000+ is nobody's range on Fedora-like systems. */
const MIN_USER_UID = FIRST_USER_UID;
const MAX_USER_UID = LAST_USER_UID;

/**
 * The account asked for collides with one the distribution already has (its name, or its uid):
 * the usual case is an exported distribution installed again. Carries what a caller needs to
 * offer the two ways on (keep the existing account, or create another at the next free uid).
 */
export class AccountClashError extends AzlError {
  constructor(
    readonly clash: 'name' | 'uid',
    /** The account that is already there. */
    readonly existingUser: string,
    /** The first free uid from 1000 up, for another account. */
    readonly nextFreeUid: number | undefined,
    message: string,
    hint: string,
  ) {
    super('USER_EXISTS', message, { hint });
  }
}

export interface PasswdEntry {
  name: string;
  uid: number;
  home: string;
  shell: string;
}

/** Parses /etc/passwd lines (malformed lines are skipped). */
export function parsePasswd(text: string): PasswdEntry[] {
  return text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 7 && fields[0].length > 0)
    .map((fields) => ({ name: fields[0], uid: Number(fields[2]), home: fields[5], shell: fields[6].trim() }));
}

/** Throws USER_NAME_INVALID / USER_EXISTS / PASSWORD_INVALID / USAGE for a bad request. */
export function validateAccountRequest(request: AccountRequest, passwd: PasswdEntry[]): void {
  const violation = checkUserName(request.user, passwd.map((entry) => entry.name));
  const free = nextFreeUid(passwd.map((entry) => entry.uid));
  if (violation?.rule === 'user-exists') {
    throw new AccountClashError('name', request.user, free, violation.message, 'Keep using the existing account (make it the default user), or choose another user name; the existing account was left as it is.');
  }
  if (violation) throw new AzlError('USER_NAME_INVALID', violation.message, { hint: 'Choose another user name.' });
  const uid = request.uid ?? MIN_USER_UID;
  if (!Number.isInteger(uid) || uid < MIN_USER_UID || uid > MAX_USER_UID) {
    throw new AzlError('USAGE', `The uid ${uid} is outside the range for people (${MIN_USER_UID}–${MAX_USER_UID}).`, { hint: 'Leave the uid out to use 1000.' });
  }
  const owner = passwd.find((entry) => entry.uid === uid);
  if (owner) {
    throw new AccountClashError(
      'uid',
      owner.name,
      free,
      `The uid ${uid} already belongs to "${owner.name}" in this distribution.`,
      `Create the account with another uid${free !== undefined ? ` (${free} is the next free one)` : ''}, or keep using "${owner.name}" (make it the default user).`,
    );
  }
  const password = request.password ?? { kind: 'none' };
  if (password.kind === 'plain') {
    const problem = checkPassword(password.value);
    if (problem) throw new AzlError('PASSWORD_INVALID', problem.message, { hint: 'Enter another password.' });
  } else if (password.kind === 'hash' && !isSha512CryptHash(password.value)) {
    throw new AzlError('PASSWORD_INVALID', 'The password hash is not a SHA-512 crypt hash ($6$…).', {
      hint: 'Create one with "openssl passwd -6" or "mkpasswd -m sha-512".',
    });
  }
  if (password.kind === 'none' && request.sudo === 'password') {
    // users.md pitfall 6: a passwordless admin who must type a password for sudo is stuck.
    throw new AzlError('PASSWORD_INVALID', 'A passwordless account cannot use sudo when sudo asks for a password.', {
      hint: 'Give the account a password, or choose passwordless sudo (nopasswd).',
    });
  }
  for (const group of request.groups ?? []) {
    if (!GROUP_NAME_PATTERN.test(group)) {
      throw new AzlError('USAGE', `"${group}" is not a valid group name.`, { hint: 'Use lower-case letters, digits, "_" or "-".' });
    }
  }
  for (const key of request.sshPublicKeys ?? []) {
    if (!SSH_KEY_PATTERN.test(key.trim())) {
      throw new AzlError('USAGE', 'An SSH public key is not a single "type base64 [comment]" line.', {
        hint: 'Paste the contents of a .pub file (for example ~/.ssh/id_ed25519.pub).',
      });
    }
  }
  for (const [section, keys] of Object.entries(request.wslConfExtra ?? {})) {
    for (const [key, value] of Object.entries(keys)) {
      if (!isValidConfName(section) || !isValidConfName(key) || /[\r\n]/.test(String(value))) {
        throw new AzlError('USAGE', `The wsl.conf setting "${section}.${key}" is not valid.`, {
          hint: 'Use names of letters, digits, ".", "_" or "-" and single-line values.',
        });
      }
    }
  }
}
