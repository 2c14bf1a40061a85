/**
 * A streaming counterpart of common/run-program.ts for compressors (`xz`, `bzip2`): data
 * flows through stdin/stdout with backpressure instead of being buffered whole.
 *
 * Same rules as runProgram: an argument array, its own process group so cancel kills it,
 * and PROGRAM_MISSING / PROGRAM_FAILED / CANCELLED as the only ways it fails.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable } from 'node:stream';
import { AzlError, cancelledError } from '../../common/errors.js';

export interface StreamingProgram {
  child: ChildProcessWithoutNullStreams;
  stdout: Readable;
  /** Writes to stdin, waiting while the pipe is full. */
  write(data: Buffer): Promise<void>;
  /** Closes stdin and resolves when the program exits 0 (rejects otherwise). */
  finish(): Promise<void>;
  /** Kills the process group (cancel or failure elsewhere). */
  kill(): void;
}

/** Starts `program args` with piped stdio. `name` is used in errors. */
export function startStreamingProgram(program: string, args: readonly string[], name: string, signal?: AbortSignal): StreamingProgram {
  if (signal?.aborted) throw cancelledError(name);
  const child = spawn(program, [...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const kill = (): void => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  signal?.addEventListener('abort', kill, { once: true });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', kill);
      reject(
        error.code === 'ENOENT'
          ? new AzlError('PROGRAM_MISSING', `${program} is not installed or not on PATH.`, {
              hint: `Install ${program} (see README.md), then try again.`,
              cause: error,
            })
          : new AzlError('PROGRAM_FAILED', `${name} could not be started: ${error.message}`, { cause: error }),
      );
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', kill);
      if (signal?.aborted) reject(cancelledError(name));
      else if (code === 0) resolve();
      else reject(new AzlError('PROGRAM_FAILED', `${name} failed with exit code ${code ?? 'signal'}.`, { detail: stderr.trim() }));
    });
  });
  // Callers may never call finish() when something else failed first.
  exited.catch(() => undefined);
  child.stdin.on('error', () => {
    // EPIPE when the program died; its exit status tells the story.
  });

  return {
    child,
    stdout: child.stdout,
    write(data: Buffer): Promise<void> {
      return new Promise((resolve, reject) => {
        if (child.stdin.destroyed) {
          exited.then(() => reject(new AzlError('PROGRAM_FAILED', `${name} stopped reading its input.`)), reject);
          return;
        }
        if (child.stdin.write(data)) resolve();
        else {
          const onDrain = (): void => {
            child.off('close', onClose);
            resolve();
          };
          const onClose = (): void => {
            child.stdin.off('drain', onDrain);
            exited.then(() => reject(new AzlError('PROGRAM_FAILED', `${name} stopped reading its input.`)), reject);
          };
          child.stdin.once('drain', onDrain);
          child.once('close', onClose);
        }
      });
    },
    finish(): Promise<void> {
      child.stdin.end();
      return exited;
    },
    kill,
  };
}
