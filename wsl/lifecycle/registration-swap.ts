/**
 * Putting a complete temporary distribution in the place of another under its name, with no
 * copy of the data. WSL cannot rename a distribution, and unregistering deletes the disk, so:
 * the old registration is removed (its data is safe in a verified snapshot, and the temporary
 * one is already complete and checked), the temporary one's disk is moved aside (a rename on
 * one volume), the temporary registration is removed (WSL finds no disk to delete), and the
 * disk is registered in place under the final name (`wsl --import-in-place`). Every step
 * probes the world first, so it can be run again after a crash at any point.
 *
 * Then what a bare registration loses is put back: the default user, default-distribution
 * status and the Windows Terminal profile settings.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { pathExists } from '../../common/file-checks.js';
import type { WorkOptions } from '../../common/progress.js';
import { changeDefaultUser } from '../account/change-default-user.js';
import { importInPlace } from '../driver/wsl-import-in-place.js';
import { setDefaultUser } from '../driver/wsl-manage.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { setDefaultDistro } from '../driver/wsl-set-default.js';
import { terminateDistro } from '../driver/wsl-terminate.js';
import { unregisterDistro } from '../driver/wsl-unregister.js';
import { findRegistration, WSL_DISK_FILE, type RegistrationSource } from './distro-registrations.js';
import { lifecycleJournal, type LifecycleJournalData, type LifecycleRun } from './lifecycle-journal.js';
import { callOptions, registrationsFor, type FactsOptions } from './distro-facts.js';
import type { JournalStore } from '../../common/journal-store.js';
import { applyProfileSettings, fragmentProfileGuid, type TerminalProfileSettings } from './terminal-profile.js';

/** What the swap needs, kept in the journal. */
export interface SwapPlan {
  /** The final name. */
  distro: string;
  /** Registration id of the distribution being replaced; absent when none exists. */
  oldId?: string;
  tempName: string;
  tempLocation: string;
  /** The folder the disk ends up in. */
  finalLocation: string;
  /** Where the replaced registration's disk was set aside before it was unregistered (deleted last). */
  replacedDisk?: string;
}

/** What a new registration needs re-applied. */
export interface KeptSettings {
  defaultUser?: string;
  /** The disk's wsl.conf names the default user (then WSL reads it there; nothing to set in the registration). */
  wslConfSetsDefaultUser?: boolean;
  wasDefault: boolean;
  terminalProfile?: TerminalProfileSettings;
}

export interface SwapContext {
  call: WslCallOptions;
  registrations: RegistrationSource;
  work: WorkOptions;
}

/** A verb's context built from its options: the swap's, plus the environment and the lifecycle journal. */
export interface VerbContext extends SwapContext {
  env: NodeJS.ProcessEnv;
  journal: JournalStore<LifecycleJournalData>;
}

/** The context of a lifecycle verb that swaps registrations (clone, move), from its options. */
export function verbContext(options: FactsOptions & WorkOptions & { stateDir?: string }): VerbContext {
  const env = { ...process.env, ...options.env };
  return {
    call: callOptions(options),
    registrations: registrationsFor(options),
    work: { signal: options.signal, onProgress: options.onProgress },
    env,
    journal: lifecycleJournal(env, options.stateDir),
  };
}

/** The swap's steps, in order (also the journal's step names). */
export const SWAP_STEPS = ['remove-old', 'move-disk', 'register-final'] as const;

/** Where the old disk is set aside before its registration goes. */
export function replacedDiskPath(basePath: string, vhdFileName: string): string {
  return join(basePath, `${vhdFileName}.azl-replaced`);
}

/**
 * Removes the old registration, when it is still the one the plan names. Its disk is set aside
 * first (a rename), so WSL has nothing to delete and the registration goes at once; the disk
 * itself is deleted last, while the new registration is being checked (`deleteReplacedDisk`).
 */
export async function removeOld(plan: SwapPlan, ctx: SwapContext, remember: (replacedDisk: string) => Promise<void>): Promise<void> {
  const current = await findRegistration(ctx.registrations, plan.distro);
  if (!current || current.name.toLowerCase() === plan.tempName.toLowerCase()) return;
  // A registration under the name that is not the old one is the final one from an earlier run.
  if (plan.oldId !== undefined && current.id !== plan.oldId) return;
  const disk = join(current.basePath, current.vhdFileName);
  const aside = replacedDiskPath(current.basePath, current.vhdFileName);
  if (await pathExists(disk)) {
    await remember(aside);
    await terminateDistro(current.name, ctx.call);
    await rename(disk, aside);
  }
  await unregisterDistro(current.name, ctx.call);
}

/** Deletes the replaced registration's disk (its data is in the verified snapshot). */
export async function deleteReplacedDisk(plan: SwapPlan): Promise<void> {
  if (plan.replacedDisk) await rm(plan.replacedDisk, { recursive: true, force: true });
}

/** Moves the temporary distribution's disk to the final folder (a rename on one volume); `stopped` when the caller just stopped it. */
export async function moveTempDisk(plan: SwapPlan, ctx: SwapContext, stopped = false): Promise<void> {
  const source = join(plan.tempLocation, WSL_DISK_FILE);
  const target = join(plan.finalLocation, WSL_DISK_FILE);
  if (!(await pathExists(source))) {
    if (await pathExists(target)) return; // moved before a crash
    throw new AzlError('WSL_FAILED', `The new disk is neither at ${source} nor at ${target}.`, { hint: 'Run `azl-wsl doctor` to restore the snapshot taken first.' });
  }
  if (!stopped) {
    const temp = await findRegistration(ctx.registrations, plan.tempName);
    if (temp) await terminateDistro(temp.name, ctx.call);
  }
  await mkdir(plan.finalLocation, { recursive: true });
  if (await pathExists(target)) {
    throw new AzlError('LOCATION_IN_USE', `${target} already exists, so the new disk cannot be put there.`, {
      hint: `Move that file away if nothing uses it, then run \`azl-wsl doctor\` to finish.`,
    });
  }
  await rename(source, target);
}

/** Removes the temporary registration (its disk is gone, so WSL deletes nothing) and its folder. */
export async function removeTemp(plan: SwapPlan, ctx: SwapContext): Promise<void> {
  const temp = await findRegistration(ctx.registrations, plan.tempName);
  if (temp) await unregisterDistro(temp.name, ctx.call);
  if (!(await pathExists(join(plan.tempLocation, WSL_DISK_FILE)))) await rm(plan.tempLocation, { recursive: true, force: true });
}

/** Registers the moved disk under the final name. */
export async function registerFinal(plan: SwapPlan, ctx: SwapContext): Promise<void> {
  const current = await findRegistration(ctx.registrations, plan.distro);
  if (current && current.id !== plan.oldId) return;
  await importInPlace(plan.distro, join(plan.finalLocation, WSL_DISK_FILE), ctx.call);
}

/**
 * Runs the swap as journaled steps of `run`. Returns the deletion of the replaced disk, already
 * under way: the caller awaits it (a journaled step of its own) after its final checks.
 */
export async function swapInTemp(run: LifecycleRun<SwapPlan>, ctx: SwapContext): Promise<{ deletion: Promise<void> }> {
  const plan = run.plan;
  // The temporary distribution is stopped while the old registration goes (two distributions: at once).
  const stopped = await run.step(ctx.work, 'remove-old', `Removing the old registration of ${plan.distro}`, async () => {
    await Promise.all([removeOld(plan, ctx, (replacedDisk) => run.record({ replacedDisk })), terminateDistro(plan.tempName, ctx.call).catch(() => undefined)]);
    return true;
  });
  await run.step(ctx.work, 'move-disk', 'Moving the new disk into place', () => moveTempDisk(plan, ctx, stopped === true));
  // Different names and folders: the temporary registration goes while the disk is registered under the name.
  await run.step(ctx.work, 'register-final', `Registering the new disk as ${plan.distro}`, async () => {
    await Promise.all([removeTemp(plan, ctx), registerFinal(plan, ctx)]);
  });
  const deletion = deleteReplacedDisk(plan);
  deletion.catch(() => undefined);
  // Wrapped: an async function returning a promise would wait for it.
  return { deletion };
}

/**
 * Puts back the default user, default-distribution status and Terminal profile settings, then
 * checks that plain `wsl -d NAME` starts as the default user (`verify`, given, runs alongside
 * the default-distribution change). Returns the settings files changed.
 */
export async function reapplySettings(distro: string, kept: KeptSettings, ctx: SwapContext, verify?: () => Promise<void>): Promise<string[]> {
  if (kept.defaultUser && kept.defaultUser !== 'root' && !kept.wslConfSetsDefaultUser) {
    // WSL 2.5+ sets it in the registration; older WSL only reads wsl.conf, so write it there.
    const set = await setDefaultUser(distro, kept.defaultUser, ctx.call);
    if (set === 'unsupported') await changeDefaultUser(distro, kept.defaultUser, ctx.call);
  }
  const registration = await findRegistration(ctx.registrations, distro);
  const makeDefault = async (): Promise<void> => {
    if (!kept.wasDefault) return;
    const current = registration && ctx.registrations.defaultId ? await ctx.registrations.defaultId().catch(() => undefined) : undefined;
    if (current === undefined || current !== registration?.id) await setDefaultDistro(distro, ctx.call);
  };
  await Promise.all([makeDefault(), verify?.()]);
  return applyProfileSettings(kept.terminalProfile, await fragmentProfileGuid(registration));
}
