/**
 * `wsl -l [--all] [--running] [-q] [-v]`, formatted as WslClient.cpp does: default first, the
 * rest in registry order (unspecified; shuffled here so nobody depends on it), `-v` rows as
 * `wprintf("%s %-<W>s%-16s%s\n")` with W = max(4, longest name) + 4.
 */
import type { WslOutput } from './wsl-output.js';
import { DistroState, FLAG_WSL2, type DistroKey } from './registry-store.js';
import type { SimulatorContext } from './simulator-context.js';
import { USAGE_TEXT } from './usage-text.js';
import { listOnline } from './list-online.js';

/** `-v` column: STATE is padded to 16 (`%-16s`). */
const STATE_COLUMN_WIDTH = 16;
/** `-v` name column: at least as wide as "NAME", plus 4 spaces of gap. */
const NAME_COLUMN_MIN = 4;
const NAME_COLUMN_GAP = 4;

const STATE_NAMES: Record<number, string> = {
  [DistroState.Installed]: 'Stopped',
  [DistroState.Installing]: 'Installing',
  [DistroState.Uninstalling]: 'Uninstalling',
  [DistroState.Converting]: 'Converting',
  [DistroState.Exporting]: 'Exporting',
};

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Runs `--list`; returns the exit code. */
export async function listDistros(ctx: SimulatorContext, args: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  let all = false;
  let running = false;
  let quiet = false;
  let verbose = false;
  let online = false;
  for (const arg of args) {
    if (arg === '--all') all = true;
    else if (arg === '--running') running = true;
    else if (arg === '-q' || arg === '--quiet') quiet = true;
    else if (arg === '-v' || arg === '--verbose') verbose = true;
    else if (arg === '-o' || arg === '--online') online = true;
    else out.failWith('invalidCommandLine', undefined, arg);
  }
  if ((quiet && verbose) || ((verbose || all) && online)) out.fail(USAGE_TEXT);
  if (online) return listOnline(ctx);
  const { registry, instances } = await ctx.store.read();
  const defaultGuid = registry.values.DefaultDistribution;
  const entries = Object.entries(registry.subkeys);
  const ordered: Array<[string, DistroKey]> = [
    ...entries.filter(([guid]) => guid === defaultGuid),
    ...shuffle(entries.filter(([guid]) => guid !== defaultGuid)),
  ];
  const visible = ordered.filter(([guid, key]) => {
    if (running && !instances[guid]) return false;
    return all || verbose || key.State === DistroState.Installed;
  });
  if (visible.length === 0) {
    if (quiet) return 0;
    if (running && entries.length > 0) {
      out.line(out.text('noRunning'));
      return 0;
    }
    out.fail(out.text('noDistros'));
  }
  if (quiet) {
    out.line(visible.map(([, key]) => key.DistributionName).join('\n'));
    return 0;
  }
  if (verbose) {
    const width = Math.max(NAME_COLUMN_MIN, ...visible.map(([, key]) => key.DistributionName.length)) + NAME_COLUMN_GAP;
    const row = (marker: string, name: string, state: string, version: string): string =>
      `${marker} ${name.padEnd(width)}${state.padEnd(STATE_COLUMN_WIDTH)}${version}`;
    const lines = [row(' ', 'NAME', 'STATE', 'VERSION')];
    for (const [guid, key] of visible) {
      const state = key.State === DistroState.Installed && instances[guid] ? 'Running' : (STATE_NAMES[key.State] ?? 'Stopped');
      lines.push(row(guid === defaultGuid ? '*' : ' ', key.DistributionName, state, key.Flags & FLAG_WSL2 ? '2' : '1'));
    }
    out.line(lines.join('\n'));
    return 0;
  }
  const lines = [out.text('listHeader')];
  for (const [guid, key] of visible) lines.push(guid === defaultGuid ? out.text('listDefault', key.DistributionName) : key.DistributionName);
  out.line(lines.join('\n'));
  return 0;
}
