/**
 * The one chokepoint for running external programs.
 *
 * Always an argument array (never a shell string), an optional AbortSignal that kills the
 * whole process group, secrets only through `stdin`, and a `name` for logs. Like dugite, it
 * resolves with the exit code even on failure and rejects only when the program cannot start
 * or the work was cancelled; callers decide which exit codes are expected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { AzlError, cancelledError } from './errors.js';
import { LineSplitter } from './line-splitter.js';

export interface RunOptions {
  /** Short name for logs and errors, e.g. "dnf install". */
  name?: string;
  cwd?: string;
  /** Replaces the environment when given (merged over process.env when `inheritEnv`). */
  env?: NodeJS.ProcessEnv;
  inheritEnv?: boolean;
  /** Written to the child's stdin, then stdin is closed. The only way secrets travel. */
  stdin?: string | Buffer;
  signal?: AbortSignal;
  /** Called with raw chunks as they arrive (for live logs and progress parsing). */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /**
   * Called with each whole line of output as it arrives (common/line-splitter.ts: a line that
   * straddles two reads is one line, characters stay whole, the last line is kept without its newline).
   */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** With `onLine`: a lone `\r` also ends a line (progress bars that redraw one line). */
  splitCarriageReturns?: boolean;
  /** Keep at most this many bytes of each stream (the tail). Default 16 MiB. */
  maxCapture?: number;
}

export interface RunResult {
  exitCode: number;
  /** Signal name when the child was killed by one. */
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** How long a cancelled child gets after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 2000;
const DEFAULT_MAX_CAPTURE = 16 * 1024 * 1024;
/** stderr kept of a streaming program: its error messages, not the data it streams. */
const STARTED_STDERR_TAIL_BYTES = 64 * 1024;

/** Signals the child's whole process group (dnf's scriptlets, chroot shells, a pipeline's members). */
function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    // Group already gone.
  }
}

/** Cancel: SIGTERM to the group, SIGKILL after KILL_GRACE_MS; `release` once the child is gone. */
function cancelOnAbort(child: ChildProcess, signal: AbortSignal | undefined): { release(): void } {
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    killGroup(child, 'SIGTERM');
    killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS);
    killTimer.unref();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    release: () => {
      if (killTimer) clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Why a program could not start: PROGRAM_MISSING when it is not there, else PROGRAM_FAILED. */
function startFailure(program: string, name: string, error: NodeJS.ErrnoException): AzlError {
  if (error.code === 'ENOENT') {
    return new AzlError('PROGRAM_MISSING', `${program} is not installed or not on PATH.`, {
      hint: 'Run the set-up command in README.md, or install the program, then try again.',
      cause: error,
    });
  }
  return new AzlError('PROGRAM_FAILED', `${name} could not be started: ${error.message}`, { cause: error });
}

/** One splitter per stream, both reporting to `onLine`. */
function linesOf(onLine: NonNullable<RunOptions['onLine']>, carriageReturn = false): Record<'stdout' | 'stderr', LineSplitter> {
  return {
    stdout: new LineSplitter((line) => onLine(line, 'stdout'), { carriageReturn }),
    stderr: new LineSplitter((line) => onLine(line, 'stderr'), { carriageReturn }),
  };
}

class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
  }
  toBuffer(): Buffer {
    const all = Buffer.concat(this.chunks);
    return all.length > this.limit ? all.subarray(all.length - this.limit) : all;
  }
}

export function runProgram(program: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const name = options.name ?? program;
  if (options.signal?.aborted) return Promise.reject(cancelledError(name));
  const env = options.env ? (options.inheritEnv ? { ...process.env, ...options.env } : options.env) : process.env;
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(program, [...args], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so cancel can kill grandchildren (dnf's scriptlets, chroot shells).
      detached: true,
    });
    const limit = options.maxCapture ?? DEFAULT_MAX_CAPTURE;
    const stdout = new TailBuffer(limit);
    const stderr = new TailBuffer(limit);
    const lines = options.onLine && linesOf(options.onLine, options.splitCarriageReturns);
    let settled = false;
    const cancel = cancelOnAbort(child, options.signal);

    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      options.onStdout?.(chunk);
      lines?.stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      options.onStderr?.(chunk);
      lines?.stderr.push(chunk);
    });
    child.stdin.on('error', () => {
      // The child may exit without reading stdin (EPIPE); its exit code tells the story.
    });
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else child.stdin.end();

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      cancel.release();
      reject(startFailure(program, name, error));
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      lines?.stdout.end();
      lines?.stderr.end();
      cancel.release();
      if (options.signal?.aborted) {
        reject(cancelledError(name));
        return;
      }
      resolve({ exitCode: code ?? 128, signal, stdout: stdout.toBuffer(), stderr: stderr.toBuffer() });
    });
  });
}

/** Runs a program and rejects with PROGRAM_FAILED (including its output) unless it exits 0. */
export async function runChecked(program: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await runProgram(program, args, options);
  if (result.exitCode !== 0) {
    const output = (result.stderr.toString('utf8') + result.stdout.toString('utf8')).trim();
    throw new AzlError('PROGRAM_FAILED', `${options.name ?? program} failed with exit code ${result.exitCode}.`, {
      detail: lastLines(output, 40),
    });
  }
  return result;
}

/** The last `count` lines of a text, for error details. */
export function lastLines(text: string, count: number): string {
  const lines = text.split('\n');
  return lines.slice(Math.max(0, lines.length - count)).join('\n');
}

/** A program started with streaming stdio (gigabytes through stdin/stdout, with backpressure). */
export interface StartedProgram {
  /** Null when stdin was connected to another program's stdout (`stdinFrom`). */
  stdin: NodeJS.WritableStream | null;
  stdout: Readable;
  /** Resolves when it exits (whatever the code), with the tail of stderr; rejects like runProgram. */
  exited: Promise<{ exitCode: number; signal: NodeJS.Signals | null; stderr: Buffer }>;
  /** Kills the process group now. */
  kill(): void;
}

/**
 * The streaming counterpart of runProgram, same rules (argument array, own process group,
 * cancel kills the group): for data too big to hold, such as a distribution's export piped into
 * a snapshot file and another distribution's tar at once.
 */
export interface StartOptions extends Omit<RunOptions, 'stdin' | 'onStdout' | 'maxCapture'> {
  /**
   * Another started program's stdout, or an open file descriptor, as this one's stdin: the
   * bytes reach the program through the operating system, never through this process.
   */
  stdinFrom?: Readable | number;
}

export function startProgram(program: string, args: readonly string[], options: StartOptions = {}): StartedProgram {
  const name = options.name ?? program;
  if (options.signal?.aborted) throw cancelledError(name);
  const env = options.env ? (options.inheritEnv ? { ...process.env, ...options.env } : options.env) : process.env;
  const child = spawn(program, [...args], { cwd: options.cwd, env, stdio: [options.stdinFrom ?? 'pipe', 'pipe', 'pipe'], detached: true });
  const stderr = new TailBuffer(STARTED_STDERR_TAIL_BYTES);
  const cancel = cancelOnAbort(child, options.signal);
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    options.onStderr?.(chunk);
  });
  child.stdin?.on('error', () => {
    // EPIPE when the program stops reading; its exit status tells the story.
  });
  const exited = new Promise<{ exitCode: number; signal: NodeJS.Signals | null; stderr: Buffer }>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      cancel.release();
      reject(startFailure(program, name, error));
    });
    // 'exit', then the streams: 'close' waits for a stdout that was handed to another program.
    child.on('exit', (code, signal) => {
      const finish = (): void => {
        cancel.release();
        if (options.signal?.aborted) reject(cancelledError(name));
        else resolve({ exitCode: code ?? 128, signal, stderr: stderr.toBuffer() });
      };
      if (child.stderr!.readableEnded) finish();
      else child.stderr!.once('end', finish).once('close', finish);
    });
  });
  exited.catch(() => undefined);
  return { stdin: child.stdin, stdout: child.stdout!, exited, kill: () => killGroup(child, 'SIGKILL') };
}
