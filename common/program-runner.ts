/**
 * One runner per external program, on top of run-program.ts, the way GitHub Desktop runs git
 * (`git(args, path, name, {successExitCodes, expectedErrors})`): the program's known failures are
 * a table of output patterns, each call says which exit codes mean success for it and which
 * known failures it handles itself, and anything else is thrown as an AzlError with the
 * program's output as detail. Each runner also owns the program's environment, so every call of
 * one program starts the same way whichever module makes it.
 */
import { AzlError } from './errors.js';
import { lastLines, runProgram, startProgram, type RunOptions, type RunResult, type StartedProgram, type StartOptions } from './run-program.js';

/** Lines of output kept in the detail of an unexpected failure. */
const FAILURE_DETAIL_LINES = 40;

/** How one call runs: its name for logs, what counts as success, which known failures it takes on. */
export interface ProgramCall<E extends string> extends Omit<RunOptions, 'env' | 'inheritEnv'> {
  /** Short name for logs and errors, e.g. "rpm -qa". */
  name: string;
  /** Exit codes that mean the call did what was asked (default: 0 only). */
  successExitCodes?: readonly number[];
  /** Known failures the caller handles: resolved with `knownError` set instead of thrown. */
  expectedErrors?: readonly E[];
  /** The error for a failure the caller did not expect (default: the program's own, see ProgramDefinition). */
  failure?: (result: ProgramResult<E>) => AzlError;
  /** Added to the program's environment for this call (e.g. SOURCE_DATE_EPOCH). */
  extraEnv?: Readonly<Record<string, string>>;
}

export interface ProgramResult<E extends string> extends RunResult {
  /** stderr then stdout as text, trimmed: what error details quote. */
  output: string;
  /** False when the exit code is not one of the call's success codes. */
  succeeded: boolean;
  /** The first known failure the output shows, when the call did not succeed. */
  knownError?: E;
}

export interface ProgramDefinition<E extends string> {
  /** The executable, looked up on PATH. */
  program: string;
  /** Known failures by name, each with the text that shows it; the first that matches wins. */
  knownErrors: Readonly<Record<E, RegExp>>;
  /** The environment every call of this program gets. */
  environment?: () => NodeJS.ProcessEnv;
  /** What to install when the program is missing (the PROGRAM_MISSING hint). */
  missingHint?: string;
  /** The PROGRAM_MISSING sentence, when "X is not installed or not on PATH." says too little. */
  missingMessage?: string;
  /** The error for an unexpected failure; default PROGRAM_FAILED naming the call and its exit code. */
  failure?: (result: ProgramResult<E>, call: ProgramCall<E>) => AzlError;
}

/** Runs one program with the definition's table and environment. */
export type ProgramRunner<E extends string> = (args: readonly string[], call: ProgramCall<E>) => Promise<ProgramResult<E>>;

/** The known failure `output` shows, if any. */
export function matchKnownError<E extends string>(knownErrors: Readonly<Record<E, RegExp>>, output: string): E | undefined {
  return (Object.keys(knownErrors) as E[]).find((name) => knownErrors[name].test(output));
}

function defaultFailure<E extends string>(result: ProgramResult<E>, call: ProgramCall<E>): AzlError {
  return new AzlError('PROGRAM_FAILED', `${call.name} failed with exit code ${result.exitCode}.`, { detail: lastLines(result.output, FAILURE_DETAIL_LINES) });
}

/** A missing program named with what it is for and what to install, instead of the generic sentences. */
function missingProgram(error: unknown, definition: Pick<ProgramDefinition<string>, 'missingHint' | 'missingMessage'>): unknown {
  if (!(error instanceof AzlError) || error.code !== 'PROGRAM_MISSING') return error;
  if (definition.missingHint === undefined && definition.missingMessage === undefined) return error;
  return new AzlError('PROGRAM_MISSING', definition.missingMessage ?? error.message, { hint: definition.missingHint ?? error.hint, cause: error });
}

/** The definition's environment plus the call's additions (process.env when neither says anything). */
function environmentFor(definition: Pick<ProgramDefinition<string>, 'environment'>, extra: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv | undefined {
  const base = definition.environment?.();
  if (extra === undefined) return base;
  return { ...(base ?? process.env), ...extra };
}

/** Makes the runner of one program. */
export function programRunner<E extends string>(definition: ProgramDefinition<E>): ProgramRunner<E> {
  return async (args, call) => {
    let raw: RunResult;
    try {
      raw = await runProgram(definition.program, args, { ...call, env: environmentFor(definition, call.extraEnv) });
    } catch (error) {
      throw missingProgram(error, definition);
    }
    const output = (raw.stderr.toString('utf8') + raw.stdout.toString('utf8')).trim();
    const succeeded = (call.successExitCodes ?? [0]).includes(raw.exitCode);
    const result: ProgramResult<E> = { ...raw, output, succeeded, knownError: succeeded ? undefined : matchKnownError(definition.knownErrors, output) };
    if (succeeded || (result.knownError !== undefined && call.expectedErrors?.includes(result.knownError))) return result;
    throw call.failure?.(result) ?? (definition.failure ?? defaultFailure)(result, call);
  };
}

/** A streaming call: stdin and stdout are streams, the outcome comes when the program exits. */
export interface StreamingCall extends Omit<StartOptions, 'env' | 'inheritEnv'> {
  name: string;
  successExitCodes?: readonly number[];
  extraEnv?: Readonly<Record<string, string>>;
}

/** A started program whose `done` resolves on a success exit code and rejects (PROGRAM_FAILED, with stderr) otherwise. */
export interface StartedCall extends Omit<StartedProgram, 'exited'> {
  done: Promise<void>;
}

/** Starts one program with streaming stdio and the definition's environment and missing-program hint. */
export function startProgramCall(definition: Pick<ProgramDefinition<string>, 'program' | 'environment' | 'missingHint' | 'missingMessage'>, args: readonly string[], call: StreamingCall): StartedCall {
  const started = startProgram(definition.program, args, { ...call, env: environmentFor(definition, call.extraEnv) });
  const done = started.exited.then(
    ({ exitCode, signal, stderr }) => {
      if ((call.successExitCodes ?? [0]).includes(exitCode)) return;
      throw new AzlError('PROGRAM_FAILED', `${call.name} failed with exit code ${signal ?? exitCode}.`, { detail: lastLines(stderr.toString('utf8').trim(), FAILURE_DETAIL_LINES) });
    },
    (error: unknown) => {
      throw missingProgram(error, definition);
    },
  );
  done.catch(() => undefined);
  return { stdin: started.stdin, stdout: started.stdout, kill: started.kill, done };
}
