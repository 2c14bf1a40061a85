/**
 * The install journal: written before an install registers anything and removed when it is
 * complete (or fully cleaned up), so an install killed half-way (kill -9, a crash, a closed
 * terminal) leaves enough behind for the next `install`/`ensure` of that name to finish or
 * remove exactly what it made. Stored per user (`common/state-dir.ts`) through the shared
 * journal store; the same store's lock keeps two installs of one name from running at once.
 */
import { JournalStore } from '../../common/journal-store.js';
import { userStateDir } from '../../common/state-dir.js';
import type { RegistrationMethod } from '../../common/install-method.js';

/** How far an install got; each phase is written before the step it names starts. */
export type InstallPhase = 'registering' | 'registered' | 'account';

export interface InstallJournalData {
  /** The distribution name as requested. */
  name: string;
  /** The id the install writes into /etc/azl-wsl/install.json (also the journal owner's id). */
  installId: string;
  phase: InstallPhase;
  method: RegistrationMethod;
  /** The image file (absolute). */
  file: string;
  /** The location passed to wsl.exe: the registration's BasePath when it succeeds. */
  location: string;
  /** Folders this install created: the location first, then missing parents, deepest first. */
  createdDirs: string[];
  /** The first account being created, when one was asked for. */
  user?: string;
}

/** Journal kind in the state folder (file names `install-<name>.json`). */
export const INSTALL_JOURNAL_KIND = 'install';

/** The install journals of this user; `stateDir` overrides the per-user folder. */
export function installJournal(env: NodeJS.ProcessEnv = process.env, stateDir?: string): JournalStore<InstallJournalData> {
  return new JournalStore<InstallJournalData>(stateDir ?? userStateDir(env), INSTALL_JOURNAL_KIND);
}
