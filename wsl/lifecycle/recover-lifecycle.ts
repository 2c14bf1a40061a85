/**
 * Dealing with lifecycle operations a dead process left half-done: every operation on a
 * distribution first calls `recoverInterrupted` (under the distribution's lock), and
 * `azl-wsl doctor` calls `recoverAllInterrupted`. Each operation knows from its journal whether
 * to roll back (the original was never touched) or finish (the new state was complete), and
 * says which.
 */
import type { JournalRecord } from '../../common/journal-store.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import type { RegistrationSource } from './distro-registrations.js';
import { interruptedJournal, lifecycleJournal, lockDistro, type LifecycleJournalData } from './lifecycle-journal.js';
import { newJournalOwner, isOwnerGone } from '../../common/journal-store.js';
import type { SnapshotStore } from './snapshot-store.js';
import { recoverUpgrade, type Recovered } from './upgrade-distro.js';
import { recoverRestore } from './restore-snapshot.js';
import { recoverMove } from './move-distro.js';
import { recoverClone } from './clone-distro.js';

export interface RecoveryDeps {
  call: WslCallOptions;
  registrations: RegistrationSource;
  env?: NodeJS.ProcessEnv;
  stateDir?: string;
  store: SnapshotStore;
}

async function recover(record: JournalRecord<LifecycleJournalData>, deps: RecoveryDeps): Promise<Recovered> {
  switch (record.data.operation) {
    case 'upgrade':
      return recoverUpgrade(record, deps);
    case 'restore':
      return recoverRestore(record, deps);
    case 'move':
      return recoverMove(record, deps);
    case 'clone':
      return recoverClone(record, deps);
  }
}

/** Recovers the interrupted operation on `name`, if there is one (the caller holds its lock). */
export async function recoverInterrupted(name: string, deps: RecoveryDeps): Promise<Recovered | undefined> {
  const record = await interruptedJournal(lifecycleJournal({ ...process.env, ...deps.env }, deps.stateDir), name);
  return record ? recover(record, deps) : undefined;
}

/** Recovers every interrupted operation of this user (doctor); returns what was done, in order. */
export async function recoverAllInterrupted(deps: RecoveryDeps): Promise<Recovered[]> {
  const store = lifecycleJournal({ ...process.env, ...deps.env }, deps.stateDir);
  const results: Recovered[] = [];
  for (const record of await store.list()) {
    if (!isOwnerGone(record.owner)) continue;
    const lock = await lockDistro(store, record.data.distro, newJournalOwner());
    try {
      const again = await interruptedJournal(store, record.data.distro);
      if (again) results.push(await recover(again, deps));
    } finally {
      await lock.release();
    }
  }
  return results;
}
