/**
 * `azl-wsl clone NAME NEWNAME`: a second, independent instance of a distribution, with its
 * accounts, homes and default user. One pass: `wsl --export NAME -` streams straight into
 * `wsl --import NEWNAME DIR -`, no file in between; the source is only read. /etc/machine-id is
 * emptied in the clone (systemd gives it its own at first boot) so the two are not one machine
 * to anything that tells machines apart by it.
 *
 * Journaled: a clone interrupted before the import finished is removed (only when its folder
 * proves it is ours), one interrupted after it is finished.
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AzlError } from '../../common/errors.js';
import type { JournalRecord } from '../../common/journal-store.js';
import { newJournalOwner } from '../../common/journal-store.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { execChecked } from '../driver/wsl-exec.js';
import { wslDetail, wslFailure } from '../driver/wsl-errors.js';
import { findDistro } from '../driver/wsl-list.js';
import { startWsl, type WslCallOptions } from '../driver/wsl-runner.js';
import { unregisterDistro } from '../driver/wsl-unregister.js';
import { defaultInstallLocation } from '../install/install-distro.js';
import { checkDistroName, samePath } from '../preflight/preflight.js';
import { wslConfNamesDefaultUser } from './carry-plan.js';
import { readDistroFacts, type FactsOptions } from './distro-facts.js';
import { findRegistration, type RegistrationSource } from './distro-registrations.js';
import { requireSpace } from './free-space.js';
import { lockDistro, LifecycleRun, resumeRun, type LifecycleJournalData } from './lifecycle-journal.js';
import { recoverInterrupted } from './recover-lifecycle.js';
import { reapplySettings, verbContext, type SwapContext } from './registration-swap.js';
import { makeParent, verifyDefaultUser } from './restore-snapshot.js';
import { snapshotStoreFor } from './take-snapshot.js';
import type { Recovered } from './upgrade-distro.js';

export interface CloneOptions extends FactsOptions, WorkOptions {
  distro: string;
  newName: string;
  /** The clone's disk folder; default %LOCALAPPDATA%\wsl\NEWNAME. */
  location?: string;
  stateDir?: string;
}

export interface CloneResult {
  source: string;
  distro: string;
  location: string;
  defaultUser?: string;
  recovered?: string;
}

export interface ClonePlan {
  source: string;
  distro: string;
  location: string;
  defaultUser?: string;
  wslConfSetsDefaultUser?: boolean;
  createdDirs: string[];
}

/** Streams the source's export into `wsl --import NEW DIR -`. */
async function streamClone(plan: ClonePlan, call: WslCallOptions): Promise<void> {
  // The export's stdout is the import's stdin: the bytes go from one wsl.exe to the other directly.
  const exporter = startWsl(['--export', plan.source, '-'], { ...call, name: 'export', readStdout: false });
  const importer = startWsl(['--import', plan.distro, plan.location, '-', '--version', '2'], { ...call, name: 'import', stdinFrom: exporter.stdout });
  const [exported, imported] = await Promise.all([exporter.done, importer.done]);
  if (imported.exitCode !== 0) throw imported.failed ? wslFailure(imported, `Importing ${plan.distro}`) : new AzlError('WSL_FAILED', `Importing ${plan.distro} failed.`, { detail: wslDetail(imported) });
  if (exported.exitCode !== 0) throw exported.failed ? wslFailure(exported, `Exporting ${plan.source}`) : new AzlError('WSL_FAILED', `Exporting ${plan.source} failed.`, { detail: wslDetail(exported) });
}

async function rollBackClone(plan: ClonePlan, deps: { call: WslCallOptions; registrations: RegistrationSource }): Promise<void> {
  const quiet: WslCallOptions = { ...deps.call, signal: undefined };
  const made = await findRegistration(deps.registrations, plan.distro).catch(() => undefined);
  if (made && samePath(made.basePath, plan.location)) await unregisterDistro(made.name, quiet).catch(() => undefined);
  for (const dir of plan.createdDirs) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

async function finishClone(run: LifecycleRun<ClonePlan>, ctx: SwapContext): Promise<void> {
  const plan = run.plan;
  await run.step(ctx.work, 'settings', 'Setting the default user and a machine id of its own', async () => {
    await execChecked({ ...ctx.call, distro: plan.distro, user: 'root', name: 'reset machine id', command: ['sh', '-c', 'if [ -s /etc/machine-id ]; then : > /etc/machine-id; fi'] });
    await reapplySettings(plan.distro, { defaultUser: plan.defaultUser, wslConfSetsDefaultUser: plan.wslConfSetsDefaultUser, wasDefault: false }, ctx, () => verifyDefaultUser(plan.distro, plan.defaultUser, ctx.call));
  });
}

/** Clones `options.distro` as `options.newName`. */
export async function cloneDistribution(options: CloneOptions): Promise<CloneResult> {
  const ctx = verbContext(options);
  const { call, registrations, work, env, journal } = ctx;
  const owner = newJournalOwner();
  const lock = await lockDistro(journal, options.newName, owner);
  try {
    const recovered = await recoverInterrupted(options.newName, { call, registrations, env: options.env, stateDir: options.stateDir, store: snapshotStoreFor(options) });
    const checked = await runStep(work, 'check', `Checking ${options.distro} and ${options.newName}`, async () => {
      const facts = await readDistroFacts(options.distro, options);
      const existing = await findDistro(options.newName, call);
      const name = checkDistroName(options.newName, existing ? [existing.name] : []);
      if (name.status === 'fail') throw new AzlError(name.code ?? 'DISTRO_NAME_INVALID', name.message, { hint: `${name.hint ?? 'Choose another name.'} Nothing was changed.` });
      const location = resolve(options.location ?? defaultInstallLocation(options.newName, env));
      const owner = (await registrations.list().catch(() => [])).find((registration) => samePath(registration.basePath, location));
      if (owner) throw new AzlError('LOCATION_IN_USE', `${location} already holds the distribution "${owner.name}".`, { hint: 'Choose another folder with --location. Nothing was changed.' });
      await requireSpace([{ path: location, bytes: facts.sizes[0], what: `the clone of ${facts.entry.name}` }]);
      return { facts, location };
    });
    const run = new LifecycleRun<ClonePlan>(
      journal,
      {
        operation: 'clone',
        distro: options.newName,
        done: [],
        plan: {
          source: checked.facts.entry.name,
          distro: options.newName,
          location: checked.location,
          ...(checked.facts.defaultUser ? { defaultUser: checked.facts.defaultUser } : {}),
          wslConfSetsDefaultUser: wslConfNamesDefaultUser(checked.facts.etc, checked.facts.defaultUser),
          createdDirs: [],
        },
      },
      owner,
      env,
    );
    await run.save();
    const plan = run.plan;
    try {
      await run.step(work, 'register', `Copying ${plan.source} into ${plan.distro}`, async () => {
        await makeParent(plan.location, plan.createdDirs);
        await run.record({ createdDirs: plan.createdDirs });
        await streamClone(plan, call);
      });
    } catch (error) {
      await rollBackClone(plan, { call, registrations });
      await run.close();
      throw error;
    }
    await finishClone(run, ctx);
    await run.close();
    return { source: plan.source, distro: plan.distro, location: plan.location, ...(plan.defaultUser ? { defaultUser: plan.defaultUser } : {}), ...(recovered ? { recovered: recovered.message } : {}) };
  } finally {
    await lock.release();
  }
}

/** Finishes or rolls back a clone left by a dead process (the caller holds the lock). */
export async function recoverClone(record: JournalRecord<LifecycleJournalData>, deps: { call: WslCallOptions; registrations: RegistrationSource; env?: NodeJS.ProcessEnv; stateDir?: string }): Promise<Recovered> {
  const { run, what } = resumeRun<ClonePlan>(record, deps);
  if (!run.isDone('register')) {
    await rollBackClone(run.plan, deps);
    await run.close();
    return { action: 'rolled-back', message: `Rolled back ${what}: the half-made ${run.plan.distro} was removed; ${run.plan.source} was only read.` };
  }
  await finishClone(run, { call: deps.call, registrations: deps.registrations, work: {} });
  await run.close();
  return { action: 'finished', message: `Finished ${what}: ${run.plan.distro} is ready.` };
}
