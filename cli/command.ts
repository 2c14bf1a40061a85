/**
 * What a CLI command is: its name, help and the options it accepts, declared as data so that
 * main parses them (with the same sentences and suggestions for every command), the help can
 * be checked against them and shell completion is generated from them.
 */
import type { OptionSpec, ParsedOptions } from './parse-options.js';

/** What every CLI command gets, so commands never touch process globals directly (tests run them in-process). */
export interface CommandContext {
  args: string[];
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** Whether stdout/stderr are terminals (progress bars, prompts). */
  isTTY: boolean;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** What shell completion offers for an option's value or a positional argument. */
export type CompletionValues = readonly string[] | 'file' | 'directory' | 'none';

export interface Command<O extends OptionSpec = OptionSpec> {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full help (`azl-wsl help NAME` and `azl-wsl NAME --help`); names every option. */
  help: string;
  /** Every option besides --json, --debug and --help (those every command has). */
  options: O;
  /** Positional arguments: how many at most, and what completes them (default: files). */
  positionals?: { max: number; complete?: CompletionValues };
  /** What completes each string option's value (default: nothing, the user types it). */
  completions?: { [K in keyof O]?: CompletionValues };
  run(context: CommandContext, input: ParsedOptions<O>): Promise<number>;
}

/** Declares a command with its option types inferred (an identity function for the type checker). */
export function defineCommand<O extends OptionSpec>(command: Command<O>): Command<O> {
  return command;
}
