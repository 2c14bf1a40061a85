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

export interface Command {
  name: string;
  summary: string;
  help: string;
  run(context: CommandContext): Promise<number>;
}
