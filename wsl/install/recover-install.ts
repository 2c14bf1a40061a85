/**
 * Finishing what an interrupted install left behind. An install killed half-way (kill -9, a
 * crash, a closed terminal) keeps its journal; the next `install` or `ensure` of that name finds
 * it and either removes the half-made distribution (when it is provably that install's own:
 * `distro-ownership.ts`) or, for `ensure`, completes it when only the account step was missing,
 * and says which it did. A distribution it cannot prove its own is never touched.
 */
import { AzlError } from '../../common/errors.js';
import type { JournalRecord, JournalStore } from '../../common/journal-store.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { unregisterDistro } from '../driver/wsl-unregister.js';
import type { DistroLocations } from '../preflight/distro-locations.js';
import { removeCreatedFolders } from './created-folders.js';
import { distroOwnership } from './distro-ownership.js';
import type { InstallJournalData } from './install-journal.js';

export type Recovery =
  | { action: 'none' }
  /** Nothing of the interrupted install is left (its folders were removed, its distribution if any). */
  | { action: 'cleaned'; message: string }
  /** The interrupted install registered the distribution and nothing of the account was started: `ensure` may finish it. */
  | { action: 'resume'; message: string; journal: JournalRecord<InstallJournalData> };

/** Who was interrupted, for messages: "an install interrupted at <time> (process <pid>)". */
function describe(record: JournalRecord<InstallJournalData>): string {
  return `an install of ${record.data.name} interrupted at ${record.updatedAt} (process ${record.owner.pid})`;
}

/**
 * Looks for a journal of `name` left by a dead install and deals with it. The caller holds the
 * name's journal lock, so no live install can be working on that name.
 */
export async function recoverInterruptedInstall(
  name: string,
  options: { journal: JournalStore<InstallJournalData>; call: WslCallOptions; locations: DistroLocations; mode: 'install' | 'ensure' },
): Promise<Recovery> {
  const { journal, call, locations } = options;
  const record = await journal.read(name);
  if (!record) return { action: 'none' };
  const data = record.data;
  const ownership = await distroOwnership(name, { installId: data.installId, location: data.location }, call, locations);
  if (ownership.kind === 'busy') {
    throw new AzlError('DISTRO_EXISTS', `${ownership.entry.name} is still being registered or removed by WSL (${describe(record)}).`, {
      hint: 'Wait until "wsl -l -v" no longer shows it as installing, then run the command again. Nothing was changed.',
    });
  }
  if (ownership.kind === 'own' && options.mode === 'ensure' && data.phase !== 'account') {
    return { action: 'resume', journal: record, message: `Completed ${describe(record)}: WSL had registered it, the setup after that is done now.` };
  }
  let message: string;
  if (ownership.kind === 'own') {
    await unregisterDistro(ownership.entry.name, call);
    message = `Removed the half-made ${ownership.entry.name} left by ${describe(record)}.`;
  } else if (ownership.kind === 'foreign') {
    message = `Cleaned up after ${describe(record)}; it had not registered ${ownership.entry.name}, which belongs to someone else and was left alone.`;
  } else {
    message = `Cleaned up after ${describe(record)}; WSL had not registered it.`;
  }
  await removeCreatedFolders(data.createdDirs, locations);
  await journal.remove(name, record.owner.id);
  return { action: 'cleaned', message };
}
