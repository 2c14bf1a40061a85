/**
 * The one runner for every wsl.exe call.
 *
 * Like dugite for git: it resolves with the exit code and parsed output even when wsl.exe
 * fails, and rejects only when wsl.exe cannot start (WSL_MISSING) or the call was cancelled.
 * The verb modules (wsl-list.ts, wsl-import.ts…) decide what a failure means.
 */
import { AzlError } from '../../common/errors.js';
import { runProgram, startProgram } from '../../common/run-program.js';
import { decodeWslText, parseWslErrorCode, type WslErrorCode } from './wsl-text.js';

/** Where wsl.exe is looked up when no path is given (PATH lookup, as Windows does). */
export const DEFAULT_WSL_PATH = 'wsl.exe';

/**
 * Exit codes meaning "wsl.exe itself failed": -1 as Windows reports it, its unsigned form as
 * Node sees it on Windows, and 255 from the Linux simulator (an exit status is one byte there).
 */
export const WSL_FAILURE_EXIT_CODES: ReadonlySet<number> = new Set([-1, 255, 4294967295]);

/** What a shell returns when the program it was asked to run does not exist. */
const SHELL_NOT_FOUND_EXIT = 127;

/** Receives one line per wsl.exe call; never sees stdin. */
export interface WslLogger {
  (entry: WslLogEntry): void;
}

export interface WslLogEntry {
  /** The caller's name for the call, e.g. "import". */
  name: string;
  args: readonly string[];
  exitCode: number;
  /** The parsed error token, when wsl.exe failed with one. */
  token?: string;
}

/** Options every wsl.exe call accepts: where wsl.exe is, its environment, cancel and log. */
export interface WslCallOptions {
  /** Path of wsl.exe (the simulator's path in tests). */
  wslPath?: string;
  /** Extra environment for wsl.exe, merged over process.env. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  logger?: WslLogger;
}

export interface RunWslOptions extends WslCallOptions {
  /** Short name for the log, e.g. "list". */
  name: string;
  /** Written to stdin then closed: the only way secrets reach the distro. Never logged. */
  stdin?: string | Buffer;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Each whole line of a Linux program's output, as UTF-8 (RunOptions.onLine). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface WslResult {
  exitCode: number;
  /** True for wsl.exe's own failure exit (-1 / 255 / 4294967295). */
  failed: boolean;
  /** stdout decoded as wsl.exe text (UTF-16LE or UTF-8 detected), `\n` line ends. */
  text: string;
  /** stdout bytes untouched: a Linux program's output is relayed raw. */
  stdout: Buffer;
  /** stderr decoded the same way (warnings `wsl: …`, bsdtar messages, Linux stderr). */
  stderr: string;
  /** The last `<label>: <path>/<TOKEN>` line, when there is one. */
  error?: WslErrorCode;
}

const WSL_MISSING_MESSAGE = 'The Windows Subsystem for Linux (wsl.exe) is not installed.';
const WSL_MISSING_HINT = 'Run "wsl --install --no-distribution" in an administrator terminal (or install WSL from the Microsoft Store), restart Windows, then try again.';

/** A wsl.exe that cannot start is WSL_MISSING; anything else is passed on. */
function missingWsl(error: unknown, wslPath: string): unknown {
  if (!(error instanceof AzlError) || error.code !== 'PROGRAM_MISSING') return error;
  return new AzlError('WSL_MISSING', WSL_MISSING_MESSAGE, { hint: WSL_MISSING_HINT, detail: `${wslPath} could not be found.`, cause: error });
}

/** The same environment for every wsl.exe call: WSL_UTF8=1 asks recent builds for UTF-8; older ones ignore it, hence the detection. */
function wslEnvironment(options: WslCallOptions): NodeJS.ProcessEnv {
  return { ...process.env, ...options.env, WSL_UTF8: '1' };
}

/** The result of a finished call, logged: its text decoded and, when wsl.exe itself failed, its error token. */
function finished(args: readonly string[], options: Pick<RunWslOptions, 'name' | 'logger'>, exitCode: number, stdout: Buffer, stderr: Buffer): WslResult {
  const text = decodeWslText(stdout);
  const failed = WSL_FAILURE_EXIT_CODES.has(exitCode);
  const error = failed ? parseWslErrorCode(text) : undefined;
  options.logger?.({ name: options.name, args: [...args], exitCode, token: error?.token });
  return { exitCode, failed, text, stdout, stderr: decodeWslText(stderr), error };
}

/** Runs wsl.exe with an argument array (never a shell). */
export async function runWsl(args: readonly string[], options: RunWslOptions): Promise<WslResult> {
  const wslPath = options.wslPath ?? DEFAULT_WSL_PATH;
  let raw;
  try {
    raw = await runProgram(wslPath, args, {
      name: `wsl ${options.name}`,
      env: wslEnvironment(options),
      stdin: options.stdin,
      signal: options.signal,
      onStdout: options.onStdout,
      onStderr: options.onStderr,
      onLine: options.onLine,
    });
  } catch (error) {
    throw missingWsl(error, wslPath);
  }
  if (raw.exitCode === SHELL_NOT_FOUND_EXIT && raw.stdout.length === 0 && /wsl(\.exe)?: (command )?not found/i.test(raw.stderr.toString('utf8'))) {
    // A wsl/wsl.exe launcher shim (a PATH entry left behind on Linux-side runners) whose target is gone.
    throw new AzlError('WSL_MISSING', WSL_MISSING_MESSAGE, { hint: WSL_MISSING_HINT, detail: raw.stderr.toString('utf8').trim() });
  }
  return finished(args, options, raw.exitCode, raw.stdout, raw.stderr);
}

/** Bytes of stdout kept for error parsing when stdout is streamed elsewhere. */
const STREAM_TAIL_BYTES = 64 * 1024;

/** A wsl.exe call whose stdin and stdout are streams (exports to `-`, tar piped into a distribution). */
export interface WslStream {
  /** Null when stdin comes straight from another program (`stdinFrom`). */
  stdin: NodeJS.WritableStream | null;
  stdout: import('node:stream').Readable;
  /** Resolves when wsl.exe exits; `text` and `error` come from the last bytes of stdout (when this process reads it). */
  done: Promise<WslResult>;
  kill(): void;
}

export interface StartWslOptions extends WslCallOptions {
  name: string;
  /** Another program's stdout, or an open file descriptor, as this call's stdin (the bytes never pass through this process). */
  stdinFrom?: import('node:stream').Readable | number;
  /** False when stdout goes to another program: this process must not read it. Default true. */
  readStdout?: boolean;
}

/** Starts wsl.exe with streaming stdio; same environment, logging and failure rules as runWsl. */
export function startWsl(args: readonly string[], options: StartWslOptions): WslStream {
  const wslPath = options.wslPath ?? DEFAULT_WSL_PATH;
  const started = startProgram(wslPath, args, { name: `wsl ${options.name}`, env: wslEnvironment(options), signal: options.signal, stdinFrom: options.stdinFrom });
  const tail: Buffer[] = [];
  let tailSize = 0;
  if (options.readStdout !== false) {
    // A listener of its own would race the caller's pipe for the bytes; the caller pipes in the same tick.
    started.stdout.on('data', (chunk: Buffer) => {
      tail.push(chunk);
      tailSize += chunk.length;
      while (tailSize - tail[0].length >= STREAM_TAIL_BYTES) tailSize -= tail.shift()!.length;
    });
  }
  const done = started.exited.then(
    (raw) => finished(args, options, raw.exitCode, Buffer.concat(tail), raw.stderr),
    (error: unknown) => {
      throw missingWsl(error, wslPath);
    },
  );
  done.catch(() => undefined);
  return { stdin: started.stdin, stdout: started.stdout, done, kill: started.kill };
}
