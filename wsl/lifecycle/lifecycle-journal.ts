/**
 * The lifecycle journal: every upgrade, restore, move and clone writes, before each step,
 * which step it is starting and everything the step needs to be finished or undone (temporary
 * names, folders, the snapshot), and after it, that the step is done. An operation killed at any
 * moment (kill -9, a crash, a closed terminal) leaves this file; the next operation on that
 * distribution, or `azl-wsl doctor`, reads it and finishes or rolls back, saying which.
 *
 * Stored with the install journals (`common/journal-store.ts`, per-user state folder, atomic
 * writes, one lock per distribution so two operations never work on one distribution at once).
 */
import { AzlError } from '../../common/errors.js';
import { JournalStore, isOwnerGone, newJournalOwner, type HeldLock, type JournalOwner, type JournalRecord } from '../../common/journal-store.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { userStateDir } from '../../common/state-dir.js';
import { crashPoint } from './crash-point.js';

export type LifecycleOperation = 'upgrade' | 'restore' | 'move' | 'clone';

export interface LifecycleJournalData<P = Record<string, unknown>> {
  operation: LifecycleOperation;
  /** The distribution the operation is about (for clone: the new one). */
  distro: string;
  /** Steps finished, in order. */
  done: string[];
  /** The step begun and not yet recorded as done, if any. */
  current?: string;
  /** What the operation needs to finish or undo itself. */
  plan: P;
}

/** Journal kind in the state folder (file names `lifecycle-<name>.json`). */
export const LIFECYCLE_JOURNAL_KIND = 'lifecycle';

/** The lifecycle journals of this user; `stateDir` overrides the per-user folder. */
export function lifecycleJournal(env: NodeJS.ProcessEnv = process.env, stateDir?: string): JournalStore<LifecycleJournalData> {
  return new JournalStore<LifecycleJournalData>(stateDir ?? userStateDir(env), LIFECYCLE_JOURNAL_KIND);
}

/** "an upgrade of Dev interrupted at <time> (process 123)". */
export function describeInterrupted(record: JournalRecord<LifecycleJournalData>): string {
  const { operation, distro } = record.data;
  const article = operation === 'upgrade' ? 'an' : 'a';
  return `${article} ${operation} of ${distro} interrupted at ${record.updatedAt} (process ${record.owner.pid})`;
}

/** Takes the distribution's lifecycle lock, or explains who holds it. */
export async function lockDistro(store: JournalStore<LifecycleJournalData>, name: string, owner: JournalOwner): Promise<HeldLock> {
  const result = await store.lock(name, owner);
  if (result.acquired) return result.lock;
  throw new AzlError('DISTRO_BUSY', `Another azl-wsl operation (process ${result.holder.pid}) is working on ${name}.`, {
    hint: 'Wait for it to finish, then run the command again. Nothing was changed.',
  });
}

/**
 * One running operation: its journal, written atomically before and after each step. Steps
 * already in `done` (a resumed operation) are skipped.
 */
/** What recovering an interrupted operation needs to find its journal. */
export interface RecoveryDeps {
  env?: NodeJS.ProcessEnv;
  stateDir?: string;
}

/** The run an interrupted operation left (its plan and the steps it finished), and how to name it. */
export function resumeRun<P extends object>(record: JournalRecord<LifecycleJournalData>, deps: RecoveryDeps): { run: LifecycleRun<P>; plan: P; what: string } {
  const env = { ...process.env, ...deps.env };
  const run = new LifecycleRun<P>(lifecycleJournal(env, deps.stateDir), record.data as unknown as LifecycleJournalData<P>, record.owner, env);
  return { run, plan: run.plan, what: describeInterrupted(record) };
}

export class LifecycleRun<P extends object> {
  readonly owner: JournalOwner;

  constructor(
    private readonly store: JournalStore<LifecycleJournalData>,
    readonly data: LifecycleJournalData<P>,
    owner?: JournalOwner,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.owner = owner ?? newJournalOwner();
  }

  get plan(): P {
    return this.data.plan;
  }

  /** Writes the journal as it is now. */
  async save(): Promise<void> {
    await this.store.write(this.data.distro, this.owner, this.data as LifecycleJournalData);
  }

  /** Merges `patch` into the plan and saves. */
  async record(patch: Partial<P>): Promise<void> {
    Object.assign(this.data.plan, patch);
    await this.save();
  }

  isDone(step: string): boolean {
    return this.data.done.includes(step);
  }

  /** Runs `work` as a journaled step (skipped when already done), reporting progress. */
  async step<T>(work: WorkOptions, step: string, label: string, body: (report: (fraction?: number, detail?: string) => void) => Promise<T>): Promise<T | undefined> {
    if (this.isDone(step)) return undefined;
    this.data.current = step;
    await this.save();
    crashPoint(this.data.operation, step, 'begin', this.env);
    const result = await runStep(work, step, label, body);
    this.data.done.push(step);
    this.data.current = undefined;
    await this.save();
    crashPoint(this.data.operation, step, 'done', this.env);
    return result;
  }

  /** The operation is over (finished or rolled back): the journal goes. */
  async close(): Promise<void> {
    await this.store.remove(this.data.distro, this.owner.id);
  }
}

/** The journal of `name` when its process is gone (an interrupted operation), else undefined. */
export async function interruptedJournal(store: JournalStore<LifecycleJournalData>, name: string): Promise<JournalRecord<LifecycleJournalData> | undefined> {
  const record = await store.read(name);
  return record && isOwnerGone(record.owner) ? record : undefined;
}
