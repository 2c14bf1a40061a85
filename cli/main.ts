/**
 * The azl-wsl command line: the scripting face over the build and install engines.
 * Exit codes: 0 success, 1 failure, 2 usage error.
 */
import type { Command, CommandContext } from './command.js';
import { peekCommonFlags } from './parse-options.js';
import { reportError } from './output/report-error.js';
import { EXIT_OK, EXIT_USAGE } from './output/exit-codes.js';
import { planCommand } from './commands/plan-command.js';
import { buildCommand } from './commands/build-command.js';
import { validateCommand } from './commands/validate-command.js';
import { installCommand } from './commands/install-command.js';
import { listCommand } from './commands/list-command.js';
import { removeCommand } from './commands/remove-command.js';
import { setupUserCommand } from './commands/setup-user-command.js';
import { setDefaultUserCommand } from './commands/set-default-user-command.js';
import { exportCommand } from './commands/export-command.js';
import { doctorCommand } from './commands/doctor-command.js';
import { builderCommand } from './commands/builder-command.js';
import { catalogCommand } from './commands/catalog-command.js';

export const COMMANDS: readonly Command[] = [
  planCommand,
  buildCommand,
  validateCommand,
  doctorCommand,
  installCommand,
  listCommand,
  setupUserCommand,
  setDefaultUserCommand,
  exportCommand,
  removeCommand,
  builderCommand,
  catalogCommand,
];

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
    'Run `azl-wsl <command> --help` for a command\'s options.',
    'Exit codes: 0 success, 1 failure, 2 usage error.',
    '',
  ].join('\n');
}

/** Runs one CLI invocation; returns the exit code. `overrides` lets tests run it in-process. */
export async function main(argv: string[], overrides: Partial<CommandContext> = {}): Promise<number> {
  const stdout = overrides.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = overrides.stderr ?? ((text: string) => void process.stderr.write(text));
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    stdout(topLevelHelp());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  if (name === '--version') {
    const { toolVersion } = await import('../common/tool-version.js');
    stdout(`azl-wsl ${toolVersion()}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  const flags = peekCommonFlags(args);
  if (!command) {
    stderr(`azl-wsl: unknown command "${name}".\nNext step: run \`azl-wsl --help\` to see the commands.\n`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    stdout(command.help + '\n');
    return EXIT_OK;
  }

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  if (!overrides.signal) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
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
    return await command.run(context);
  } catch (error) {
    return reportError(error, { json: flags.json, debug: flags.debug, write: flags.json ? stdout : stderr });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
