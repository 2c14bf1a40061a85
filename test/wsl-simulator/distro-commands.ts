/** The small registry verbs: `--unregister`, `--terminate`, `--set-default`, `--shutdown`, `--status`, `--version`. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { removeSideEffects } from './distro-shortcuts.js';
import { DistroState, findByName, terminateInstance } from './registry-store.js';
import { removeIfEmpty } from './register-distribution.js';
import { vhdPath, type SimulatorContext } from './simulator-context.js';
import { USAGE_TEXT } from './usage-text.js';

const DISTRO_NOT_FOUND = 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND';

/** Component versions printed after the WSL version (a current Store WSL). */
const COMPONENT_VERSIONS = ['6.6.87.2-1', '1.0.66', '1.2.6074', '1.611.1-81528511', '10.0.26100.1-240331-1435.ge-release', '10.0.26100.4351'];

function requireName(ctx: SimulatorContext, args: string[]): string {
  if (args.length !== 1) {
    if (args.length === 0) ctx.out.fail(USAGE_TEXT);
    ctx.out.failWith('invalidCommandLine', undefined, args[1]);
  }
  return args[0];
}

/** `--unregister <Name>`: any state; deletes disk, shortcut, icon, fragment, empty BasePath, key. */
export async function unregisterDistro(ctx: SimulatorContext, args: string[]): Promise<number> {
  const name = requireName(ctx, args);
  const [guid, key] = await ctx.store.update((registry, instances) => {
    const found = findByName(registry, name);
    if (!found) ctx.out.failWith('distroNotFound', DISTRO_NOT_FOUND);
    found[1].State = DistroState.Uninstalling;
    terminateInstance(instances, found[0]);
    return found;
  });
  await rm(vhdPath(key), { recursive: true, force: true });
  await removeSideEffects({ shortcutPath: key.ShortcutPath, terminalProfilePath: key.TerminalProfilePath, iconPath: join(key.BasePath, 'shortcut.ico') });
  await removeIfEmpty(key.BasePath);
  await ctx.store.update((registry) => {
    delete registry.subkeys[guid];
    if (registry.values.DefaultDistribution === guid) {
      const next = Object.keys(registry.subkeys)[0];
      if (next === undefined) delete registry.values.DefaultDistribution;
      else registry.values.DefaultDistribution = next;
    }
  });
  ctx.out.success();
  return 0;
}

/** `--terminate <Name>`: succeeds for a stopped distro too. */
export async function terminateDistro(ctx: SimulatorContext, args: string[]): Promise<number> {
  const name = requireName(ctx, args);
  await ctx.store.update((registry, instances) => {
    const found = findByName(registry, name);
    if (!found) ctx.out.failWith('distroNotFound', DISTRO_NOT_FOUND);
    terminateInstance(instances, found[0]);
  });
  ctx.out.success();
  return 0;
}

/** `--set-default <Name>`. */
export async function setDefaultDistro(ctx: SimulatorContext, args: string[]): Promise<number> {
  const name = requireName(ctx, args);
  await ctx.store.update((registry) => {
    const found = findByName(registry, name);
    if (!found) ctx.out.failWith('distroNotFound', DISTRO_NOT_FOUND);
    registry.values.DefaultDistribution = found[0];
  });
  ctx.out.success();
  return 0;
}

/** `--shutdown [--force]`: stops every instance; prints nothing. */
export async function shutdownAll(ctx: SimulatorContext, args: string[]): Promise<number> {
  for (const arg of args) if (arg !== '--force') ctx.out.failWith('invalidCommandLine', undefined, arg);
  await ctx.store.update((_registry, instances) => {
    for (const guid of Object.keys(instances)) terminateInstance(instances, guid);
  });
  return 0;
}

/** `--status`: default distribution and version. */
export async function showStatus(ctx: SimulatorContext): Promise<number> {
  const { registry } = await ctx.store.read();
  const lines: string[] = [];
  const guid = registry.values.DefaultDistribution;
  if (guid !== undefined && registry.subkeys[guid]) lines.push(ctx.out.text('statusDefaultDistro', registry.subkeys[guid].DistributionName));
  lines.push(ctx.out.text('statusDefaultVersion', registry.values.DefaultVersion ?? 2));
  ctx.out.line(lines.join('\n'));
  return 0;
}

/**
 * `--version`: the 7-line block. In inbox mode (AZL_WSL_SIM_INBOX=1) wsl.exe predates
 * `--version` and answers like the inbox binary does for any unknown option: "Invalid command
 * line option: <arg>" followed by the usage text, no error code, -1.
 */
export function showVersion(ctx: SimulatorContext, argument: string): number {
  if (ctx.settings.inbox) ctx.out.fail(`Invalid command line option: ${argument}\n${USAGE_TEXT}`);
  ctx.out.line(ctx.out.text('packageVersions', ctx.settings.version, ...COMPONENT_VERSIONS));
  return 0;
}
