/**
 * `wsl -l [--all] [--running] [-q] [-v]`, formatted as WslClient.cpp does: default first, the
 * rest in registry order (unspecified; shuffled here so nobody depends on it), `-v` rows as
 * `wprintf("%s %-<W>s%-16s%s\n")` with W = max(4, longest name) + 4.
 */
import type { WslOutput } from './wsl-output.js';
import { DistroState, FLAG_WSL2, type DistroKey } from './registry-store.js';
import type { SimulatorContext } from './simulator-context.js';
import { listOnline } from './list-online.js';
import { VerbArguments } from './verb-arguments.js';
import { WSL_FAILURE_EXIT } from './wsl-output.js';

/** `-v` column: STATE is padded to 16 (`%-16s`). */
const STATE_COLUMN_WIDTH = 16;
/** `-v` name column: at least as wide as "NAME", plus 4 spaces of gap. */
const NAME_COLUMN_MIN = 4;
const NAME_COLUMN_GAP = 4;

/** LxssDistributionStateRunning: reported by the service, never stored. */
const RUNNING = 2;

const STATE_NAMES: Record<number, string> = {
  [DistroState.Installed]: 'Stopped',
  [RUNNING]: 'Running',
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

/** Runs `--list` (WslClient.cpp ListDistributionsHelper); returns the exit code. */
export async function listDistros(ctx: SimulatorContext, args: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  let all = false;
  let running = false;
  let quiet = false;
  let verbose = false;
  let online = false;
  new VerbArguments(out)
    .flag('--all', undefined, () => (all = true))
    .flag('--running', undefined, () => (running = true))
    .flag('--quiet', 'q', () => (quiet = true))
    .flag('--verbose', 'v', () => (verbose = true))
    .flag('--online', 'o', () => (online = true))
    .parse(args);
  if ((quiet && verbose) || (all && running) || ((verbose || all) && online)) out.failUsage();
  if (online) return listOnline(ctx);
  const { registry, instances, locks } = await ctx.store.read();
  const defaultGuid = registry.values.DefaultDistribution;
  const entries = Object.entries(registry.subkeys);
  const ordered: Array<[string, DistroKey]> = [
    ...entries.filter(([guid]) => guid === defaultGuid),
    ...shuffle(entries.filter(([guid]) => guid !== defaultGuid)),
  ];
  // EnumerateDistributions: Running wins; an Installed distribution held by an export shows as Exporting.
  const rows = ordered.map(([guid, key]) => {
    let state = key.State === DistroState.Installed && locks[guid] ? locks[guid].state : key.State;
    if (instances[guid]) state = RUNNING;
    return { guid, name: key.DistributionName, state, version: key.Flags & FLAG_WSL2 ? '2' : '1' };
  });

  if (verbose) {
    // -v lists every distribution in every state, whatever --running says.
    if (rows.length === 0) out.fail(out.text('noDistros'));
    const width = Math.max(NAME_COLUMN_MIN, ...rows.map((row) => row.name.length)) + NAME_COLUMN_GAP;
    const line = (marker: string, name: string, state: string, version: string): string =>
      `${marker} ${name.padEnd(width)}${state.padEnd(STATE_COLUMN_WIDTH)}${version}`;
    const lines = [line(' ', 'NAME', 'STATE', 'VERSION')];
    for (const row of rows) lines.push(line(row.guid === defaultGuid ? '*' : ' ', row.name, STATE_NAMES[row.state] ?? 'Stopped', row.version));
    out.line(lines.join('\n'));
    return 0;
  }
  let visible = rows;
  if (running) {
    visible = visible.filter((row) => row.state === RUNNING);
    if (!quiet && visible.length === 0) {
      out.line(out.text('noRunning'));
      return WSL_FAILURE_EXIT;
    }
  }
  if (!all) visible = visible.filter((row) => row.state === DistroState.Installed || row.state === RUNNING);
  if (!quiet && visible.length === 0) out.fail(out.text('noDistros'));
  const lines = quiet ? [] : [out.text('listHeader')];
  for (const row of visible) lines.push(!quiet && row.guid === defaultGuid ? out.text('listDefault', row.name) : row.name);
  if (lines.length > 0) out.line(lines.join('\n'));
  return 0;
}
