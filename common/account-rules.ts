/**
 * The rules for the first Linux account, shared by every path that creates one: the image's
 * own first-run script (rendered from these values), the installer, the unattended answer
 * file and the desktop wizard. One module, so the three can never disagree.
 */

/** Linux user names WSL setups accept (Ubuntu's and Fedora's first-run scripts use the same). */
export const USER_NAME_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;

/** The pattern as a POSIX ERE, for the first-run shell script (`grep -Eq`). */
export const USER_NAME_ERE = '^[a-z_][a-z0-9_-]{0,31}$';

/** System accounts a person must never take over, whatever the image's passwd says. */
export const RESERVED_USER_NAMES: ReadonlySet<string> = new Set([
  'root', 'bin', 'daemon', 'adm', 'lp', 'sync', 'shutdown', 'halt', 'mail', 'news', 'uucp',
  'operator', 'games', 'gopher', 'ftp', 'nobody', 'dbus', 'polkitd', 'sshd', 'systemd-network',
  'systemd-resolve', 'systemd-timesync', 'systemd-coredump', 'systemd-oom', 'tss', 'chrony',
  'messagebus', 'syslog', 'www-data', 'backup', 'list', 'irc', 'gnats', 'proxy', 'sys', 'man',
  'sudo', 'wheel', 'users', 'nogroup', 'input', 'kvm', 'render', 'video', 'audio', 'utmp',
]);

/** The uid WSL expects for the first account (`oobe.defaultUid`, validator rule). */
export const FIRST_USER_UID = 1000;

/** The highest uid of a person's account (60000 and up are nobody's on Fedora-like systems). */
export const LAST_USER_UID = 59999;

/** True for the uid of a person's account (not root, not a system account). */
export function isPersonUid(uid: number): boolean {
  return Number.isInteger(uid) && uid >= FIRST_USER_UID && uid <= LAST_USER_UID;
}

/**
 * The first uid from 1000 up that no account uses: what a second account gets when an image
 * (an exported distribution, say) already has someone at 1000. Undefined when all are taken.
 */
export function nextFreeUid(taken: Iterable<number>): number | undefined {
  const used = new Set(taken);
  for (let uid = FIRST_USER_UID; uid <= LAST_USER_UID; uid++) if (!used.has(uid)) return uid;
  return undefined;
}

/** Azure Linux administers through `wheel`; `sudo` does not exist there. */
export const ADMIN_GROUP = 'wheel';

export type AccountRuleViolation =
  | { rule: 'user-empty'; message: string }
  | { rule: 'user-pattern'; message: string }
  | { rule: 'user-reserved'; message: string }
  | { rule: 'user-exists'; message: string }
  | { rule: 'password-empty'; message: string }
  | { rule: 'password-control'; message: string }
  | { rule: 'password-long'; message: string }
  | { rule: 'password-mismatch'; message: string };

/**
 * Checks a proposed user name. `existing` holds the names already in the image's passwd,
 * when known. Returns the first broken rule, or undefined when the name is acceptable.
 */
export function checkUserName(name: string, existing: Iterable<string> = []): AccountRuleViolation | undefined {
  if (name.length === 0) return { rule: 'user-empty', message: 'Enter a user name.' };
  if (!USER_NAME_PATTERN.test(name)) {
    return {
      rule: 'user-pattern',
      message:
        'A user name starts with a lower-case letter or "_", then up to 31 lower-case letters, digits, "_" or "-".',
    };
  }
  if (RESERVED_USER_NAMES.has(name)) {
    return { rule: 'user-reserved', message: `"${name}" is a system account; choose another name.` };
  }
  for (const taken of existing) {
    if (taken === name) return { rule: 'user-exists', message: `The user "${name}" already exists in this distribution.` };
  }
  return undefined;
}

/**
 * Longest password accepted (bytes of UTF-8): far above any passphrase, and a bound on what
 * `--password-stdin` reads, so a stream of gigabytes on stdin is refused, not held in memory.
 */
export const MAX_PASSWORD_BYTES = 4096;

/**
 * Checks a password without ever echoing it. NUL, CR and LF are refused because `chpasswd`
 * reads `user:password` lines: a newline would inject a second line.
 */
export function checkPassword(
  password: string,
  options: { allowEmpty?: boolean; confirmation?: string } = {},
): AccountRuleViolation | undefined {
  if (password.length === 0 && !options.allowEmpty) {
    return { rule: 'password-empty', message: 'Enter a password, or choose passwordless mode.' };
  }
  if (/[\0\r\n]/.test(password)) {
    return { rule: 'password-control', message: 'A password cannot contain line breaks or NUL characters.' };
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    return { rule: 'password-long', message: `A password can be at most ${MAX_PASSWORD_BYTES} bytes long.` };
  }
  if (options.confirmation !== undefined && options.confirmation !== password) {
    return { rule: 'password-mismatch', message: 'The two passwords do not match.' };
  }
  return undefined;
}

/** A SHA-512 crypt hash as `chpasswd -e` accepts it ($6$salt$hash, optional rounds=). */
export const SHA512_CRYPT_PATTERN = /^\$6\$(rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}$/;

export function isSha512CryptHash(value: string): boolean {
  return SHA512_CRYPT_PATTERN.test(value);
}

/**
 * Suggests a Linux user name from a Windows user name ("Jane.Doe" → "jane_doe",
 * "Ærø Admin" → "r_admin"), or undefined when nothing usable is left.
 */
export function suggestUserName(windowsUserName: string | undefined, existing: Iterable<string> = []): string | undefined {
  if (!windowsUserName) return undefined;
  let name = windowsUserName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z_]+/, '')
    .replace(/_+/g, '_')
    .replace(/^_+(?=[a-z])/, '')
    .replace(/[_-]+$/, '')
    .slice(0, 32);
  if (name.length === 0) return undefined;
  const taken = new Set(existing);
  if (RESERVED_USER_NAMES.has(name) || taken.has(name)) {
    const base = name.slice(0, 30);
    const free = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((n) => `${base}${n}`).find((c) => !taken.has(c));
    if (!free) return undefined;
    name = free;
  }
  return checkUserName(name) ? undefined : name;
}
