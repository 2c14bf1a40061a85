/**
 * `azl-wsl upgrade NAME --file NEW.wsl`: the distribution moves to a new image and keeps its
 * name, accounts, homes and settings. The engine function `upgradeDistro` is what the CLI, the
 * app and the answer file's `ensure` call.
 *
 *   check          read the distribution and the image, plan what is carried, refuse conflicts
 *                  and a shortfall of disk space (nothing changed yet)
 *   stop-old       the old distribution is stopped so its files hold still
 *   register-new   the image is registered under a temporary name
 *   copy           one export of the old distribution streams into the snapshot file (hashed
 *                  and read to the end as it is written) and into the new one's tar, which
 *                  takes /home and the --keep trees
 *   configure-new  accounts, sudoers drop-ins, wsl.conf, SSH host keys, the install record
 *   check-new      the default user's shell starts in the new distribution, as that user
 *   remove-old … register-final   the new disk takes the name (registration-swap.ts)
 *   restore-settings  default user, default distribution, Terminal profile
 *   verify         plain `wsl -d NAME` starts as the default user
 *
 * Each step is journaled (lifecycle-journal.ts). Until check-new is done, a failure or crash
 * rolls back: the temporary distribution goes, the old one was never touched. From remove-old
 * on the new one is complete and checked, so an interruption is finished instead. Either way the
 * verified snapshot stays, and the next upgrade or `azl-wsl doctor` says what it did.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AzlError, isAzlError } from '../../common/errors.js';
import { pathExists, sha256OfFile } from '../../common/file-checks.js';
import type { JournalRecord } from '../../common/journal-store.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { encodeMemberHeader, endOfArchive, TAR_BLOCK } from '../../rootfs/archive/tar-header.js';
import { indexArchive, resolveInArchive, type ArchiveIndex } from '../../rootfs/validate/archive-index.js';
import { parseOsRelease } from '../account/image-snapshot.js';
import { execInDistro } from '../driver/wsl-exec.js';
import { wslDetail } from '../driver/wsl-errors.js';
import { importDistro } from '../driver/wsl-import.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { terminateDistro } from '../driver/wsl-terminate.js';
import { unregisterDistro } from '../driver/wsl-unregister.js';
import { defaultInstallLocation } from '../install/install-distro.js';
import { buildInstallRecord, INSTALL_RECORD_PATH, newInstallId, parseInstallRecord, type ImageIdentity, type InstallRecord } from '../install/install-record.js';
import { etcChanges, keptTrees, planCarry, type CarryPlan, type EtcChange } from './carry-plan.js';
import { readDistroFacts, type FactsOptions } from './distro-facts.js';
import { findRegistration } from './distro-registrations.js';
import { requireSpace } from './free-space.js';
import { recoverInterrupted } from './recover-lifecycle.js';
import { lockDistro, LifecycleRun, resumeRun, type LifecycleJournalData } from './lifecycle-journal.js';
import { reapplySettings, swapInTemp, verbContext, type KeptSettings, type SwapContext, type SwapPlan } from './registration-swap.js';
import { newSnapshotId, snapshotExtension, type SnapshotInfo, type SnapshotStore } from './snapshot-store.js';
import { checkTarFile, type CheckedArchive } from './archive-check.js';
import { copyTreesFromExport } from './tree-copy.js';
import { exportDistro } from '../driver/wsl-export.js';
import { osOf, snapshotStoreFor } from './take-snapshot.js';
import { looksLikeRoot } from './verify-archive.js';

/** Prefix of temporary distribution names (hidden from `azl-wsl list`). */
export const TEMP_NAME_PREFIX = 'azl-wsl-tmp-';

export interface UpgradeOptions extends FactsOptions, WorkOptions {
  distro: string;
  /** The new image (.wsl / .tar.gz / .tar). */
  file: string;
  /** Its expected SHA-256 (answer files, catalogs); checked before anything else. */
  sha256?: string;
  /** More trees to carry besides /home (absolute paths inside the distribution). */
  keep?: readonly string[];
  /** Where the new disk goes; default: the folder of the old one. */
  location?: string;
  store?: SnapshotStore;
  /** State folder for the journal (default: the per-user one). */
  stateDir?: string;
  /** Version and catalog entry of the new image, for the install record (catalog upgrades, `ensure`). */
  imageIdentity?: ImageIdentity;
}

export interface UpgradeResult {
  distro: string;
  snapshot: SnapshotInfo;
  defaultUser?: string;
  carried: {
    users: string[];
    groups: string[];
    sudoers: string[];
    sshHostKeys: string[];
    wslConfKeys: string[];
    trees: string[];
  };
  /** /etc files that differ from the new image and were not carried: for the user to review. */
  etcChanges: EtcChange[];
  image: { file: string; sha256: string; name?: string; version?: string };
  location: string;
  terminalSettingsUpdated: string[];
  /** What was done about an earlier interrupted operation on this distribution, if anything. */
  recovered?: string;
}

/** The journal's plan for an upgrade. */
export interface UpgradePlan extends SwapPlan, KeptSettings {
  image: string;
  imageSha256: string;
  trees: string[];
  snapshotId: string;
  /** Where the export is written until verified. */
  snapshotPartial: string;
  snapshotSaved?: boolean;
  /** The snapshot's record, but for its size and SHA-256 (filled in once they are known). */
  snapshotDraft: Omit<SnapshotInfo, 'sizeBytes' | 'sha256'>;
  /** Folders this upgrade created (removed on rollback). */
  createdDirs: string[];
}

/** Result of an interrupted operation's recovery. */
export interface Recovered {
  action: 'finished' | 'rolled-back';
  message: string;
}

function tempName(): string {
  return `${TEMP_NAME_PREFIX}${randomBytes(4).toString('hex')}`;
}

/** A tar (numeric owners, given modes) of small files, for `tar -x` inside a distribution. */
export function tarOfFiles(files: ReadonlyArray<{ path: string; content: Buffer; mode: number; uid: number; gid: number }>): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  const mtime = Math.floor(Date.now() / 1000);
  for (const file of files) {
    const header = encodeMemberHeader({ name: `.${file.path}`, type: 'file', mode: file.mode, uid: file.uid, gid: file.gid, size: file.content.length, mtime });
    const padding = Buffer.alloc((TAR_BLOCK - (file.content.length % TAR_BLOCK)) % TAR_BLOCK);
    parts.push(header, file.content, padding);
    size += header.length + file.content.length + padding.length;
  }
  parts.push(endOfArchive(size));
  return Buffer.concat(parts);
}

/** Extracts a tar from stdin at / as root (GNU or busybox tar); then checks sudoers when visudo exists. */
const WRITE_FILES_SCRIPT = [
  'set -f',
  'if tar --version 2>/dev/null | grep -q "GNU tar"; then tar -x -p --numeric-owner -f - -C / || exit 2',
  'else tar -x --numeric-owner -f - -C / || exit 2; fi',
  'if [ "$1" = check-sudoers ] && command -v visudo >/dev/null 2>&1; then visudo -c -q >&2 || exit 3; fi',
].join('\n');

/** The new image, read once: index (with /etc), SHA-256, unpacked size. */
async function readImage(file: string, expectedSha256: string | undefined, signal?: AbortSignal): Promise<{ index: ArchiveIndex; sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let index: Awaited<ReturnType<typeof indexArchive>>;
  try {
    index = await indexArchive(file, signal, { onFileData: (chunk) => hash.update(chunk) });
  } catch (error) {
    if (isAzlError(error) && error.code === 'CANCELLED') throw error;
    throw new AzlError('ARCHIVE_INVALID', `The image ${file} is not a readable archive.`, { hint: 'Build or download the image again. Nothing was changed.', cause: error });
  }
  const sha256 = index.fileDataSeen ? hash.digest('hex') : await sha256OfFile(file, signal);
  if (expectedSha256 !== undefined && sha256 !== expectedSha256.toLowerCase()) {
    throw new AzlError('ARCHIVE_INVALID', 'The image does not match its expected SHA-256 checksum.', {
      hint: 'Download or build the image again. Nothing was changed.',
      detail: `expected ${expectedSha256.toLowerCase()}\nactual   ${sha256}`,
    });
  }
  if (!looksLikeRoot(index)) throw new AzlError('ARCHIVE_INVALID', `The image ${file} holds no Linux root file system.`, { hint: 'Choose a .wsl image. Nothing was changed.' });
  let bytes = 0;
  for (const item of index.entries.values()) bytes += item.entry.size;
  return { index, sha256, bytes };
}

function refuseConflicts(plan: CarryPlan, distro: string): void {
  if (plan.conflicts.length === 0) return;
  throw new AzlError('UPGRADE_CHECK_FAILED', `${distro} cannot be upgraded to this image as it is: ${plan.conflicts[0]}`, {
    hint: 'Fix what is listed below (or choose another image), then run the upgrade again. Nothing was changed.',
    detail: plan.conflicts.join('\n'),
  });
}

/** The install record written into the new disk: the new image, and the history carried on. */
async function upgradedRecord(options: { distro: string; imageFile: string; imageIndex: ArchiveIndex; sha256: string; oldIndex: ArchiveIndex; identity?: ImageIdentity }): Promise<InstallRecord & { history?: unknown[] }> {
  const osText = resolveInArchive(options.imageIndex, '/etc/os-release')?.item?.content?.toString('utf8') ?? '';
  const record = await buildInstallRecord({ installId: newInstallId(), distro: options.distro, method: 'import', imageFile: options.imageFile, facts: { osRelease: parseOsRelease(osText), sha256: options.sha256 }, identity: options.identity });
  const oldText = options.oldIndex.entries.get(INSTALL_RECORD_PATH.slice(1))?.content?.toString('utf8');
  const old = oldText ? (parseInstallRecord(oldText) as (InstallRecord & { history?: unknown[] }) | undefined) : undefined;
  const history = [...(old?.history ?? []), { kind: 'upgrade', at: new Date().toISOString(), ...(old ? { from: old.image } : {}) }];
  return { ...record, history };
}

/** Refuses unless the distribution's registration can be found (its disk folder is needed). */
function locationsFor(options: UpgradeOptions, basePath: string | undefined, distro: string): { finalLocation: string; tempLocation: string } {
  const finalLocation = resolve(options.location ?? basePath ?? defaultInstallLocation(distro, { ...process.env, ...options.env }));
  // A sibling of the final folder: the same volume, so the disk moves by rename.
  const tempLocation = `${finalLocation}.azl-upgrade-${randomBytes(3).toString('hex')}`;
  return { finalLocation, tempLocation };
}

/** Upgrades `options.distro` to the image `options.file`. */
export async function upgradeDistro(options: UpgradeOptions): Promise<UpgradeResult> {
  const ctx = verbContext(options);
  const { call, registrations, work, journal: store } = ctx;
  const snapshots = snapshotStoreFor(options);
  const imageFile = resolve(options.file);

  const first = new LifecycleRun<UpgradePlan>(store, { operation: 'upgrade', distro: options.distro, done: [], plan: {} as UpgradePlan }, undefined, { ...process.env, ...options.env });
  const lock = await lockDistro(store, options.distro, first.owner);
  try {
    const recovered = await recoverInterrupted(options.distro, { call, registrations, env: options.env, stateDir: options.stateDir, store: snapshots });

    // check: nothing changes here.
    const checked = await runStep(work, 'check', `Checking ${options.distro} and the new image`, async () => {
      if (!(await pathExists(imageFile))) throw new AzlError('ARCHIVE_INVALID', `The image file ${imageFile} does not exist.`, { hint: 'Check the path of the image file. Nothing was changed.' });
      // The image is read while the distribution is asked (the --keep trees are known without it).
      const keepTrees = keptTrees(options.keep);
      const [image, facts] = await Promise.all([readImage(imageFile, options.sha256, options.signal), readDistroFacts(options.distro, options, keepTrees)]);
      const preliminary = planCarry({ oldIndex: facts.etc, newIndex: image.index, defaultUser: facts.defaultUser, keep: options.keep });
      refuseConflicts(preliminary, facts.entry.name);
      const sizes = facts.sizes;
      const trees = keepTrees.filter((_, index) => index === 0 || sizes[index + 1] > 0);
      const { finalLocation, tempLocation } = locationsFor(options, facts.registration?.basePath, facts.entry.name);
      await requireSpace([
        { path: snapshots.folder(facts.entry.name), bytes: sizes[0], what: `the snapshot of ${facts.entry.name}` },
        { path: tempLocation, bytes: image.bytes + sizes.slice(1).reduce((sum, size) => sum + size, 0), what: 'the new disk' },
      ]);
      return { facts, image, trees, finalLocation, tempLocation };
    });
    const { facts, image } = checked;
    const distro = facts.entry.name;
    const snapshotId = newSnapshotId();
    const run = new LifecycleRun<UpgradePlan>(
      store,
      {
        operation: 'upgrade',
        distro,
        done: [],
        plan: {
          distro,
          ...(facts.registration ? { oldId: facts.registration.id } : {}),
          tempName: tempName(),
          tempLocation: checked.tempLocation,
          finalLocation: checked.finalLocation,
          ...(facts.defaultUser ? { defaultUser: facts.defaultUser } : {}),
          // The carried wsl.conf names the default user: WSL reads it there.
          wslConfSetsDefaultUser: facts.defaultUser !== undefined && facts.defaultUser !== 'root',
          wasDefault: facts.entry.isDefault,
          ...(facts.terminalProfile ? { terminalProfile: facts.terminalProfile } : {}),
          image: imageFile,
          imageSha256: image.sha256,
          trees: checked.trees,
          snapshotId,
          snapshotPartial: join(snapshots.folder(distro), `${snapshotId}${snapshotExtension('tar')}.partial-${process.pid}`),
          snapshotDraft: {
            schemaVersion: 1,
            id: snapshotId,
            distro,
            createdAt: new Date().toISOString(),
            note: `before the upgrade to ${basename(imageFile)}`,
            reason: 'upgrade',
            format: 'tar',
            file: `${snapshotId}${snapshotExtension('tar')}`,
            ...(facts.defaultUser ? { defaultUser: facts.defaultUser } : {}),
            wasDefault: facts.entry.isDefault,
            ...(facts.terminalProfile ? { terminalProfile: facts.terminalProfile } : {}),
            ...(facts.registration ? { location: facts.registration.basePath } : {}),
            ...(osOf(facts.etc) ? { os: osOf(facts.etc) } : {}),
          },
          createdDirs: [],
        },
      },
      first.owner,
      { ...process.env, ...options.env },
    );
    await run.save();
    const plan = run.plan;

    let snapshotCheck: Promise<CheckedArchive> | undefined;
    let carry: CarryPlan | undefined;
    try {
      // The old distribution stops while the image is registered under a temporary name.
      await run.step(work, 'register-new', `Stopping ${distro}; registering the new image under a temporary name`, async () => {
        for (let dir = plan.tempLocation; !(await pathExists(dir)) && dirname(dir) !== dir; dir = dirname(dir)) plan.createdDirs.push(dir);
        await run.record({ createdDirs: plan.createdDirs });
        await mkdir(dirname(plan.tempLocation), { recursive: true });
        await Promise.all([terminateDistro(distro, call), importDistro({ ...call, name: plan.tempName, location: plan.tempLocation, file: imageFile, version: 2 })]);
      });
      // The snapshot and the trees, while the accounts and settings are written (other files of the new distribution).
      await run.step(work, 'copy', `Taking the snapshot; copying ${plan.trees.join(', ')}, accounts and settings; checking the default user`, async (report) => {
        // Planned from /etc as the survey read it (the checks before anything changed used the same).
        const configure = async (): Promise<void> => {
          carry = planCarry({ oldIndex: facts.etc, newIndex: image.index, defaultUser: facts.defaultUser, keep: options.keep });
          refuseConflicts(carry, distro);
          const record = await upgradedRecord({ distro, imageFile, imageIndex: image.index, sha256: image.sha256, oldIndex: facts.etc, identity: options.imageIdentity });
          const files = [...carry.files, { path: INSTALL_RECORD_PATH, content: Buffer.from(JSON.stringify(record, null, 2) + '\n'), mode: 0o644, uid: 0, gid: 0 }];
          const written = await execInDistro({
            ...call,
            distro: plan.tempName,
            user: 'root',
            name: 'write carried files',
            command: ['sh', '-c', WRITE_FILES_SCRIPT, 'sh', carry.sudoers.length > 0 ? 'check-sudoers' : 'no-check'],
            stdin: tarOfFiles(files),
          });
          if (written.exitCode === 3) throw new AzlError('UPGRADE_CHECK_FAILED', 'The carried sudoers files do not pass visudo in the new image.', { hint: 'Fix the sudoers files named below in the old distribution, then upgrade again. Nothing was changed.', detail: wslDetail(written) });
          if (written.exitCode !== 0) throw new AzlError('PROGRAM_FAILED', 'Writing the carried files into the new distribution failed.', { detail: wslDetail(written) });
          // The default user starts in the new distribution and their shell runs (needs the accounts, not /home).
          await checkUserStarts(plan.tempName, plan.defaultUser, call);
        };
        const snapshotAndTrees = async (): Promise<void> => {
          await mkdir(snapshots.folder(distro), { recursive: true, mode: 0o700 });
          await rm(plan.snapshotPartial, { force: true });
          report(undefined, 'exporting');
          await exportDistro({ ...call, name: distro, file: plan.snapshotPartial, format: 'tar' });
          // The new distribution's tar takes /home and the --keep trees from the export, reading
          // it to the end (every header checked): the snapshot is a whole, readable archive once
          // it succeeds. Its SHA-256 and header walk run alongside, and on past this step; the
          // record is written once they are done (record-snapshot).
          report(undefined, `copying ${plan.trees.join(', ')}`);
          snapshotCheck = checkTarFile(plan.snapshotPartial, { signal: options.signal });
          snapshotCheck.catch(() => undefined);
          await copyTreesFromExport(plan.snapshotPartial, plan.tempName, plan.trees, call);
        };
        const results = await Promise.allSettled([snapshotAndTrees(), configure()]);
        const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
        if (failed) throw failed.reason;
      });
    } catch (error) {
      const message = await rollBackUpgrade(plan, { call, registrations, store: snapshots });
      await run.close();
      throw withHint(error, `${message} Nothing else was changed.`);
    }

    // From here on the new distribution is complete and checked: interruptions are finished.
    // Past the point of no return a cancel is not honoured: the upgrade finishes, as a recovery would.
    const finished = await finishUpgrade(run, { ...ctx, call: { ...call, signal: undefined }, work: { onProgress: options.onProgress } }, snapshots, snapshotCheck);
    await run.close();
    if (!finished.snapshot) {
      throw new AzlError('SNAPSHOT_DAMAGED', `${distro} was upgraded, but the snapshot taken first could not be verified, so it was not kept.`, {
        hint: `Take a snapshot now with \`azl-wsl snapshot ${distro}\` if you want one.`,
      });
    }
    const osInfo = osOf(image.index);
    return {
      distro,
      snapshot: finished.snapshot,
      ...(plan.defaultUser ? { defaultUser: plan.defaultUser } : {}),
      carried: {
        users: carry!.accounts.users.map((user) => user.name),
        groups: carry!.accounts.groupsCarried,
        sudoers: carry!.sudoers,
        sshHostKeys: carry!.sshHostKeys,
        wslConfKeys: carry!.wslConfKeys,
        trees: plan.trees,
      },
      etcChanges: etcChanges(facts.etc, image.index, carry!),
      image: { file: imageFile, sha256: image.sha256, ...(osInfo?.name ? { name: osInfo.name } : {}), ...(osInfo?.version ? { version: osInfo.version } : {}) },
      location: plan.finalLocation,
      terminalSettingsUpdated: finished.changed,
      ...(recovered ? { recovered: recovered.message } : {}),
    };
  } finally {
    await lock.release();
  }
}

function withHint(error: unknown, extra: string): unknown {
  if (!isAzlError(error)) return error;
  if (error.code === 'CANCELLED') return new AzlError('CANCELLED', error.message, { hint: extra, cause: error });
  const hint = error.hint ? error.hint.replace(/ ?Nothing (else )?was changed\.?$/, '') : '';
  return new AzlError(error.code, error.message, { hint: `${hint} ${extra}`.trim(), detail: error.detail, cause: error });
}

/**
 * `user` (root when none) can start in the distribution and their login shell runs. Started
 * with `-u`, so it needs no restart after wsl.conf changed; the final check after the swap is
 * what proves plain `wsl -d NAME` picks this user.
 */
async function checkUserStarts(distro: string, user: string | undefined, call: WslCallOptions): Promise<void> {
  const result = await execInDistro({ ...call, distro, user: user ?? 'root', name: 'check user shell', command: ['sh', '-c', 'id -un && exec "${SHELL:-/bin/sh}" -c "exit 0"'] });
  const actual = result.stdout.toString('utf8').trim();
  if (result.exitCode !== 0 || actual !== (user ?? 'root')) {
    throw new AzlError('UPGRADE_CHECK_FAILED', `${user ?? 'root'} cannot start a working shell in the new distribution${actual ? ` (it ran as "${actual}")` : ''}.`, {
      hint: 'Check the account and its login shell in the old distribution.',
      detail: wslDetail(result),
    });
  }
}

/** Plain `wsl -d NAME` starts as `user` (or root when none). */
async function checkStarts(distro: string, user: string | undefined, call: WslCallOptions): Promise<void> {
  const result = await execInDistro({ ...call, distro, name: 'check default user', command: ['id', '-un'] });
  const actual = result.stdout.toString('utf8').trim();
  if (result.exitCode !== 0 || actual !== (user ?? 'root')) {
    throw new AzlError('UPGRADE_CHECK_FAILED', `${distro} starts as "${actual || '?'}" instead of ${user ?? 'root'}.`, {
      hint: `Run \`azl-wsl set-default-user ${distro} ${user ?? 'root'}\`; the snapshot taken first is kept.`,
      detail: wslDetail(result),
    });
  }
}

/**
 * Records the snapshot once its SHA-256 and header walk are done (`check`, under way since the
 * copy; a recovery starts it again). A walk that fails leaves no record: the result says so.
 */
async function recordSnapshot(run: LifecycleRun<UpgradePlan>, store: SnapshotStore, check: Promise<CheckedArchive> | undefined): Promise<SnapshotInfo | undefined> {
  const plan = run.plan;
  const final = join(store.folder(plan.distro), plan.snapshotDraft.file);
  if (plan.snapshotSaved) return store.get(plan.snapshotId, plan.distro).catch(() => undefined);
  const source = (await pathExists(plan.snapshotPartial)) ? plan.snapshotPartial : final;
  let checked: CheckedArchive;
  try {
    checked = await (check ?? checkTarFile(source));
  } catch (error) {
    if (isAzlError(error) && error.code === 'CANCELLED') throw error;
    return undefined;
  }
  if (!checked.hasEtc) return undefined;
  if (source !== final) await rename(source, final);
  const snapshot: SnapshotInfo = { ...plan.snapshotDraft, sizeBytes: checked.bytes, sha256: checked.sha256 };
  await store.save(snapshot);
  await run.record({ snapshotSaved: true });
  return snapshot;
}

/** Steps from remove-old on; each can run again after a crash. Returns the settings files changed and the snapshot. */
async function finishUpgrade(run: LifecycleRun<UpgradePlan>, ctx: SwapContext, store: SnapshotStore, check?: Promise<CheckedArchive>): Promise<{ changed: string[]; snapshot?: SnapshotInfo }> {
  const plan = run.plan;
  const { deletion } = await swapInTemp(run as unknown as LifecycleRun<SwapPlan>, ctx);
  let changed: string[] = [];
  await run.step(ctx.work, 'restore-settings', 'Restoring the default distribution and Terminal profile; checking the default user', async () => {
    changed = await reapplySettings(plan.distro, plan, ctx, () => checkStarts(plan.distro, plan.defaultUser, ctx.call));
  });
  let snapshot: SnapshotInfo | undefined;
  await run.step(ctx.work, 'record-snapshot', 'Recording the verified snapshot', async () => {
    snapshot = await recordSnapshot(run, store, check);
  });
  snapshot ??= plan.snapshotSaved ? await store.get(plan.snapshotId, plan.distro).catch(() => undefined) : undefined;
  await run.step(ctx.work, 'delete-old', 'Deleting the old disk (its snapshot is kept)', () => deletion);
  return { changed, snapshot };
}

/** Undoes an upgrade that had not removed the old registration yet. Returns a sentence saying what was done. */
async function rollBackUpgrade(plan: UpgradePlan, deps: { call: WslCallOptions; registrations: SwapContext['registrations']; store: SnapshotStore }): Promise<string> {
  const quiet: WslCallOptions = { ...deps.call, signal: undefined };
  if (plan.tempName) {
    const temp = await findRegistration(deps.registrations, plan.tempName).catch(() => undefined);
    if (temp) await unregisterDistro(temp.name, quiet).catch(() => undefined);
  }
  if (plan.snapshotPartial) await rm(plan.snapshotPartial, { force: true });
  for (const dir of plan.createdDirs ?? []) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  const kept = plan.snapshotSaved ? ` The snapshot ${plan.snapshotId} taken first is kept.` : '';
  return `The upgrade was rolled back: ${plan.distro} is as it was.${kept}`;
}

/**
 * Finishes or rolls back an upgrade left by a dead process (the caller holds the lock).
 * Rolled back while the old registration was still there; finished once it was being removed.
 */
export async function recoverUpgrade(record: JournalRecord<LifecycleJournalData>, deps: { call: WslCallOptions; registrations: SwapContext['registrations']; env?: NodeJS.ProcessEnv; stateDir?: string; store: SnapshotStore }): Promise<Recovered> {
  const { run, plan, what } = resumeRun<UpgradePlan>(record, deps);
  const pointOfNoReturn = run.isDone('copy');
  if (!pointOfNoReturn) {
    const message = await rollBackUpgrade(plan, deps);
    await run.close();
    return { action: 'rolled-back', message: `Rolled back ${what}: ${message.replace(/^The upgrade was rolled back: /, '')}` };
  }
  await finishUpgrade(run, { call: deps.call, registrations: deps.registrations, work: {} }, deps.store);
  await run.close();
  return { action: 'finished', message: `Finished ${what}: ${plan.distro} now runs the new image (${basename(plan.image)}); the snapshot ${plan.snapshotId} is kept.` };
}

