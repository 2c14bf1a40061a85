/**
 * The one runner for everything that executes inside an image root: the profile's scripts
 * (`config.sh`, toolkit PostInstallScripts/FinalizeImageScripts), the image's own account
 * tools (useradd, chpasswd…) and any other command the build runs "chrooted". The code comes
 * from an untrusted description or package, so it runs in a bubblewrap sandbox where the image
 * root is the only file system it can reach:
 *
 * - new mount, PID, IPC, UTS (and cgroup) namespaces; no network namespace shared unless the
 *   caller asks for it (`network: 'host'`), so by default only a loopback device exists;
 * - the root bind-mounted and entered with `pivot_root` (bubblewrap never uses chroot, and
 *   detaches the old root), so no `..` or second chroot can climb out; no host mount is there;
 * - a private /proc (its own PID namespace) with /proc/sys, /proc/sysrq-trigger and the other
 *   kernel-wide switches read-only, and the kernel-memory files masked;
 * - a minimal /dev (null, zero, full, random, urandom, tty, a private devpts), the image's own
 *   /dev hidden; every mount nosuid and nodev;
 * - only the capabilities a root script needs to own and chmod files and switch users;
 *   CAP_SYS_CHROOT, CAP_MKNOD, CAP_SYS_ADMIN, CAP_SYS_MODULE and every other one dropped, with
 *   no way back (no_new_privs, locked securebits);
 * - a clean environment (SANDBOX_ENV plus what the caller passes), its own session (no
 *   terminal injection), and it dies with the build.
 *
 * The same runner is used inside the WSL builder distro, which installs bubblewrap as a
 * prerequisite. It is the one runner for bubblewrap (common/program-runner.ts, on run-program.ts:
 * argument arrays, cancel kills the group, per-call success codes and expected failures).
 */
import { existsSync } from 'node:fs';
import { programRunner, type ProgramCall, type ProgramResult } from '../../common/program-runner.js';

/** The environment sandboxed commands start with: nothing from the host leaks in. */
export const SANDBOX_ENV: Readonly<Record<string, string>> = Object.freeze({
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C.UTF-8',
  TERM: 'dumb',
});

/** The hostname inside the sandbox (its own UTS namespace). */
const SANDBOX_HOSTNAME = 'azl-wsl-build';

/**
 * Capabilities kept: what a root script configuring files needs (owners, modes, file
 * capabilities, switching users for `su -c`/`runuser`, signalling its own children). Docker's
 * default set without CAP_MKNOD, CAP_SYS_CHROOT and CAP_NET_RAW.
 */
export const SANDBOX_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_SETFCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_AUDIT_WRITE',
];

/** Kernel-wide switches under /proc made read-only (as container runtimes do). */
const READ_ONLY_PROC = ['/proc/sys', '/proc/sysrq-trigger', '/proc/irq', '/proc/bus', '/proc/fs'];
/** /proc files that show kernel memory or other processes' secrets, hidden behind /dev/null. */
const MASKED_PROC = ['/proc/kcore', '/proc/keys', '/proc/timer_list', '/proc/kallsyms'];

/** Failures of the sandbox itself (bubblewrap's own messages), for callers to expect or report. */
export type SandboxError = 'COMMAND_NOT_FOUND' | 'NAMESPACES_REFUSED';

const SANDBOX_ERRORS: Readonly<Record<SandboxError, RegExp>> = {
  /** The program to run is not in the image. */
  COMMAND_NOT_FOUND: /^bwrap: execvp [^\n]*: No such file or directory/m,
  /** The kernel or a container around the build refuses new namespaces. */
  NAMESPACES_REFUSED: /^bwrap: (?:Creating new namespace failed|No permissions to creat|setting up uid map)/m,
};

export interface SandboxOptions extends Pick<ProgramCall<SandboxError>, 'successExitCodes' | 'expectedErrors' | 'failure' | 'onStdout' | 'onStderr' | 'onLine'> {
  /** The image root (host path); it becomes `/`. */
  root: string;
  /** Program and arguments, resolved inside the image. */
  command: readonly string[];
  /** Name for logs and errors, e.g. "config.sh". */
  name: string;
  /** Added to SANDBOX_ENV. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Written to stdin (passwords for chpasswd travel here, never in argv). */
  stdin?: string | Buffer;
  signal?: AbortSignal;
  /** `none` (default): a network namespace of its own with only loopback; `host`: the build machine's network. */
  network?: 'none' | 'host';
}

/** The bubblewrap arguments for a run (exposed for tests and for reading). */
export function sandboxArgs(options: Pick<SandboxOptions, 'root' | 'command' | 'env' | 'network'>, exists: (path: string) => boolean = existsSync): string[] {
  const args = [
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    ...(options.network === 'host' ? [] : ['--unshare-net']),
    '--hostname', SANDBOX_HOSTNAME,
    '--die-with-parent',
    '--new-session',
    '--bind', options.root, '/',
    '--proc', '/proc',
    '--dev', '/dev',
  ];
  for (const path of READ_ONLY_PROC) if (exists(path)) args.push('--ro-bind', path, path);
  for (const path of MASKED_PROC) if (exists(path)) args.push('--ro-bind', '/dev/null', path);
  args.push('--cap-drop', 'ALL');
  for (const capability of SANDBOX_CAPABILITIES) args.push('--cap-add', capability);
  args.push('--clearenv');
  for (const [key, value] of Object.entries({ ...SANDBOX_ENV, ...options.env })) if (value !== undefined) args.push('--setenv', key, value);
  args.push('--chdir', '/', '--', ...options.command);
  return args;
}

const runBubblewrap = programRunner<SandboxError>({
  program: 'bwrap',
  knownErrors: SANDBOX_ERRORS,
  // Only what finds bwrap itself; the command inside gets --clearenv and SANDBOX_ENV.
  environment: () => ({ PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' }),
  missingMessage: 'bubblewrap (bwrap) is needed to run the profile\'s scripts and the image\'s tools safely.',
  missingHint: 'Install it ("apt-get install bubblewrap", "dnf install bubblewrap"), then run the build again.',
});

/**
 * Runs a command inside the image root in the sandbox. Like every program runner: resolves when
 * the command exits with one of the call's success codes (default 0) or fails in a way the call
 * expects, throws the call's `failure` (default PROGRAM_FAILED with the output) otherwise, and
 * rejects when bubblewrap is missing or on cancel.
 */
export function runInImage(options: SandboxOptions): Promise<ProgramResult<SandboxError>> {
  const { root, command, env, network, ...call } = options;
  return runBubblewrap(sandboxArgs({ root, command, env, network }), call);
}
