/**
 * The root scripts that set up an account in ONE wsl.exe call each (each call costs a process
 * start), generated from tables: each part's id and label (the progress step and the error
 * name it), its exit code and its shell. A script runs its parts in table order and a failing
 * part exits with its own code, so the installer can say which step failed and roll back exactly
 * the parts that may have run; neither can drift from the script, because both read the table.
 *
 * The first account's positional arguments (every value a user typed is one, never spliced into the text):
 * $1 user, $2 uid, $3 groups (comma-separated), $4 shell, $5 password kind (none|plain|hash),
 * $6 sudo (password|nopasswd), $7 SSH public keys (newline-separated, may be empty),
 * $8 the wsl.conf path, $9 its new content; ${10} and ${11} optionally a root-owned file to
 * write first (the installer's /etc/azl-wsl/install.json) and its content; stdin:
 * `user:password` for chpasswd. Missing groups become system groups (wheel on a minimal image,
 * or e.g. docker before docker is installed); files are written under a temporary name and
 * renamed into place.
 */

import { execInDistro } from '../driver/wsl-exec.js';
import type { WslCallOptions, WslResult } from '../driver/wsl-runner.js';

/** What rolling back a part that may have run takes. */
export type AccountUndo = 'remove-user' | 'remove-sudoers' | 'restore-wsl-conf';

export interface AccountScriptPart {
  /** The progress step id (and the `(id)` in an error). */
  id: string;
  /** The step as a user reads it. */
  label: (user: string) => string;
  /** What the script exits with when this part fails: above any program's own codes. */
  exitCode: number;
  /** The part's commands; a non-zero status fails it (it runs in a subshell of its own). */
  shell: string;
  undo?: AccountUndo;
}

/** Writes the text `content` names to `path` as a root-owned file, under a temporary name first, then renamed into place. */
function writeRootFile(path: string, content: string, mode: string): string {
  return `printf "%s" "${content}" > "${path}.azl-new" && chmod ${mode} "${path}.azl-new" && chown 0:0 "${path}.azl-new" && mv -f "${path}.azl-new" "${path}"`;
}

/** A script made from its parts, and what an exit status of it means. */
export class AccountScript {
  /** `set -f` (no globbing of values), then each part in a subshell that exits with the part's code on failure. */
  readonly text: string;

  constructor(readonly parts: readonly AccountScriptPart[]) {
    this.text = ['set -f', ...parts.map((part) => `(${part.shell}) || exit ${part.exitCode}`)].join('\n');
  }

  /** Runs the script as root in `distro` with its positional arguments; `stdin` carries the password, never argv. */
  run(distro: string, args: readonly string[], call: WslCallOptions & { name: string; stdin: string }): Promise<WslResult> {
    return execInDistro({ ...call, distro, user: 'root', command: ['sh', '-c', this.text, 'sh', ...args] });
  }

  /** The part an exit status of the script names, when it names one. */
  failedPart(exitCode: number): AccountScriptPart | undefined {
    return this.parts.find((part) => part.exitCode === exitCode);
  }

  /**
   * What to roll back after the script exited with `exitCode`: the undo of every part up to the
   * one that failed (the later ones never ran); all of them when the code names no part (wsl.exe
   * itself failed, or the call was cut off, so any part may have run).
   */
  undoAfter(exitCode: number): Set<AccountUndo> {
    const failed = this.failedPart(exitCode);
    const ran = failed ? this.parts.slice(0, this.parts.indexOf(failed) + 1) : this.parts;
    return new Set(ran.flatMap((part) => (part.undo ? [part.undo] : [])));
  }
}

/** The first account's script (setup-first-account.ts), in the order it runs. */
export const FIRST_ACCOUNT_SCRIPT = new AccountScript([
  {
    id: 'install-record',
    label: () => 'Recording the install',
    exitCode: 96,
    shell: `if [ -n "\${10}" ]; then d=$(dirname "\${10}") && mkdir -p "$d" && chmod 0755 "$d" && ${writeRootFile('${10}', '${11}', '0644')}; fi`,
  },
  {
    id: 'account-groups',
    label: () => 'Preparing groups',
    exitCode: 90,
    // set -f (below) keeps the group list from being globbed.
    shell: 'IFS=,; for g in $3; do grep -q "^$g:" /etc/group || groupadd -r "$g" || exit 1; done',
  },
  {
    id: 'account-create',
    label: (user) => `Creating the user ${user}`,
    exitCode: 91,
    // The new passwd line goes to stdout: the installer reads uid, home and shell from it.
    shell: 'useradd -m -u "$2" -G "$3" -s "$4" "$1" && grep "^$1:" /etc/passwd',
    undo: 'remove-user',
  },
  {
    id: 'account-password',
    label: () => 'Setting the password',
    exitCode: 92,
    shell: 'case "$5" in plain) chpasswd;; hash) chpasswd -e;; esac',
  },
  {
    id: 'account-sudo',
    label: () => 'Allowing sudo without a password',
    exitCode: 93,
    shell:
      'if [ "$6" = nopasswd ]; then s="/etc/sudoers.d/$1"; mkdir -p /etc/sudoers.d && printf "%s ALL=(ALL) NOPASSWD: ALL\\n" "$1" > "$s.azl-new" && chmod 0440 "$s.azl-new" && chown 0:0 "$s.azl-new" && ' +
      '{ ! command -v visudo >/dev/null 2>&1 || visudo -c -q -f "$s.azl-new" >&2 || { rm -f "$s.azl-new"; false; }; } && mv -f "$s.azl-new" "$s"; fi',
    undo: 'remove-sudoers',
  },
  {
    id: 'account-ssh',
    label: () => 'Installing SSH public keys',
    exitCode: 94,
    shell:
      'if [ -n "$7" ]; then h=$(grep "^$1:" /etc/passwd | cut -d: -f6) && g=$(id -g "$1") && mkdir -p "$h/.ssh" && chmod 0700 "$h/.ssh" && printf "%s\\n" "$7" >> "$h/.ssh/authorized_keys" && ' +
      'chmod 0600 "$h/.ssh/authorized_keys" && chown "$1:$g" "$h/.ssh" "$h/.ssh/authorized_keys"; fi',
  },
  {
    id: 'account-wsl-conf',
    label: () => 'Making the user the default in /etc/wsl.conf',
    exitCode: 95,
    shell: writeRootFile('$8', '$9', '0644'),
    undo: 'restore-wsl-conf',
  },
]);

/**
 * Keeping an account the distribution has (use-existing-account.ts): $1 user, $2 password kind
 * (keep|plain|hash), $3 the wsl.conf path, $4 its new content; stdin `user:password`.
 */
export const KEEP_ACCOUNT_SCRIPT = new AccountScript([
  { id: 'account-exists', label: (user) => `Finding the user ${user}`, exitCode: 90, shell: 'grep -q "^$1:" /etc/passwd' },
  { id: 'account-password', label: () => 'Setting the password', exitCode: 91, shell: 'case "$2" in plain) chpasswd;; hash) chpasswd -e;; esac' },
  {
    id: 'account-wsl-conf',
    label: () => 'Making the user the default in /etc/wsl.conf',
    exitCode: 92,
    shell: writeRootFile('$3', '$4', '0644'),
    undo: 'restore-wsl-conf',
  },
]);
