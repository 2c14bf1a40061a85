/**
 * The azl-wsl command line: the scripting face over the build and install engines.
 * Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted (Ctrl-C), 143 terminated.
 */
import type { CommandContext } from './command.js';
import { COMMANDS, findCommand } from './command-table.js';
import { parseOptions, peekCommonFlags } from './parse-options.js';
import { reportError } from './output/report-error.js';
import { nearestName } from './output/nearest-name.js';
import { lineWriter } from './output/line-writer.js';
import { AzlError, isAzlError } from '../common/errors.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE } from './output/exit-codes.js';

export { COMMANDS } from './command-table.js';

/** Words main itself answers besides the commands (offered by completion and suggestions too). */
export const BUILT_IN_WORDS = ['help', '--help', '--version'] as const;

export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Usage: azl-wsl <command> [options]',
    '',
    'Build Azure Linux WSL images from Microsoft\'s own image profiles, register them with',
    'wsl.exe and set up the first account.',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `azl-wsl help <command>` (or `azl-wsl <command> --help`) for a command\'s options.',
    'Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted (Ctrl-C).',
    '',
  ].join('\n');
}

/** The usage error for a command name that does not exist, with the nearest one. */
function unknownCommand(name: string) {
  const guess = nearestName(name, COMMANDS.map((command) => command.name));
  return new AzlError('USAGE', `There is no command "${name}".${guess ? ` Did you mean "${guess}"?` : ''}`, {
    hint: guess ? `Run \`azl-wsl help ${guess}\` for its options, or \`azl-wsl help\` for every command.` : 'Run `azl-wsl help` to see the commands.',
  });
}

/** Runs one CLI invocation; returns the exit code. `overrides` lets tests run it in-process. */
export async function main(argv: string[], overrides: Partial<CommandContext> = {}): Promise<number> {
  const stdout = lineWriter(overrides.stdout ?? ((text: string) => void process.stdout.write(text)));
  const stderr = lineWriter(overrides.stderr ?? ((text: string) => void process.stderr.write(text)));
  try {
    return await dispatch(argv, overrides, stdout, stderr);
  } finally {
    // Every output ends with a newline, whatever the command printed last.
    stdout.endLine();
    stderr.endLine();
  }
}

async function dispatch(argv: string[], overrides: Partial<CommandContext>, stdout: (text: string) => void, stderr: (text: string) => void): Promise<number> {
  const [name, ...args] = argv;
  const flags = peekCommonFlags(args);
  const report = (error: unknown): number => reportError(error, { json: flags.json, debug: flags.debug, write: flags.json ? stdout : stderr });
  if (!name || name === '--help' || name === '-h') {
    stdout(topLevelHelp());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  if (name === 'help') {
    const topic = args.find((arg) => !arg.startsWith('-'));
    if (!topic) {
      stdout(topLevelHelp());
      return EXIT_OK;
    }
    const command = findCommand(topic);
    if (!command) return report(unknownCommand(topic));
    stdout(command.help + '\n');
    return EXIT_OK;
  }
  if (name === '--version') {
    const { toolVersion } = await import('../common/tool-version.js');
    stdout(`azl-wsl ${toolVersion()}\n`);
    return EXIT_OK;
  }
  const command = findCommand(name);
  if (!command) return report(unknownCommand(name));
  if (args.includes('--help') || args.includes('-h')) {
    stdout(command.help + '\n');
    return EXIT_OK;
  }

  const controller = new AbortController();
  let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  const onInterrupt = (): void => {
    stoppedBy ??= 'SIGINT';
    controller.abort();
  };
  const onTerminate = (): void => {
    stoppedBy ??= 'SIGTERM';
    controller.abort();
  };
  if (!overrides.signal) {
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onTerminate);
  }
  const context: CommandContext = {
    args,
    stdout,
    stderr,
    signal: overrides.signal ?? controller.signal,
    env: overrides.env ?? process.env,
    isTTY: overrides.isTTY ?? Boolean(process.stderr.isTTY),
    stdin: overrides.stdin ?? process.stdin,
  };
  try {
    const input = parseOptions(command.name, args, command.options, command.positionals?.max ?? 0);
    return await command.run(context, input);
  } catch (error) {
    const code = report(error);
    // Stopped by the user (Ctrl-C, or Ctrl-C at a question): the shell convention, 128 + signal.
    if (isAzlError(error) && error.code === 'CANCELLED') return stoppedBy === 'SIGTERM' ? EXIT_TERMINATED : EXIT_INTERRUPTED;
    return code;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onTerminate);
  }
}
