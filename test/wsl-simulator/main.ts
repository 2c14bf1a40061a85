/**
 * The simulated wsl.exe: records the invocation, parses the command line the way
 * WslClient.cpp does (launch options until the first non-option or `--`, management verbs),
 * and exits with wsl.exe's code (255 standing in for -1).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { installSignalHandlers } from './cancellation.js';
import { joinWindowsCommandLine } from './command-line.js';
import { exportDistro } from './export-distro.js';
import { importCommand } from './import-command.js';
import { importInPlace } from './import-in-place.js';
import { installCommand } from './install-command.js';
import { launchDistro, type LaunchRequest } from './launch-distro.js';
import { listDistros } from './list-distros.js';
import { manageDistro } from './manage-distro.js';
import { findInstalledByName } from './registry-store.js';
import { setDefaultDistro, showStatus, showVersion, shutdownAll, terminateDistro, unregisterDistro } from './distro-commands.js';
import { createContext, type SimulatorContext } from './simulator-context.js';
import { readSettings, type SimulatorSettings } from './simulator-settings.js';
import { CLIENT_INVALID_ARGUMENT } from './verb-arguments.js';
import { WSL_FAILURE_EXIT, WslExit, type WslOutput } from './wsl-output.js';
import { parseWslVersion } from './wsl-version-argument.js';

/** Exit status of a shell that cannot find a command (the `absent` fault). */
const COMMAND_NOT_FOUND_EXIT = 127;

/** Appends one JSON line per invocation: argv and WSL_UTF8, never stdin. */
function logInvocation(settings: SimulatorSettings, argv: string[]): void {
  mkdirSync(settings.stateDir, { recursive: true });
  const entry = { time: new Date().toISOString(), pid: process.pid, user: settings.user, argv, WSL_UTF8: process.env.WSL_UTF8 ?? null };
  appendFileSync(join(settings.stateDir, 'argv.log'), JSON.stringify(entry) + '\n');
}

/** `{guid}` or a bare GUID, any case (ToGuid), as the registry's lower-case `{guid}`; else undefined. */
export function parseGuid(text: string): string | undefined {
  const match = /^(\{)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\})?$/i.exec(text);
  if (!match || Boolean(match[1]) !== Boolean(match[3])) return undefined;
  return `{${match[2].toLowerCase()}}`;
}

async function setDefaultVersion(ctx: SimulatorContext, args: string[]): Promise<number> {
  const version = parseWslVersion(ctx, args[0] ?? '');
  if (version === 2) ctx.out.line(ctx.out.text('vmModeConversionInfo'));
  await ctx.store.update((registry) => {
    registry.values.DefaultVersion = version;
  });
  ctx.out.success();
  return 0;
}

/** Verbs that take the rest of the command line (each parses its own options). */
const VERBS: Readonly<Record<string, (ctx: SimulatorContext, rest: string[]) => Promise<number> | number>> = {
  '--export': exportDistro,
  '--import': importCommand,
  '--import-in-place': importInPlace,
  '-l': listDistros,
  '--list': listDistros,
  '--install': installCommand,
  '--manage': manageDistro,
  '--set-default-version': setDefaultVersion,
  '--shutdown': shutdownAll,
  '--status': showStatus,
};

/** Verbs that take one distribution name (`ParseArgument`; later arguments are ignored). */
const NAME_VERBS: Readonly<Record<string, { shown: string; run: (ctx: SimulatorContext, name: string) => Promise<number> }>> = {
  '-t': { shown: '--terminate', run: terminateDistro },
  '--terminate': { shown: '--terminate', run: terminateDistro },
  '-s': { shown: '--set-default', run: setDefaultDistro },
  '--setdefault': { shown: '--set-default', run: setDefaultDistro },
  '--set-default': { shown: '--set-default', run: setDefaultDistro },
  '--unregister': { shown: '--unregister', run: unregisterDistro },
};

/** Options the inbox (pre-Store) wsl.exe does not know. */
const NOT_IN_INBOX = new Set(['--version', '-v', '--manage']);

/**
 * Parses and runs one invocation the way WslMain does; resolves with the exit code. Top-level
 * mistakes print their message with no code line (an unknown option, a missing value); verbs
 * parse their own options and fail with `Wsl/E_INVALIDARG`.
 */
export async function runWsl(ctx: SimulatorContext, argv: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  const { settings } = ctx;
  const first = argv[0];
  const clientOnly = first === '--help' || first === '--version' || first === '-v';
  if (settings.faults.has('policy-disabled') && !clientOnly) out.failWith('policyDisabled', 'Wsl/ERROR_ACCESS_DISABLED_BY_POLICY');
  const launch: LaunchRequest = { shellType: 'standard' };
  let exec = false;
  let i = 0;
  // ParseLegacyArguments: a leading distribution GUID, then a leading `~`.
  const legacyGuid = first === undefined ? undefined : parseGuid(first);
  if (legacyGuid !== undefined) {
    launch.distroId = legacyGuid;
    i++;
  }
  if (argv[i] === '~') {
    launch.cd = '~';
    i++;
  }
  for (; i < argv.length; i++) {
    const arg = argv[i];
    const rest = argv.slice(i + 1);
    /** The next argument; a missing (or empty) one prints "Argument X is missing a required parameter." and fails. */
    const value = (shown: string): string => {
      const next = argv[++i];
      if (next === undefined || next === '') out.fail(out.text('requiredParameterMissing', shown));
      return next;
    };
    if (settings.inbox && NOT_IN_INBOX.has(arg)) {
      // The inbox binary answers any option it does not know like this: no code, the usage text.
      out.fail(`Invalid command line option: ${arg}\n${out.usage()}`);
    }
    const verb = VERBS[arg];
    if (verb) return verb(ctx, rest);
    const nameVerb = NAME_VERBS[arg];
    if (nameVerb) return nameVerb.run(ctx, value(nameVerb.shown));
    switch (arg) {
      case '-d':
      case '--distribution': {
        if (launch.distroId !== undefined) out.fail(out.text('distroAlreadySet'));
        const name = value('--distribution');
        // Looked up at once, among Installed distributions only (GetDistributionId).
        const { registry } = await ctx.store.read();
        const found = findInstalledByName(registry, name);
        if (!found) out.failWith('distroNotFound', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND');
        launch.distroId = found[0];
        continue;
      }
      case '--distribution-id': {
        const guid = parseGuid(value('--distribution-id'));
        if (guid === undefined) out.failWith('parameterIncorrect', CLIENT_INVALID_ARGUMENT);
        launch.distroId = guid;
        continue;
      }
      case '-u':
      case '--user':
        launch.user = value('--user');
        continue;
      case '--cd': {
        const directory = argv[++i] ?? '';
        // A Linux path (`/…`, `~…`) or an absolute Windows path; anything else is E_INVALIDARG.
        if (directory === '' || !(directory.startsWith('/') || directory.startsWith('~') || /^[A-Za-z]:[\\/]/.test(directory))) {
          out.failWith('parameterIncorrect', CLIENT_INVALID_ARGUMENT);
        }
        launch.cd = directory;
        continue;
      }
      case '--shell-type': {
        const type = value('--shell-type');
        if (type !== 'standard' && type !== 'login' && type !== 'none') out.failWith('parameterIncorrect', CLIENT_INVALID_ARGUMENT);
        launch.shellType = type;
        continue;
      }
      case '-e':
      case '--exec':
        exec = true;
        i++;
        break;
      case '--':
        i++;
        break;
      case '--help':
        // Printed, not thrown, but the same bytes and -1.
        return out.failUsage();
      case '-v':
      case '--version':
        return showVersion(ctx);
      default:
        if (arg.startsWith('-')) out.fail(out.text('invalidCommandLine', arg, 'wsl.exe'));
    }
    break;
  }
  const commandArgs = argv.slice(i);
  if (commandArgs.length === 0) {
    // `-e` with nothing to run: THROW_HR_IF(E_INVALIDARG, !IsUseShell()).
    if (exec) out.failWith('parameterIncorrect', CLIENT_INVALID_ARGUMENT);
    return launchDistro(ctx, launch);
  }
  return launchDistro(ctx, { ...launch, command: exec ? { kind: 'exec', argv: commandArgs } : { kind: 'shell', text: joinWindowsCommandLine(commandArgs) } });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const settings = readSettings();
  if (settings.faults.has('absent')) {
    process.stderr.write('wsl.exe: command not found\n');
    process.exit(COMMAND_NOT_FOUND_EXIT);
  }
  logInvocation(settings, argv);
  installSignalHandlers();
  const ctx = createContext(settings);
  let code: number;
  try {
    code = await runWsl(ctx, argv);
  } catch (error) {
    if (error instanceof WslExit) code = error.exitCode;
    else {
      process.stderr.write(`wsl simulator internal error: ${(error as Error).stack ?? String(error)}\n`);
      code = WSL_FAILURE_EXIT;
    }
  }
  process.exit(code);
}

await main();
