/**
 * Compressors (`xz`, `bzip2`) as streams: data flows through stdin/stdout with backpressure
 * instead of being buffered whole. Started through the common runner (common/program-runner.ts
 * on run-program.ts), so spawning, the process group cancel kills, PROGRAM_MISSING and
 * PROGRAM_FAILED are the same as for every other program.
 */
import type { Readable } from 'node:stream';
import { AzlError } from '../../common/errors.js';
import { startProgramCall } from '../../common/program-runner.js';

export interface StreamingProgram {
  stdout: Readable;
  /** Writes to stdin, waiting while the pipe is full. */
  write(data: Buffer): Promise<void>;
  /** Closes stdin without waiting (a program that reads a file named in its arguments). */
  endInput(): void;
  /** Closes stdin and resolves when the program exits 0 (rejects otherwise). */
  finish(): Promise<void>;
  /** Kills the process group (cancel or failure elsewhere). */
  kill(): void;
}

/** What installs each compressor, for the PROGRAM_MISSING hint. */
const MISSING_HINT = 'Install xz-utils and bzip2 (see README.md), then try again.';

/** Starts `program args` with piped stdio. `name` is used in errors. */
export function startStreamingProgram(program: string, args: readonly string[], name: string, signal?: AbortSignal): StreamingProgram {
  const started = startProgramCall({ program, missingHint: MISSING_HINT }, args, { name, signal });
  const stdin = started.stdin!;
  let exited = false;
  const settled = started.done.then(
    () => {
      exited = true;
    },
    () => {
      exited = true;
    },
  );
  /** Rejects with the program's own failure, or says it stopped reading when it exited 0 early. */
  const stoppedReading = (): Promise<never> => started.done.then(() => Promise.reject(new AzlError('PROGRAM_FAILED', `${name} stopped reading its input.`)));
  return {
    stdout: started.stdout,
    write(data: Buffer): Promise<void> {
      if (exited || (stdin as NodeJS.WritableStream & { destroyed?: boolean }).destroyed) return stoppedReading();
      if (stdin.write(data)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        let drained = false;
        stdin.once('drain', () => {
          drained = true;
          resolve();
        });
        void settled.then(() => {
          if (!drained) stoppedReading().catch(reject);
        });
      });
    },
    endInput(): void {
      stdin.end();
    },
    finish(): Promise<void> {
      stdin.end();
      return started.done;
    },
    kill(): void {
      if (!exited) started.kill();
    },
  };
}
