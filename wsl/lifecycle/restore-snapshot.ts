/**
 * `azl-wsl restore NAME SNAPSHOT`: the distribution as it was when the snapshot was taken,
 * under the same name, starting as the same default user, with the same default-distribution
 * status and Terminal profile (a bare `wsl --import` would start as root and lose the rest).
 *
 * The snapshot is verified first (SHA-256 and readable to the end); a damaged one is refused
 * with nothing changed. When NAME exists, the snapshot is imported under a temporary name and
 * checked before the current registration is replaced by it (registration-swap.ts, no second
 * copy); when it does not, it is imported under NAME directly. Every step is journaled: until
 * the current registration is being removed an interruption rolls back, after that it finishes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { pathExists } from '../../common/file-checks.js';
import type { JournalRecord } from '../../common/journal-store.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { execInDistro } from '../driver/wsl-exec.js';
import { wslDetail } from '../driver/wsl-errors.js';
import { importDistro } from '../driver/wsl-import.js';
import { findDistro } from '../driver/wsl-list.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { unregisterDistro } from '../driver/wsl-unregister.js';
import { defaultInstallLocation } from '../install/install-distro.js';
import { samePath } from '../preflight/preflight.js';
import { configuredDefaultUser, wslConfNamesDefaultUser } from './carry-plan.js';
import { readDistroFacts, type FactsOptions } from './distro-facts.js';
import { findRegistration, type RegistrationSource } from './distro-registrations.js';
import { requireSpace } from './free-space.js';
import { lockDistro, LifecycleRun, resumeRun, type LifecycleJournalData } from './lifecycle-journal.js';
import { recoverInterrupted } from './recover-lifecycle.js';
import { reapplySettings, swapInTemp, verbContext, type KeptSettings, type SwapContext, type SwapPlan } from './registration-swap.js';
import type { SnapshotInfo, SnapshotStore } from './snapshot-store.js';
import { snapshotStoreFor } from './take-snapshot.js';
import { TEMP_NAME_PREFIX, type Recovered } from './upgrade-distro.js';
import { verifyArchive } from './verify-archive.js';

export interface RestoreOptions extends FactsOptions, WorkOptions {
  distro: string;
  /** Snapshot id (`azl-wsl snapshots` lists them). */
  snapshot: string;
  /** Where the disk goes; default: where the distribution is now, else where it was. */
  location?: string;
  store?: SnapshotStore;
  stateDir?: string;
}

export interface RestoreResult {
  distro: string;
  snapshot: SnapshotInfo;
  /** Whether an existing distribution was replaced (else it was created). */
  replaced: boolean;
  defaultUser?: string;
  location: string;
  terminalSettingsUpdated: string[];
  recovered?: string;
}

export interface RestorePlan extends SwapPlan, KeptSettings {
  snapshotId: string;
  snapshotFile: string;
  /** Whether a registration was there to replace. */
  replacing: boolean;
  createdDirs: string[];
}

/** `wsl -d NAME -u root` runs a shell: the imported copy is usable. */
export async function checkUsable(distro: string, call: WslCallOptions): Promise<void> {
  const result = await execInDistro({ ...call, distro, user: 'root', name: 'check copy', command: ['sh', '-c', 'exit 0'] });
  if (result.exitCode !== 0) throw new AzlError('UPGRADE_CHECK_FAILED', `The imported copy ${distro} does not start.`, { hint: 'Nothing else was changed.', detail: wslDetail(result) });
}

/** The default user plain `wsl -d NAME` must start as now, or UPGRADE_CHECK_FAILED. */
export async function verifyDefaultUser(distro: string, user: string | undefined, call: WslCallOptions): Promise<void> {
  const result = await execInDistro({ ...call, distro, name: 'verify default user', command: ['id', '-un'] });
  const actual = result.stdout.toString('utf8').trim();
  if (result.exitCode !== 0 || actual !== (user ?? 'root')) {
    throw new AzlError('UPGRADE_CHECK_FAILED', `${distro} starts as "${actual || '?'}" instead of ${user ?? 'root'}.`, { hint: `Run \`azl-wsl set-default-user ${distro} ${user ?? 'root'}\`.`, detail: wslDetail(result) });
  }
}

/** Records the folders from `path` up that do not exist yet (deepest first), then makes the parent. */
export async function makeParent(path: string, created: string[]): Promise<void> {
  for (let dir = path; !(await pathExists(dir)) && dirname(dir) !== dir; dir = dirname(dir)) created.push(dir);
  await mkdir(dirname(path), { recursive: true });
}

/** Removes what a rolled-back restore made. */
async function rollBackRestore(plan: RestorePlan, deps: { call: WslCallOptions; registrations: RegistrationSource }): Promise<void> {
  const quiet: WslCallOptions = { ...deps.call, signal: undefined };
  if (plan.replacing) {
    const temp = await findRegistration(deps.registrations, plan.tempName).catch(() => undefined);
    if (temp) await unregisterDistro(temp.name, quiet).catch(() => undefined);
  } else {
    const made = await findRegistration(deps.registrations, plan.distro).catch(() => undefined);
    if (made && samePath(made.basePath, plan.finalLocation)) await unregisterDistro(made.name, quiet).catch(() => undefined);
  }
  for (const dir of plan.createdDirs) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/** From the point the new registration exists: settings and the final check. */
async function finishRestore(run: LifecycleRun<RestorePlan>, ctx: SwapContext): Promise<string[]> {
  const plan = run.plan;
  const { deletion } = plan.replacing ? await swapInTemp(run as unknown as LifecycleRun<SwapPlan>, ctx) : { deletion: Promise.resolve() };
  let changed: string[] = [];
  await run.step(ctx.work, 'restore-settings', 'Restoring the default user, default distribution and Terminal profile', async () => {
    changed = await reapplySettings(plan.distro, plan, ctx, () => verifyDefaultUser(plan.distro, plan.defaultUser, ctx.call));
  });
  if (plan.replacing) await run.step(ctx.work, 'delete-old', 'Deleting the replaced disk', () => deletion);
  return changed;
}

/** Restores `options.snapshot` as `options.distro`. */
export async function restoreSnapshot(options: RestoreOptions): Promise<RestoreResult> {
  const ctx = verbContext(options);
  const { call, registrations, work, env, journal } = ctx;
  const store = snapshotStoreFor(options);

  const probe = new LifecycleRun<RestorePlan>(journal, { operation: 'restore', distro: options.distro, done: [], plan: {} as RestorePlan }, undefined, env);
  const lock = await lockDistro(journal, options.distro, probe.owner);
  try {
    const recovered = await recoverInterrupted(options.distro, { call, registrations, env: options.env, stateDir: options.stateDir, store });
    const info = await store.get(options.snapshot, options.distro).catch(() => store.get(options.snapshot));
    const file = store.dataFile(info);
    const verified = await runStep(work, 'check', `Verifying the snapshot ${info.id}`, () => verifyArchive(file, { expectedSha256: info.sha256, signal: options.signal }));
    const existing = await findDistro(options.distro, call);
    const facts = existing ? await readDistroFacts(existing.name, options) : undefined;
    const distro = existing?.name ?? options.distro;
    const locations = await registrations.list().catch(() => []);
    const inUse = (path: string): boolean => locations.some((registration) => samePath(registration.basePath, path) && registration.name.toLowerCase() !== distro.toLowerCase());
    const remembered = info.location && !inUse(info.location) ? info.location : undefined;
    const finalLocation = resolve(options.location ?? facts?.registration?.basePath ?? remembered ?? defaultInstallLocation(distro, env));
    if (inUse(finalLocation)) throw new AzlError('LOCATION_IN_USE', `${finalLocation} holds another distribution.`, { hint: 'Choose another folder with --location. Nothing was changed.' });
    const tempLocation = `${finalLocation}.azl-restore-${randomBytes(3).toString('hex')}`;
    await requireSpace([{ path: existing ? tempLocation : finalLocation, bytes: info.sizeBytes, what: `the restored disk of ${distro}` }]);

    const run = new LifecycleRun<RestorePlan>(
      journal,
      {
        operation: 'restore',
        distro,
        done: [],
        plan: {
          distro,
          ...(facts?.registration ? { oldId: facts.registration.id } : {}),
          tempName: `${TEMP_NAME_PREFIX}${randomBytes(4).toString('hex')}`,
          tempLocation,
          finalLocation,
          defaultUser: info.defaultUser ?? configuredDefaultUser(verified.index, undefined),
          wslConfSetsDefaultUser: wslConfNamesDefaultUser(verified.index, info.defaultUser ?? configuredDefaultUser(verified.index, undefined)),
          wasDefault: existing ? existing.isDefault : info.wasDefault,
          ...((facts?.terminalProfile ?? info.terminalProfile) ? { terminalProfile: facts?.terminalProfile ?? info.terminalProfile } : {}),
          snapshotId: info.id,
          snapshotFile: file,
          replacing: existing !== undefined,
          createdDirs: [],
        },
      },
      probe.owner,
      env,
    );
    await run.save();
    const plan = run.plan;
    try {
      if (plan.replacing) {
        await run.step(work, 'register-temp', 'Importing the snapshot under a temporary name', async () => {
          await makeParent(plan.tempLocation, plan.createdDirs);
          await run.record({ createdDirs: plan.createdDirs });
          await importDistro({ ...call, name: plan.tempName, location: plan.tempLocation, file, version: 2 });
        });
        await run.step(work, 'check-temp', 'Checking the imported copy', () => checkUsable(plan.tempName, call));
      } else {
        await run.step(work, 'register', `Importing the snapshot as ${distro}`, async () => {
          await makeParent(plan.finalLocation, plan.createdDirs);
          await run.record({ createdDirs: plan.createdDirs });
          await importDistro({ ...call, name: distro, location: plan.finalLocation, file, version: 2 });
        });
      }
    } catch (error) {
      await rollBackRestore(plan, { call, registrations });
      await run.close();
      throw error;
    }
    // Past the point of no return a cancel is not honoured: the restore finishes, as a recovery would.
    const changed = await finishRestore(run, { ...ctx, call: { ...call, signal: undefined }, work: { onProgress: options.onProgress } });
    await run.close();
    return {
      distro,
      snapshot: info,
      replaced: plan.replacing,
      ...(plan.defaultUser ? { defaultUser: plan.defaultUser } : {}),
      location: plan.finalLocation,
      terminalSettingsUpdated: changed,
      ...(recovered ? { recovered: recovered.message } : {}),
    };
  } finally {
    await lock.release();
  }
}

/** Finishes or rolls back a restore left by a dead process (the caller holds the lock). */
export async function recoverRestore(record: JournalRecord<LifecycleJournalData>, deps: { call: WslCallOptions; registrations: RegistrationSource; env?: NodeJS.ProcessEnv; stateDir?: string }): Promise<Recovered> {
  const { run, plan, what } = resumeRun<RestorePlan>(record, deps);
  const committed = plan.replacing ? run.isDone('check-temp') : run.isDone('register');
  if (!committed) {
    await rollBackRestore(plan, deps);
    await run.close();
    return { action: 'rolled-back', message: `Rolled back ${what}: ${plan.distro} is as it was before the restore.` };
  }
  await finishRestore(run, { call: deps.call, registrations: deps.registrations, work: {} });
  await run.close();
  return { action: 'finished', message: `Finished ${what}: ${plan.distro} is the snapshot ${plan.snapshotId} again.` };
}
