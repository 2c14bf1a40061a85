/** The small registry verbs: `--unregister`, `--terminate`, `--set-default`, `--shutdown`, `--status`, `--version`. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { removeSideEffects } from './distro-shortcuts.js';
import { DistroState, findByName, findInstalledByName, terminateInstance } from './registry-store.js';
import { removeIfEmpty } from './register-distribution.js';
import { vhdPath, type SimulatorContext } from './simulator-context.js';
import { VerbArguments } from './verb-arguments.js';

const DISTRO_NOT_FOUND = 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND';

/** Component versions printed after the WSL version (a current Store WSL). */
const COMPONENT_VERSIONS = ['6.6.87.2-1', '1.0.66', '1.2.6074', '1.611.1-81528511', '10.0.26100.1-240331-1435.ge-release', '10.0.26100.4351'];

/**
 * `--unregister <Name>`: found in any state, but not while an install or export holds it
 * (E_ILLEGAL_STATE_CHANGE); terminates; deletes disk, shortcut, icon, fragment, an empty
 * BasePath and the key; a removed default passes to the first Installed distribution.
 */
export async function unregisterDistro(ctx: SimulatorContext, name: string): Promise<number> {
  const [guid, key] = await ctx.store.update((registry, instances, locks) => {
    const found = findByName(registry, name);
    if (!found) ctx.out.failWith('distroNotFound', DISTRO_NOT_FOUND);
    if (locks[found[0]]) ctx.out.failWith('invalidState', 'Wsl/Service/UnregisterDistro/E_ILLEGAL_STATE_CHANGE');
    terminateInstance(instances, found[0]);
    found[1].State = DistroState.Uninstalling;
    if (registry.values.DefaultDistribution === found[0]) {
      const next = Object.entries(registry.subkeys).find(([other, k]) => other !== found[0] && k.State === DistroState.Installed)?.[0];
      if (next === undefined) delete registry.values.DefaultDistribution;
      else registry.values.DefaultDistribution = next;
    }
    return found;
  });
  await rm(vhdPath(key), { recursive: true, force: true });
  await removeSideEffects({ shortcutPath: key.ShortcutPath, terminalProfilePath: key.TerminalProfilePath, iconPath: join(key.BasePath, 'shortcut.ico') });
  await removeIfEmpty(key.BasePath);
  await ctx.store.update((registry) => {
    delete registry.subkeys[guid];
  });
  ctx.out.success();
  return 0;
}

/** `--terminate <Name>`: succeeds for a stopped distro too. */
export async function terminateDistro(ctx: SimulatorContext, name: string): Promise<number> {
  await ctx.store.update((registry, instances) => {
    const found = findInstalledByName(registry, name);
    if (!found) ctx.out.failWith('distroNotFound', DISTRO_NOT_FOUND);
    terminateInstance(instances, found[0]);
  });
  ctx.out.success();
  return 0;
}

/** `--set-default <Name>`. */
export async function setDefaultDistro(ctx: SimulatorContext, name: string): Promise<number> {
  await ctx.store.update((registry) => {
    const found = findInstalledByName(registry, name);
    if (!found) ctx.out.failWith('distroNotFound', DISTRO_NOT_FOUND);
    registry.values.DefaultDistribution = found[0];
  });
  ctx.out.success();
  return 0;
}

/** `--shutdown [--force]`: stops every instance; prints nothing. */
export async function shutdownAll(ctx: SimulatorContext, args: string[]): Promise<number> {
  new VerbArguments(ctx.out).flag('--force', undefined, () => undefined).parse(args);
  await ctx.store.update((_registry, instances) => {
    for (const guid of Object.keys(instances)) terminateInstance(instances, guid);
  });
  return 0;
}

/** `--status`: default distribution and version (arguments after it are ignored). */
export async function showStatus(ctx: SimulatorContext): Promise<number> {
  const { registry } = await ctx.store.read();
  const lines: string[] = [];
  const guid = registry.values.DefaultDistribution;
  if (guid !== undefined && registry.subkeys[guid]) lines.push(ctx.out.text('statusDefaultDistro', registry.subkeys[guid].DistributionName));
  lines.push(ctx.out.text('statusDefaultVersion', registry.values.DefaultVersion ?? 2));
  ctx.out.line(lines.join('\n'));
  return 0;
}

/** `--version`: the 7-line block (the inbox binary's answer lives in main.ts). */
export function showVersion(ctx: SimulatorContext): number {
  ctx.out.line(ctx.out.text('packageVersions', ctx.settings.version, ...COMPONENT_VERSIONS));
  return 0;
}
