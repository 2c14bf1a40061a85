/**
 * `wsl --list --online` (WslClient.cpp `ListDistributionsHelper`): the override list's names
 * first, then the main list's, each name once (exact match), at most the first four entries
 * of each flavor, then legacy entries; a header, then `%-<W>s%s` rows of NAME and FRIENDLY
 * NAME with W = longest name (at least "NAME") + 4.
 */
import { catalogText } from './catalog-messages.js';
import { getAvailable, ListFailure, type DistributionList } from './distribution-list.js';
import type { SimulatorContext } from './simulator-context.js';

/** WslClient.cpp shows entries 0..3 of a flavor unless --all (which --online refuses anyway). */
const MAX_FLAVOR_INDEX = 3;
const NAME_COLUMN_GAP = 4;

export async function listOnline(ctx: SimulatorContext): Promise<number> {
  let available;
  try {
    available = await getAvailable(ctx);
  } catch (error) {
    if (error instanceof ListFailure) ctx.out.fail(error.text, `Wsl/${error.token}`);
    throw error;
  }
  const names: Array<[string, string]> = [];
  const add = (name: string, friendly: string): void => {
    if (!names.some(([existing]) => existing === name)) names.push([name, friendly]);
  };
  const read = (list: DistributionList): void => {
    for (const [, entries] of list.modern ?? []) {
      entries.forEach((entry, index) => {
        if (index <= MAX_FLAVOR_INDEX) add(entry.Name, entry.FriendlyName);
      });
    }
    for (const entry of list.legacy ?? []) add(entry.Name, entry.FriendlyName);
  };
  if (available.override) read(available.override);
  read(available.manifest);
  const width = Math.max('NAME'.length, ...names.map(([name]) => name.length)) + NAME_COLUMN_GAP;
  ctx.out.line(catalogText(ctx, 'listOnline', '--install'));
  ctx.out.line([['NAME', 'FRIENDLY NAME'], ...names].map(([name, friendly]) => `${name.padEnd(width)}${friendly}`).join('\n'));
  return 0;
}
