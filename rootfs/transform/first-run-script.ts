/**
 * The first-run script (`oobe.command`) we ship when the repositories have no `wsl-setup`.
 *
 * WSL runs it as root through `/bin/sh -c` on the user's terminal before the first interactive
 * shell, and keeps running it at every launch until it exits 0 (shared/docs/wsl-spec.md §1.1,
 * §5). So it exits 0 only when the account exists, is idempotent, and cleans up a half-made
 * account before failing. The name rule and reserved names are embedded from
 * common/account-rules.ts, so the image, the installer and the app apply one rule.
 */
import { ADMIN_GROUP, FIRST_USER_UID, RESERVED_USER_NAMES, USER_NAME_ERE } from '../../common/account-rules.js';

/** Where the script lives in the image (the validator wants oobe.command under /usr/lib/wsl). */
export const FIRST_RUN_SCRIPT_PATH = '/usr/lib/wsl/first-run.sh';

/** Wrong names before giving up; WSL re-runs the script at the next launch anyway. */
export const NAME_ATTEMPTS = 3;
/** Empty or mismatching passwords before giving up (the half-made account is then removed). */
export const PASSWORD_ATTEMPTS = 3;
/**
 * Accounts from this uid up are not people (Fedora's UID_MAX is 60000; `nobody` is 65534 and
 * systemd's dynamic users sit above it), so they do not count as "a user already exists".
 */
const PEOPLE_UID_LIMIT = 60000;

/** Single-quotes a value for sh; refuses quotes so the embedded rules can never break out. */
function shellLiteral(value: string): string {
  if (value.includes("'")) throw new Error(`cannot embed ${JSON.stringify(value)} in the first-run script`);
  return `'${value}'`;
}

export interface FirstRunScriptOptions {
  /** Shown in the header comment, e.g. "AzureLinux-3.0". */
  distroName: string;
}

/** Renders the POSIX sh first-run script. */
export function renderFirstRunScript(options: FirstRunScriptOptions): string {
  const reserved = [...RESERVED_USER_NAMES].sort();
  for (const name of reserved) {
    // Names are matched as space-separated words inside a `case` pattern.
    if (!/^[a-z_][a-z0-9_-]*$/.test(name)) throw new Error(`reserved name ${JSON.stringify(name)} cannot be embedded`);
  }
  const header = options.distroName.replace(/[^A-Za-z0-9._ -]/g, '_');
  return `#!/bin/sh
# First-run account setup for ${header}, written by azl-wsl because the repositories have no
# wsl-setup package. WSL runs this as root (/bin/sh -c) on the user's terminal before the first
# shell and keeps running it at every launch until it exits 0, then logs in as uid ${FIRST_USER_UID}
# (oobe.defaultUid). So: exit 0 only when the account exists; remove a half-made account before
# failing; never put the password in a command line or the environment.
set -u
# Keep the caller's PATH first (WSL's own), but make sure the shadow tools are reachable.
PATH="\${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export PATH

# From common/account-rules.ts: one rule for the image, the installer and the app.
USER_NAME_ERE=${shellLiteral(USER_NAME_ERE)}
RESERVED_NAMES=${shellLiteral(reserved.join(' '))}
FIRST_UID=${FIRST_USER_UID}
ADMIN_GROUP=${shellLiteral(ADMIN_GROUP)}
NAME_ATTEMPTS=${NAME_ATTEMPTS}
PASSWORD_ATTEMPTS=${PASSWORD_ATTEMPTS}
PEOPLE_UID_LIMIT=${PEOPLE_UID_LIMIT}

username=''
password=''
secret=''
created=0
finished=0
echo_off=0
cr=$(printf '\\r')

restore_echo() {
  if [ "$echo_off" = 1 ]; then
    stty echo 2>/dev/null
    echo_off=0
  fi
}

# Runs on every exit, including Ctrl+C: a half-made account would make the next launch skip setup.
cleanup() {
  restore_echo
  password=''
  secret=''
  if [ "$created" = 1 ] && [ "$finished" != 1 ]; then
    userdel -r "$username" >/dev/null 2>&1 || userdel "$username" >/dev/null 2>&1
    echo "The account \\"$username\\" was removed again; setup runs again at the next launch." >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT HUP TERM

# True when uid $FIRST_UID exists or a person (uid >= $FIRST_UID with a login shell) already has an account.
has_account() {
  getent passwd "$FIRST_UID" >/dev/null 2>&1 && return 0
  getent passwd 2>/dev/null | (
    while IFS=: read -r _name _pw uid _gid _gecos _home shell; do
      case $uid in '' | *[!0-9]*) continue ;; esac
      [ "$uid" -ge "$FIRST_UID" ] && [ "$uid" -lt "$PEOPLE_UID_LIMIT" ] || continue
      case $shell in '' | */nologin | */false) continue ;; esac
      exit 0
    done
    exit 1
  )
}

name_ok() {
  if [ -z "$1" ]; then
    echo "Enter a user name." >&2
    return 1
  fi
  if ! printf '%s\\n' "$1" | LC_ALL=C grep -Eq -- "$USER_NAME_ERE"; then
    echo "A user name starts with a lower-case letter or \\"_\\", then up to 31 lower-case letters, digits, \\"_\\" or \\"-\\"." >&2
    return 1
  fi
  case " $RESERVED_NAMES " in
    *" $1 "*)
      echo "\\"$1\\" is a system account; choose another name." >&2
      return 1
      ;;
  esac
  if getent passwd "$1" >/dev/null 2>&1; then
    echo "The user \\"$1\\" already exists in this distribution." >&2
    return 1
  fi
  if getent group "$1" >/dev/null 2>&1; then
    echo "A group named \\"$1\\" already exists; choose another name." >&2
    return 1
  fi
  return 0
}

# Reads one line into $secret without echo when on a terminal; fails at end of input.
read_secret() {
  secret=''
  printf '%s' "$1"
  if [ -t 0 ] && stty -echo 2>/dev/null; then echo_off=1; fi
  IFS= read -r secret || [ -n "$secret" ]
  status=$?
  restore_echo
  printf '\\n'
  return $status
}

if has_account; then
  exit 0
fi

attempt=0
while :; do
  attempt=$((attempt + 1))
  if [ "$attempt" -gt "$NAME_ATTEMPTS" ]; then
    echo "No account was created; setup runs again at the next launch." >&2
    exit 1
  fi
  printf 'Enter new UNIX username: '
  if ! { IFS= read -r username || [ -n "$username" ]; }; then
    printf '\\n'
    echo "No user name was entered; setup runs again at the next launch." >&2
    exit 1
  fi
  if name_ok "$username"; then
    break
  fi
done

login_shell=/bin/sh
if [ -x /bin/bash ]; then
  login_shell=/bin/bash
fi
if ! getent group "$ADMIN_GROUP" >/dev/null 2>&1; then
  groupadd -r "$ADMIN_GROUP" || {
    echo "Could not create the $ADMIN_GROUP group." >&2
    exit 1
  }
fi
if ! useradd -m -G "$ADMIN_GROUP" -u "$FIRST_UID" -s "$login_shell" "$username"; then
  # useradd can fail after writing passwd (e.g. the home folder); the name was free, so it is ours.
  if getent passwd "$username" >/dev/null 2>&1; then
    created=1
  fi
  echo "Could not create the user \\"$username\\"." >&2
  exit 1
fi
created=1

tries=0
while :; do
  tries=$((tries + 1))
  if [ "$tries" -gt "$PASSWORD_ATTEMPTS" ]; then
    echo "No password was set." >&2
    exit 1
  fi
  if ! read_secret 'New password: '; then
    echo "No password was entered." >&2
    exit 1
  fi
  password=$secret
  if [ -z "$password" ]; then
    echo "Enter a password: $ADMIN_GROUP members need it for sudo." >&2
    continue
  fi
  case $password in
    *"$cr"*)
      echo "A password cannot contain line breaks." >&2
      continue
      ;;
  esac
  if ! read_secret 'Retype new password: '; then
    echo "No password was entered." >&2
    exit 1
  fi
  if [ "$secret" != "$password" ]; then
    echo "The two passwords do not match." >&2
    continue
  fi
  break
done

# printf is a shell builtin, so the password travels only through the pipe to chpasswd's stdin.
if ! printf '%s:%s\\n' "$username" "$password" | chpasswd; then
  echo "Could not set the password for \\"$username\\"." >&2
  exit 1
fi
password=''
secret=''

if ! id -u "$username" >/dev/null 2>&1; then
  echo "The user \\"$username\\" is missing after setup." >&2
  exit 1
fi
finished=1
echo "The account \\"$username\\" is ready. It is in the $ADMIN_GROUP group: sudo asks for this password."
exit 0
`;
}
