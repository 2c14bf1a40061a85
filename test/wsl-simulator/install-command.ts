/**
 * `--install [Distro] [--from-file <File|->] [--name N] [--location L] [--no-launch|-n]
 * [--version N] [--vhd-size S [--fixed-vhd]] …` (WslClient.cpp Install): the options, the
 * combinations WSL refuses, then for `--from-file` the file, `Installing: …`, the
 * registration, the success line and (unless `--no-launch`) the first launch.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { installFromList } from './install-distribution.js';
import { launchDistro } from './launch-distro.js';
import { registerDistribution } from './register-distribution.js';
import type { SimulatorContext } from './simulator-context.js';
import { versionAtLeast } from './simulator-settings.js';
import { CLIENT_INVALID_ARGUMENT, VerbArguments } from './verb-arguments.js';
import { parseWslVersion } from './wsl-version-argument.js';

/** `ParseMemorySize`: a number with an optional B/K/M/G/T (+B) suffix. */
const MEMORY_STRING = /^\d+(?:\.\d+)?\s*([KMGT]B?|B)?$/i;

/** Runs `--install`; returns the exit code. */
export async function installCommand(ctx: SimulatorContext, args: string[]): Promise<number> {
  const { out, settings } = ctx;
  let distro: string | undefined;
  let file: string | undefined;
  let name: string | undefined;
  let location: string | undefined;
  let version: number | undefined;
  let vhdSize = false;
  let fixedVhd = false;
  let noLaunch = false;
  let noDistribution = false;
  let legacy = false;
  const fromFileKnown = !settings.inbox && versionAtLeast(settings, '2.4.4');
  const parser = new VerbArguments(out)
    .positional(0, (value) => (distro = value))
    .option('--distribution', 'd', (value) => (distro = value))
    .flag('--no-launch', 'n', () => (noLaunch = true))
    .flag('--web-download', undefined, () => undefined)
    .flag('--no-distribution', undefined, () => (noDistribution = true))
    .flag('--enable-wsl1', undefined, () => undefined)
    .flag('--pre-release', undefined, () => undefined)
    .option('--name', undefined, (value) => (name = value))
    .option('--location', 'l', (value) => (location = resolve(ctx.cwd, value)))
    .flag('--legacy', undefined, () => (legacy = true))
    .option('--version', undefined, (value) => (version = parseWslVersion(ctx, value)))
    // Accepted; --prompt-before-exit does not wait here.
    .flag('--prompt-before-exit', undefined, () => undefined)
    .option('--vhd-size', undefined, (value) => {
      if (!MEMORY_STRING.test(value)) out.failWith('invalidSize', CLIENT_INVALID_ARGUMENT, value);
      vhdSize = true;
    })
    .flag('--fixed-vhd', undefined, () => (fixedVhd = true));
  if (fromFileKnown) parser.option('--from-file', 'f', (value) => (file = value));
  parser.parse(args);

  if (noDistribution && distro !== undefined) out.failWith('argumentsNotValidTogether', CLIENT_INVALID_ARGUMENT, '--no-distribution', '--distribution');
  if (fixedVhd && !vhdSize) out.failWith('argumentNotValidWithout', CLIENT_INVALID_ARGUMENT, '--fixed-vhd', '--vhd-size');
  if (file === undefined) {
    // The optional components are there already; with no distribution that is all.
    if (noDistribution) {
      out.success();
      return 0;
    }
    // From the distribution lists (Microsoft's is unreachable offline; HKLM may add or replace one).
    return installFromList(ctx, { distro, name, location, noLaunch, version, legacy });
  }
  if (distro !== undefined) out.failWith('argumentsNotValidTogether', CLIENT_INVALID_ARGUMENT, '--from-file', '--distribution');

  if (file !== '-' && !statSync(resolve(ctx.cwd, file), { throwIfNoEntry: false })?.isFile()) out.failWith('fileNotFound', 'Wsl/ERROR_FILE_NOT_FOUND');
  out.line(out.text('installing', file === '-' ? '<stdin>' : file));
  const registered = await registerDistribution(ctx, { mode: 'install', name, location, file, vhd: false, version });
  out.line(out.text('installed', registered.name));
  if (noLaunch) return 0;
  out.line(out.text('launching', registered.name));
  return launchDistro(ctx, { distroId: registered.guid, shellType: 'standard' });
}
