/**
 * `azl-wsl move NAME DIR`: the distribution's disk to another folder, everything else kept.
 * Where WSL has `--manage NAME --move` (2.0+) that is all it takes (the registration stays, so
 * name, default user and Terminal profile stay too). Older WSL gets export → import under a
 * temporary name in DIR → check → only then the old registration is removed and the copy takes
 * the name (registration-swap.ts), default user, default status and Terminal profile re-applied.
 * The old registration is never removed before the copy is verified.
 *
 * Free space in DIR is checked first, with the size needed (nothing when DIR is on the same
 * volume, where WSL moves the disk by renaming it).
 */
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { pathExists } from '../../common/file-checks.js';
import type { JournalRecord } from '../../common/journal-store.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { exportDistro } from '../driver/wsl-export.js';
import { importDistro } from '../driver/wsl-import.js';
import { moveDistro as manageMove } from '../driver/wsl-manage.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { terminateDistro } from '../driver/wsl-terminate.js';
import { unregisterDistro } from '../driver/wsl-unregister.js';
import { samePath } from '../preflight/preflight.js';
import { wslConfNamesDefaultUser } from './carry-plan.js';
import { readDistroFacts, type FactsOptions } from './distro-facts.js';
import { findRegistration, WSL_DISK_FILE, type RegistrationSource } from './distro-registrations.js';
import { requireSpace } from './free-space.js';
import { lockDistro, LifecycleRun, resumeRun, type LifecycleJournalData } from './lifecycle-journal.js';
import { recoverInterrupted } from './recover-lifecycle.js';
import { reapplySettings, swapInTemp, verbContext, type KeptSettings, type SwapContext, type SwapPlan } from './registration-swap.js';
import { checkUsable, makeParent, verifyDefaultUser } from './restore-snapshot.js';
import { snapshotStoreFor } from './take-snapshot.js';
import { TEMP_NAME_PREFIX, type Recovered } from './upgrade-distro.js';
import { verifyArchive } from './verify-archive.js';

export interface MoveOptions extends FactsOptions, WorkOptions {
  distro: string;
  /** The new folder for the disk. */
  location: string;
  stateDir?: string;
}

export interface MoveResult {
  distro: string;
  from?: string;
  to: string;
  /** How: WSL's own move, or export/import under a temporary name. */
  method: 'manage-move' | 'copy';
  recovered?: string;
}

export interface MovePlan extends SwapPlan, KeptSettings {
  from?: string;
  method: 'manage-move' | 'copy';
  /** The export (copy method), beside DIR. */
  exportFile?: string;
  exportSha256?: string;
  createdDirs: string[];
}

/** Removes what a rolled-back copy-move made. */
async function rollBackMove(plan: MovePlan, deps: { call: WslCallOptions; registrations: RegistrationSource }): Promise<void> {
  const quiet: WslCallOptions = { ...deps.call, signal: undefined };
  const temp = await findRegistration(deps.registrations, plan.tempName).catch(() => undefined);
  if (temp) await unregisterDistro(temp.name, quiet).catch(() => undefined);
  if (plan.exportFile) await rm(plan.exportFile, { force: true });
  for (const dir of plan.createdDirs) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/** The copy method from the point the copy is checked. */
async function finishCopyMove(run: LifecycleRun<MovePlan>, ctx: SwapContext): Promise<void> {
  const plan = run.plan;
  const { deletion } = await swapInTemp(run as unknown as LifecycleRun<SwapPlan>, ctx);
  await run.step(ctx.work, 'restore-settings', 'Restoring the default user, default distribution and Terminal profile', async () => {
    await reapplySettings(plan.distro, plan, ctx, () => verifyDefaultUser(plan.distro, plan.defaultUser, ctx.call));
  });
  await run.step(ctx.work, 'clean-up', 'Removing the export and the old disk', async () => {
    if (plan.exportFile) await rm(plan.exportFile, { force: true });
    await deletion;
  });
}

/** The bytes the disk takes: the file on Windows, the content where the disk is a folder (the simulator). */
async function diskBytes(basePath: string | undefined, contentBytes: number): Promise<number> {
  if (basePath) {
    const info = await stat(join(basePath, WSL_DISK_FILE)).catch(() => undefined);
    if (info?.isFile()) return info.size;
  }
  return contentBytes;
}

async function sameVolume(a: string | undefined, b: string): Promise<boolean> {
  if (!a) return false;
  let probe = b;
  while (!(await pathExists(probe)) && resolve(probe, '..') !== probe) probe = resolve(probe, '..');
  const [left, right] = await Promise.all([stat(a).catch(() => undefined), stat(probe).catch(() => undefined)]);
  return left !== undefined && right !== undefined && left.dev === right.dev;
}

/** Moves `options.distro` to `options.location`. */
export async function moveDistribution(options: MoveOptions): Promise<MoveResult> {
  const ctx = verbContext(options);
  const { call, registrations, work, env, journal } = ctx;
  const target = resolve(options.location);

  const probe = new LifecycleRun<MovePlan>(journal, { operation: 'move', distro: options.distro, done: [], plan: {} as MovePlan }, undefined, env);
  const lock = await lockDistro(journal, options.distro, probe.owner);
  try {
    const recovered = await recoverInterrupted(options.distro, { call, registrations, env: options.env, stateDir: options.stateDir, store: snapshotStoreFor(options) });
    const checked = await runStep(work, 'check', `Checking ${options.distro} and ${target}`, async () => {
      const facts = await readDistroFacts(options.distro, options);
      const from = facts.registration?.basePath;
      if (from && samePath(from, target)) throw new AzlError('LOCATION_IN_USE', `${facts.entry.name} is already in ${target}.`, { hint: 'Choose another folder. Nothing was changed.' });
      const other = (await registrations.list().catch(() => [])).find((registration) => samePath(registration.basePath, target));
      if (other) throw new AzlError('LOCATION_IN_USE', `${target} already holds the distribution "${other.name}".`, { hint: 'Choose an empty folder of its own. Nothing was changed.' });
      if (await pathExists(join(target, WSL_DISK_FILE))) throw new AzlError('LOCATION_IN_USE', `${target} already contains a WSL disk (${WSL_DISK_FILE}).`, { hint: 'Choose an empty folder. Nothing was changed.' });
      const bytes = await diskBytes(from, facts.sizes[0]);
      const needed = (await sameVolume(from, target)) ? 0 : bytes;
      await requireSpace([{ path: target, bytes: needed, what: `the disk of ${facts.entry.name}` }]);
      return { facts, from, bytes };
    });
    const { facts, from } = checked;
    const distro = facts.entry.name;
    const tag = randomBytes(3).toString('hex');
    const run = new LifecycleRun<MovePlan>(
      journal,
      {
        operation: 'move',
        distro,
        done: [],
        plan: {
          distro,
          ...(facts.registration ? { oldId: facts.registration.id } : {}),
          ...(from ? { from } : {}),
          tempName: `${TEMP_NAME_PREFIX}${randomBytes(4).toString('hex')}`,
          tempLocation: `${target}.azl-move-${tag}`,
          finalLocation: target,
          ...(facts.defaultUser ? { defaultUser: facts.defaultUser } : {}),
          wslConfSetsDefaultUser: wslConfNamesDefaultUser(facts.etc, facts.defaultUser),
          wasDefault: facts.entry.isDefault,
          ...(facts.terminalProfile ? { terminalProfile: facts.terminalProfile } : {}),
          method: 'manage-move',
          createdDirs: [],
        },
      },
      probe.owner,
      env,
    );
    await run.save();
    const plan = run.plan;

    await run.step(work, 'stop', `Stopping ${distro}`, () => terminateDistro(distro, call));
    const moved = await run.step(work, 'move', `Moving ${distro} with WSL`, () => manageMove(distro, target, call));
    if (moved === 'moved') {
      await run.close();
      return { distro, ...(from ? { from } : {}), to: target, method: 'manage-move', ...(recovered ? { recovered: recovered.message } : {}) };
    }

    // This WSL cannot move a disk: copy, check, and only then swap.
    await requireSpace([{ path: target, bytes: checked.bytes * 2, what: `the export and the copy of ${distro}` }]);
    await run.record({ method: 'copy', exportFile: `${target}.azl-move-${tag}.tar` });
    try {
      await run.step(work, 'export', `Exporting ${distro}`, async () => {
        await makeParent(plan.tempLocation, plan.createdDirs);
        await run.record({ createdDirs: plan.createdDirs });
        await exportDistro({ ...call, name: distro, file: plan.exportFile!, format: 'tar' });
      });
      await run.step(work, 'verify-export', 'Verifying the export', async () => {
        const verified = await verifyArchive(plan.exportFile!, { signal: options.signal, what: 'The export' });
        await run.record({ exportSha256: verified.sha256 });
      });
      await run.step(work, 'register-temp', 'Importing the copy in the new folder', () => importDistro({ ...call, name: plan.tempName, location: plan.tempLocation, file: plan.exportFile!, version: 2 }));
      await run.step(work, 'check-temp', 'Checking the copy', () => checkUsable(plan.tempName, call));
    } catch (error) {
      await rollBackMove(plan, { call, registrations });
      await run.close();
      throw error;
    }
    // Past the point of no return a cancel is not honoured: the move finishes, as a recovery would.
    await finishCopyMove(run, { ...ctx, call: { ...call, signal: undefined }, work: { onProgress: options.onProgress } });
    await run.close();
    return { distro, ...(from ? { from } : {}), to: target, method: 'copy', ...(recovered ? { recovered: recovered.message } : {}) };
  } finally {
    await lock.release();
  }
}

/** Finishes or rolls back a move left by a dead process (the caller holds the lock). */
export async function recoverMove(record: JournalRecord<LifecycleJournalData>, deps: { call: WslCallOptions; registrations: RegistrationSource; env?: NodeJS.ProcessEnv; stateDir?: string }): Promise<Recovered> {
  const { run, plan, what } = resumeRun<MovePlan>(record, deps);
  if (plan.method === 'manage-move') {
    // WSL's own move is one call: the registration says where the disk is.
    const now = await findRegistration(deps.registrations, plan.distro);
    await run.close();
    if (now && samePath(now.basePath, plan.finalLocation)) return { action: 'finished', message: `Finished ${what}: WSL had moved ${plan.distro} to ${plan.finalLocation}.` };
    return { action: 'rolled-back', message: `Rolled back ${what}: ${plan.distro} is still in ${now?.basePath ?? plan.from ?? 'its old folder'}.` };
  }
  if (!run.isDone('check-temp')) {
    await rollBackMove(plan, deps);
    await run.close();
    return { action: 'rolled-back', message: `Rolled back ${what}: ${plan.distro} is still in ${plan.from ?? 'its old folder'}; the partial copy was removed.` };
  }
  await finishCopyMove(run, { call: deps.call, registrations: deps.registrations, work: {} });
  await run.close();
  return { action: 'finished', message: `Finished ${what}: ${plan.distro} is now in ${plan.finalLocation}.` };
}
