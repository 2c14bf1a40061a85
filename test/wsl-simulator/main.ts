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
import { importInPlace } from './import-in-place.js';
import { launchDistro, type LaunchRequest } from './launch-distro.js';
import { listDistros } from './list-distros.js';
import { manageDistro } from './manage-distro.js';
import { registerDistribution } from './register-distribution.js';
import { installFromList } from './install-distribution.js';
import { setDefaultDistro, showStatus, showVersion, shutdownAll, terminateDistro, unregisterDistro } from './distro-commands.js';
import { createContext, type SimulatorContext } from './simulator-context.js';
import { readSettings, versionAtLeast, type SimulatorSettings } from './simulator-settings.js';
import { USAGE_TEXT } from './usage-text.js';
import { WSL_FAILURE_EXIT, WslExit, type WslOutput } from './wsl-output.js';

/** Exit status of a shell that cannot find a command (the `absent` fault). */
const COMMAND_NOT_FOUND_EXIT = 127;

/** Appends one JSON line per invocation: argv and WSL_UTF8, never stdin. */
function logInvocation(settings: SimulatorSettings, argv: string[]): void {
  mkdirSync(settings.stateDir, { recursive: true });
  const entry = { time: new Date().toISOString(), pid: process.pid, user: settings.user, argv, WSL_UTF8: process.env.WSL_UTF8 ?? null };
  appendFileSync(join(settings.stateDir, 'argv.log'), JSON.stringify(entry) + '\n');
}

function parseVersion(ctx: SimulatorContext, value: string): number {
  if (value !== '1' && value !== '2') ctx.out.failWith('parameterIncorrect', 'Wsl/E_INVALIDARG');
  return Number(value);
}

async function importCommand(ctx: SimulatorContext, args: string[]): Promise<number> {
  const positional: string[] = [];
  let version = 2;
  let vhd = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--version') {
      const value = args[++i];
      if (value === undefined) ctx.out.failWith('missingArgument', undefined, arg);
      version = parseVersion(ctx, value);
    } else if (arg === '--vhd') vhd = true;
    else if (arg.startsWith('-') && arg !== '-') ctx.out.failWith('invalidCommandLine', undefined, arg);
    else positional.push(arg);
  }
  if (positional.length !== 3) ctx.out.failWith('parameterIncorrect', 'Wsl/E_INVALIDARG');
  const [name, location, file] = positional;
  await registerDistribution(ctx, { mode: 'import', name, location, file, vhd, version });
  ctx.out.success();
  return 0;
}

async function installCommand(ctx: SimulatorContext, args: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  const { settings } = ctx;
  let file: string | undefined;
  let name: string | undefined;
  let location: string | undefined;
  let noLaunch = false;
  let version = 2;
  let distro: string | undefined;
  let legacy = false;
  let noDistribution = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) out.failWith('missingArgument', undefined, arg);
      return v;
    };
    if (arg === '--from-file') {
      if (settings.inbox || !versionAtLeast(settings, '2.4.4')) out.failWith('invalidCommandLine', undefined, arg);
      file = value();
    } else if (arg === '--name') name = value();
    else if (arg === '--location') location = value();
    else if (arg === '--no-launch' || arg === '-n') noLaunch = true;
    else if (arg === '--version') version = parseVersion(ctx, value());
    else if (arg === '--vhd-size') value();
    else if (arg === '--distribution' || arg === '-d') distro = value();
    else if (arg === '--legacy') legacy = true;
    else if (arg === '--no-distribution') noDistribution = true;
    else if (arg === '--fixed-vhd' || arg === '--prompt-before-exit' || arg === '--web-download' || arg === '--enable-wsl1') {
      // Accepted; nothing to model offline (--prompt-before-exit does not wait here).
    } else if (arg.startsWith('-')) out.failWith('invalidCommandLine', undefined, arg);
    else distro = arg;
  }
  if (file === undefined) {
    if (noDistribution) {
      out.success();
      return 0;
    }
    // From the distribution lists (Microsoft's is unreachable offline; HKLM may add or replace one).
    return installFromList(ctx, { distro, name, location, noLaunch, version, legacy });
  }
  out.line(out.text('installing', file === '-' ? '<stdin>' : file));
  const registered = await registerDistribution(ctx, { mode: 'install', name, location, file, vhd: false, version });
  out.line(out.text('installed', registered.name));
  if (noLaunch) return 0;
  out.line(out.text('launching', registered.name));
  return launchDistro(ctx, { distroId: registered.guid, shellType: 'standard' });
}

async function setDefaultVersion(ctx: SimulatorContext, args: string[]): Promise<number> {
  if (args.length !== 1) ctx.out.fail(USAGE_TEXT);
  const version = parseVersion(ctx, args[0]);
  await ctx.store.update((registry) => {
    registry.values.DefaultVersion = version;
  });
  ctx.out.success();
  return 0;
}

/** Parses and runs one invocation; resolves with the exit code. */
export async function runWsl(ctx: SimulatorContext, argv: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  const { settings } = ctx;
  const first = argv[0];
  const clientOnly = first === '--help' || first === '--version' || first === '-v';
  if (settings.faults.has('policy-disabled') && !clientOnly) out.failWith('policyDisabled', 'Wsl/ERROR_ACCESS_DISABLED_BY_POLICY');
  const launch: LaunchRequest = { shellType: 'standard' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const rest = argv.slice(i + 1);
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) out.failWith('missingArgument', undefined, arg);
      return v;
    };
    switch (arg) {
      case '-d':
      case '--distribution':
        launch.distroName = value();
        continue;
      case '--distribution-id':
        launch.distroId = value();
        continue;
      case '-u':
      case '--user':
        launch.user = value();
        continue;
      case '--cd':
        launch.cd = value();
        continue;
      case '~':
        launch.cd = '~';
        continue;
      case '--shell-type': {
        const type = value();
        if (type !== 'standard' && type !== 'login' && type !== 'none') return out.failWith('invalidCommandLine', undefined, type);
        launch.shellType = type;
        continue;
      }
      case '-e':
      case '--exec':
        if (rest.length === 0) out.failWith('missingArgument', undefined, arg);
        return launchDistro(ctx, { ...launch, command: { kind: 'exec', argv: rest } });
      case '--':
        return launchDistro(ctx, rest.length === 0 ? launch : { ...launch, command: { kind: 'shell', text: joinWindowsCommandLine(rest) } });
      case '--help':
        out.line(USAGE_TEXT);
        return 0;
      case '-l':
      case '--list':
        return listDistros(ctx, rest);
      case '--import':
        return importCommand(ctx, rest);
      case '--import-in-place':
        return importInPlace(ctx, rest);
      case '--install':
        return installCommand(ctx, rest);
      case '--unregister':
        return unregisterDistro(ctx, rest);
      case '-t':
      case '--terminate':
        return terminateDistro(ctx, rest);
      case '-s':
      case '--set-default':
        return setDefaultDistro(ctx, rest);
      case '--set-default-version':
        return setDefaultVersion(ctx, rest);
      case '--export':
        return exportDistro(ctx, rest);
      case '--manage':
        return manageDistro(ctx, rest);
      case '-v':
      case '--version':
        return showVersion(ctx, arg);
      case '--status':
        return showStatus(ctx);
      case '--shutdown':
        return shutdownAll(ctx, rest);
      default:
        if (arg.startsWith('-')) out.failWith('invalidCommandLine', undefined, arg);
        return launchDistro(ctx, { ...launch, command: { kind: 'shell', text: joinWindowsCommandLine(argv.slice(i)) } });
    }
  }
  return launchDistro(ctx, launch);
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
