/**
 * Running programs inside a distribution: `wsl -d N -u U -e prog args…`.
 *
 * `-e` execs the program directly (no Linux shell re-parsing the text), so arguments arrive
 * as given. Secrets travel on stdin only, never in argv.
 */
import { AzlError } from '../../common/errors.js';
import { runWsl, type WslCallOptions, type WslResult } from './wsl-runner.js';
import { wslDetail, wslFailure } from './wsl-errors.js';

export interface ExecOptions extends WslCallOptions {
  distro: string;
  /** Linux user; default: the distribution's default user. */
  user?: string;
  /** Program and arguments. */
  command: readonly string[];
  /** Fed to the program's stdin (passwords, file contents). Never logged. */
  stdin?: string | Buffer;
  /** Log name; defaults to the program name. */
  name?: string;
}

/** The argument array for running a command (exposed for tests). */
export function execArgs(options: Pick<ExecOptions, 'distro' | 'user' | 'command'>): string[] {
  const args = ['-d', options.distro];
  if (options.user !== undefined) args.push('-u', options.user);
  return [...args, '-e', ...options.command];
}

/** Runs a program in the distribution; resolves with the result whatever its exit code. */
export function execInDistro(options: ExecOptions): Promise<WslResult> {
  return runWsl(execArgs(options), { ...options, name: options.name ?? `exec ${options.command[0]}` });
}

/**
 * Runs a program and throws unless it exits 0: wsl.exe failures map to their AzlError,
 * a Linux program's own failure to PROGRAM_FAILED with its stderr (never its stdin).
 */
export async function execChecked(options: ExecOptions): Promise<WslResult> {
  const result = await execInDistro(options);
  if (result.exitCode === 0) return result;
  if (result.failed && result.error) throw wslFailure(result, `Running ${options.command[0]} in ${options.distro}`);
  throw new AzlError('PROGRAM_FAILED', `${options.command[0]} failed in ${options.distro} with exit code ${result.exitCode}.`, {
    detail: wslDetail(result),
  });
}

/**
 * Starts the distribution's default shell with no command, as a first interactive launch
 * does, feeding `stdin` (usually empty). This is the only launch that runs a pending first-run
 * (OOBE) command, so it is how a --from-file install gets its first-run cleared.
 */
export function launchDistro(distro: string, options: WslCallOptions & { stdin?: string | Buffer } = {}): Promise<WslResult> {
  return runWsl(['-d', distro], { ...options, name: 'launch' });
}
