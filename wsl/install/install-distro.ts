/**
 * The install flow shared by the CLI and the desktop app:
 * lock the name → finish an interrupted install of it → preflight → journal → register
 * (import, or from-file with --no-launch) → install record → first account → verify.
 *
 * All or nothing: a name clash is refused before anything happens (or, when another process
 * registers the name first, at registration, touching nothing), and a failure or cancel at any
 * later step unregisters the half-made distribution, but only when it is provably this run's
 * own (`distro-ownership.ts`), and removes the folders this run created (never one that existed
 * before). A kill -9 at any point leaves the journal, from which the next run recovers.
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { AzlError, isAzlError, throwIfAborted } from '../../common/errors.js';
import { isPersonUid } from '../../common/account-rules.js';
import type { JournalOwner } from '../../common/journal-store.js';
import { pathExists, sha256OfFile } from '../../common/file-checks.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import type { InstallMethod, RegistrationMethod } from '../../common/install-method.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { importDistro, isVhdFileName } from '../driver/wsl-import.js';
import { installFromFile } from '../driver/wsl-install-from-file.js';
import { findDistro } from '../driver/wsl-list.js';
import { unregisterDistro } from '../driver/wsl-unregister.js';
import type { AccountRequest } from '../account/account-options.js';
import { isDefaultUser, readPasswd, setupFirstAccount, type AccountSetupResult } from '../account/setup-first-account.js';
import { validateAccountRequest } from '../account/validate-account.js';
import { useExistingAccount, type ExistingAccountRequest } from '../account/use-existing-account.js';
import { runPreflight, type PreflightReport } from '../preflight/preflight.js';
import { defaultDistroLocations, type DistroLocations } from '../preflight/distro-locations.js';
import { readImageFacts, type ImageFacts } from '../account/image-snapshot.js';
import { describeMemberProblems, type MemberRules } from '../../rootfs/validate/member-rules.js';
import { installJournal, type InstallJournalData, type InstallPhase } from './install-journal.js';
import { buildInstallRecord, INSTALL_RECORD_PATH, newInstallId, readInstallRecord, writeInstallRecord, type ImageIdentity, type InstallRecord } from './install-record.js';
import { distroOwnership } from './distro-ownership.js';
import { removeCreatedFolders } from './created-folders.js';
import { keepExistingFolder } from './keep-existing-folder.js';
import { recoverInterruptedInstall, type Recovery } from './recover-install.js';
import { PolicyRefusal } from '../policy/policy-rules.js';
import { verifyImage } from '../trust/image-signature.js';

export interface InstallOptions extends WslCallOptions, WorkOptions {
  /** The image (.wsl / .tar.gz / .tar). */
  file: string;
  name: string;
  /** Install folder; default `%LOCALAPPDATA%\wsl\<name>` for import, `%LOCALAPPDATA%\wsl\{install id}` (WSL's own shape) for from-file. */
  location?: string;
  method: InstallMethod;
  /** The first account; without it (and without existingAccount) the distribution starts as root. */
  account?: AccountRequest;
  /** Instead of a new account: one the image already has (an exported distribution's), made the default user. */
  existingAccount?: ExistingAccountRequest;
  /** Expected SHA-256 of the image (from an answer file or catalog); checked before anything else. */
  sha256?: string;
  /**
   * Public keys the image must be signed with (NAME.sha256.asc beside it must verify, and the
   * image must match NAME.sha256); checked before anything is registered. A key the admin
   * policy requires (`policySource`) refuses as the policy does.
   */
  signingKeys?: SigningKeyRequirement[];
  allowOfficialName?: boolean;
  expectedSizeBytes?: number;
  distroLocations?: DistroLocations;
  /** The build manifest to record; default NAME.manifest.json beside the image (used only when it describes the image). */
  manifestPath?: string;
  /** Version and catalog entry of the image, for the install record (else read from the image). */
  imageIdentity?: ImageIdentity;
  /** Folder of the install journal and name locks; default the per-user state folder. */
  stateDir?: string;
}

export interface InstallResult {
  name: string;
  method: RegistrationMethod;
  location?: string;
  account?: AccountSetupResult;
  preflight: PreflightReport;
  /** What was written to /etc/azl-wsl/install.json. */
  record: InstallRecord;
  /** What was done about an earlier, interrupted install of this name, when there was one. */
  recovered?: string;
}

export type EnsureResult =
  | { status: 'installed'; message: string; install: InstallResult; recovered?: string }
  | { status: 'account-added'; message: string; account: AccountSetupResult; recovered?: string }
  | { status: 'unchanged'; message: string; recovered?: string };

/** Where installs live when no location is given: %LOCALAPPDATA%\wsl (else ~/.local/share/wsl). */
function installRoot(env: NodeJS.ProcessEnv): string {
  return join(env.LOCALAPPDATA ?? join(homedir(), '.local', 'share'), 'wsl');
}

/** Where `--import` puts a distribution when no location is given. */
export function defaultInstallLocation(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(installRoot(env), name);
}

/**
 * Where `--install --from-file` puts a distribution when no location is given: WSL's own
 * default shape (`%LOCALAPPDATA%\wsl\{guid}`), but chosen here, so the registration's BasePath
 * proves which install made it even before the install record is written.
 */
export function defaultFromFileLocation(installId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(installRoot(env), `{${installId}}`);
}

function callOptions(options: WslCallOptions): WslCallOptions {
  return { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
}

/** The environment wsl.exe and the install see: the process's, with the caller's on top. */
function effectiveEnv(options: WslCallOptions): NodeJS.ProcessEnv {
  return { ...process.env, ...options.env };
}

/** Locks the name for this install, so two installs of one name never run at once. */
async function withNameLock<T>(options: InstallOptions, work: (context: InstallContext) => Promise<T>): Promise<T> {
  const env = effectiveEnv(options);
  const journal = installJournal(env, options.stateDir);
  const installId = newInstallId();
  const owner: JournalOwner = { pid: process.pid, id: installId, startedAt: new Date().toISOString() };
  const locked = await journal.lock(options.name, owner);
  if (!locked.acquired) {
    throw new AzlError('DISTRO_EXISTS', `Another azl-wsl install of "${options.name}" is running (process ${locked.holder.pid}, started ${locked.holder.startedAt}).`, {
      hint: 'Wait for it to finish, or choose another name. Nothing was changed.',
    });
  }
  try {
    const locations = options.distroLocations ?? defaultDistroLocations(env);
    return await work({ journal, owner, installId, locations, env });
  } finally {
    await locked.lock.release();
  }
}

interface InstallContext {
  journal: ReturnType<typeof installJournal>;
  owner: JournalOwner;
  installId: string;
  locations: DistroLocations;
  env: NodeJS.ProcessEnv;
}

/** Tells the user what was done about an interrupted install, as a log line. */
function reportRecovery(options: WorkOptions, recovery: Recovery): string | undefined {
  if (recovery.action === 'none') return undefined;
  options.onProgress?.({ kind: 'log', step: 'recover', stream: 'info', text: recovery.message });
  return recovery.message;
}

/** A key an install requires the image to be signed with. */
export interface SigningKeyRequirement {
  keyFile: string;
  /** Set when the admin policy (RequireSigningKey) requires it: where the policy came from. */
  policySource?: string;
}

/** Verifies the image's signed checksum; a policy key's failure is the policy's refusal. */
async function verifyAgainstKey(file: string, key: SigningKeyRequirement, signal?: AbortSignal): Promise<void> {
  try {
    await verifyImage({ image: file, keyFile: key.keyFile, signal });
  } catch (error) {
    if (key.policySource !== undefined && isAzlError(error) && error.code === 'SIGNATURE_INVALID') {
      throw new PolicyRefusal('RequireSigningKey', key.keyFile, error.message, key.policySource);
    }
    throw error;
  }
}

/** Registers the image and sets up the first account; cleans up completely on failure. */
export async function installDistro(options: InstallOptions): Promise<InstallResult> {
  return withNameLock(options, async (context) => {
    const recovery = await recoverInterruptedInstall(options.name, { journal: context.journal, call: callOptions(options), locations: context.locations, mode: 'install' });
    const recovered = reportRecovery(options, recovery);
    const result = await installLocked(options, context);
    return recovered ? { ...result, recovered } : result;
  });
}

/** Codes whose own hint is about repairing the distribution, which a failed install has removed. */
const DISTRO_REPAIR_CODES = new Set(['ACCOUNT_SETUP_FAILED', 'USER_NOT_FOUND', 'DISTRO_NOT_FOUND', 'PROGRAM_FAILED']);

async function installLocked(options: InstallOptions, context: InstallContext): Promise<InstallResult> {
  const call = callOptions(options);
  const work: WorkOptions = { signal: options.signal, onProgress: options.onProgress };
  const file = resolve(options.file);
  const { journal, owner, installId, locations } = context;

  // Every value the user gave is checked before WSL is even asked: a bad account request must
  // not cost a registration and its removal. (Whether the user already exists in the image is
  // known only from the image, and checked again by the account setup.)
  if (options.account) validateAccountRequest(options.account, []);
  if (options.account && options.existingAccount) throw new AzlError('USAGE', 'Create a new account or keep an existing one, not both.', { hint: 'Nothing was changed.' });

  const preflight = await runStep(work, 'preflight', 'Checking this machine', () =>
    runPreflight({
      ...call,
      distroName: options.name,
      location: options.location,
      method: options.method,
      expectedSizeBytes: options.expectedSizeBytes,
      allowOfficialName: options.allowOfficialName,
      distroLocations: locations,
    }),
  );
  const failed = preflight.checks.find((check) => check.status === 'fail');
  if (failed || !preflight.method) {
    throw new AzlError(failed?.code ?? 'WSL_FAILED', failed?.message ?? 'WSL cannot be used on this machine.', {
      hint: failed?.hint ? `${failed.hint} Nothing was changed.` : 'Nothing was changed.',
    });
  }
  const method = preflight.method;

  if (!(await pathExists(file))) {
    throw new AzlError('ARCHIVE_INVALID', `The image file ${file} does not exist.`, { hint: 'Check the path of the image file. Nothing was changed.' });
  }
  for (const key of options.signingKeys ?? []) {
    await runStep(work, 'signature', `Verifying the image's signature with ${basename(key.keyFile)}`, () => verifyAgainstKey(file, key, options.signal));
  }
  if (options.sha256) {
    const actual = await runStep(work, 'checksum', 'Verifying the image checksum', () => sha256OfFile(file, options.signal));
    if (actual !== options.sha256.toLowerCase()) {
      throw new AzlError('ARCHIVE_INVALID', 'The image does not match its expected SHA-256 checksum.', {
        hint: 'Download or build the image again. Nothing was changed.',
        detail: `expected ${options.sha256.toLowerCase()}\nactual   ${actual}`,
      });
    }
  }

  // Folders this run creates, removed again on failure (deepest first); existing ones are never touched.
  const location = options.location ?? (method === 'import' ? defaultInstallLocation(options.name, context.env) : defaultFromFileLocation(installId, context.env));
  const createdDirs: string[] = [];
  // wsl --import creates only the last folder; make the missing parents, deepest first in the list.
  for (let dir = dirname(location); !(await pathExists(dir)) && dirname(dir) !== dir; dir = dirname(dir)) createdDirs.push(dir);
  if (!(await pathExists(location))) createdDirs.unshift(location);
  const journalData: InstallJournalData = { name: options.name, installId, phase: 'registering', method, file, location, createdDirs, user: options.account?.user ?? options.existingAccount?.user };
  const setPhase = (phase: InstallPhase): Promise<void> => journal.write(options.name, owner, { ...journalData, phase });
  // The journal goes down before anything is created: a kill from here on is recoverable.
  await setPhase('registering');
  if (!(await pathExists(dirname(location)))) await mkdir(dirname(location), { recursive: true });
  // An empty folder that existed before must survive WSL's own clean-up of a failed install.
  const releaseFolder = createdDirs.includes(location) ? async () => undefined : await keepExistingFolder(location);

  // The image's account files, os-release, SHA-256 and member rules, read from the file itself
  // while WSL registers it: right after registration the distribution holds exactly the image's
  // files, so this saves wsl.exe calls. An image that breaks the extraction rules (or that the
  // reader finds hostile) stops the registration and fails the install, exactly as `validate`
  // reports it; other trouble reading falls back to the distribution.
  const registration = new AbortController();
  const forwardCancel = (): void => registration.abort();
  options.signal?.addEventListener('abort', forwardCancel, { once: true });
  let imageRefused: AzlError | undefined;
  const refuseImage = (error: AzlError): undefined => {
    imageRefused = error;
    registration.abort();
    return undefined;
  };
  // A virtual disk is not a tar: WSL's own answer about it is the one to give.
  const judged = !isVhdFileName(file);
  const factsRead: Promise<ImageFacts | undefined> = readImageFacts(file, options.signal).then(
    (facts) => (judged && facts.members && facts.members.problems.length > 0 ? refuseImage(imageRuleError(facts.members)) : facts),
    (error: unknown) => (judged && isAzlError(error) && error.code === 'ARCHIVE_INVALID' ? refuseImage(error) : undefined),
  );
  let registered: 'no' | 'yes' | 'unknown' = 'no';
  try {
    throwIfAborted(options.signal, 'The install');
    if (options.existingAccount) {
      // The account to keep must be in the image: known from the file, before WSL is asked.
      const passwd = (await factsRead)?.snapshot?.passwd;
      const user = options.existingAccount.user;
      if (passwd && !passwd.some((entry) => entry.name === user)) {
        const people = passwd.filter((entry) => isPersonUid(entry.uid)).map((entry) => entry.name);
        throw new AzlError('USER_NOT_FOUND', `The image ${basename(file)} has no user "${user}".`, {
          hint: people.length > 0 ? `Keep one of its accounts (${people.join(', ')}), or create a new account instead.` : 'It has no account of a person: create a new account instead.',
        });
      }
    }
    await runStep(work, 'register', `Registering ${options.name} with WSL (${method})`, async () => {
      registered = 'unknown'; // from here until wsl.exe answers, a registration may or may not exist
      const registerCall = { ...call, signal: registration.signal };
      try {
        if (method === 'import') await importDistro({ ...registerCall, name: options.name, location, file, version: 2 });
        else await installFromFile({ ...registerCall, file, name: options.name, location, noLaunch: true });
      } catch (error) {
        // wsl.exe answered with an error: WSL undid its own partial registration. A name clash
        // here means another process registered the name after preflight: refuse, touch nothing.
        if (isAzlError(error) && error.code !== 'CANCELLED') registered = 'no';
        if (isAzlError(error) && error.code === 'DISTRO_EXISTS') {
          throw new AzlError('DISTRO_EXISTS', `A distribution named "${options.name}" was registered by another program while this install was starting.`, {
            hint: 'Choose another name, or remove the other distribution first. Nothing was changed.',
            detail: error.detail,
            cause: error,
          });
        }
        throw error;
      }
      registered = 'yes';
    });
    await factsRead;
    if (imageRefused) throw imageRefused;

    const facts = (await factsRead) ?? { osRelease: {}, sha256: options.sha256?.toLowerCase() ?? (await sha256OfFile(file)) };
    const record = await buildInstallRecord({ installId, distro: options.name, method, imageFile: file, facts, manifestPath: options.manifestPath, identity: options.imageIdentity });
    let account: AccountSetupResult | undefined;
    if (options.account) {
      await setPhase('account');
      // After --import RunOOBE is 0: no first run is pending, so none is launched. The record
      // is written by the account script's own wsl.exe call (first, before the account).
      const rootFile = { path: INSTALL_RECORD_PATH, content: JSON.stringify(record, null, 2) + '\n' };
      account = await setupFirstAccount({ ...call, ...options.account, distro: options.name, onProgress: options.onProgress, firstRunPending: method !== 'import', snapshot: facts.snapshot, rootFile });
    } else {
      await runStep(work, 'record', 'Recording the install', () => writeInstallRecord(options.name, record, call));
      await setPhase('registered');
      if (options.existingAccount) {
        await setPhase('account');
        account = await useExistingAccount({ ...call, ...options.existingAccount, distro: options.name, onProgress: options.onProgress, firstRunPending: method !== 'import', snapshot: facts.snapshot });
      }
    }

    await runStep(work, 'verify', 'Checking the installed distribution', async () => {
      // The account setup ends by starting the distribution by name as its default user, which
      // proves it is registered; only without an account is WSL's list asked.
      if (account) return;
      const entry = await findDistro(options.name, call);
      if (!entry) throw new AzlError('WSL_FAILED', `WSL reported success but ${options.name} is not in its list.`, { hint: 'Run "wsl -l -v" and report the detail.' });
    });
    await journal.remove(options.name, installId);
    await releaseFolder();
    return { name: options.name, method, location, account, preflight, record };
  } catch (thrown) {
    await factsRead; // never rejects; do not leave the read running behind the cleanup
    // A registration stopped because the image was refused fails with the image's reason.
    const error = imageRefused && !options.signal?.aborted ? imageRefused : thrown;
    const outcome = await cleanUpFailedInstall(options.name, registered, { installId, location, createdDirs }, call, locations);
    await releaseFolder();
    if (outcome !== 'left-behind') await journal.remove(options.name, installId);
    if (isAzlError(error)) {
      let hint = error.hint;
      if (outcome === 'removed' && error.code !== 'CANCELLED') {
        hint = DISTRO_REPAIR_CODES.has(error.code)
          ? 'Fix the cause below and run the install again; the half-installed distribution was removed.'
          : `${error.hint ?? ''} The half-installed distribution was removed.`.trim();
      } else if (outcome === 'left-behind') {
        hint = `${error.hint ?? ''} WSL may still be registering ${options.name}; the next "azl-wsl install" of that name finishes the cleanup.`.trim();
      } else if (error.code !== 'CANCELLED' && !/Nothing was changed\.$/.test(hint ?? '')) {
        hint = `${hint ?? ''} Nothing was changed.`.trim();
      }
      throw new AzlError(error.code, error.message, { hint, detail: error.detail, cause: error });
    }
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', forwardCancel);
  }
}

/** The install's refusal of an image that breaks the extraction rules. */
function imageRuleError(members: MemberRules): AzlError {
  return new AzlError('ARCHIVE_INVALID', 'The image holds members WSL must not or cannot extract (see below).', {
    hint: 'Run "azl-wsl validate" on the image, fix the profile or packing, and build it again.',
    detail: describeMemberProblems(members),
  });
}

/**
 * Unregisters a half-made distribution when it is this run's own, and removes the folders this
 * run created. `registered` is what wsl.exe said: yes (ours for sure), no (WSL undid it, or never
 * got that far), unknown (cancelled while registering: ownership is checked).
 */
async function cleanUpFailedInstall(
  name: string,
  registered: 'no' | 'yes' | 'unknown',
  proof: { installId: string; location: string; createdDirs: readonly string[] },
  call: WslCallOptions,
  locations: DistroLocations,
): Promise<'nothing' | 'removed' | 'left-behind'> {
  // Without the caller's signal: cleanup must run to the end even after a cancel.
  const quiet: WslCallOptions = { ...call, signal: undefined };
  let outcome: 'nothing' | 'removed' | 'left-behind' = 'nothing';
  if (registered !== 'no') {
    const ownership = await distroOwnership(name, proof, quiet, locations).catch(() => undefined);
    if (ownership?.kind === 'own') {
      const done = await unregisterDistro(ownership.entry.name, quiet).then(
        () => true,
        () => false,
      );
      outcome = done ? 'removed' : 'left-behind';
    } else if (ownership === undefined || ownership.kind === 'busy') {
      outcome = 'left-behind';
    }
  }
  if (outcome !== 'left-behind') await removeCreatedFolders(proof.createdDirs, locations);
  return outcome;
}

export interface SetupUserOptions extends AccountRequest, WslCallOptions, WorkOptions {
  distro: string;
}

/** Adds the first account to an installed distribution (`azl-wsl setup-user NAME`). */
export async function setupUser(options: SetupUserOptions): Promise<AccountSetupResult> {
  const call = callOptions(options);
  const entry = await findDistro(options.distro, call);
  if (!entry) {
    throw new AzlError('DISTRO_NOT_FOUND', `There is no WSL distribution named "${options.distro}".`, {
      hint: 'Run "wsl -l -v" to see the installed distributions and check the spelling.',
    });
  }
  return setupFirstAccount({ ...options, distro: entry.name });
}

/**
 * Idempotent install for unattended runs: installs when missing, adds the account when the
 * distribution exists without it, and reports "already as requested" when both are in place.
 * An install of this name that was interrupted is finished (when only its setup was missing)
 * or removed and done again.
 */
export async function ensureDistro(options: InstallOptions): Promise<EnsureResult> {
  return withNameLock(options, async (context) => {
    const call = callOptions(options);
    if (options.account) validateAccountRequest(options.account, []);
    const recovery = await recoverInterruptedInstall(options.name, { journal: context.journal, call, locations: context.locations, mode: 'ensure' });
    const recovered = reportRecovery(options, recovery);
    const withRecovery = <T extends EnsureResult>(result: T): T => (recovered ? { ...result, recovered } : result);
    if (recovery.action === 'resume') {
      // The interrupted install registered the distribution; write its record if the kill came
      // before that, then let the checks below add the account.
      const data = recovery.journal.data;
      const existing = await readInstallRecord(options.name, call).catch(() => undefined);
      if (!existing) {
        const facts = await readImageFacts(data.file, options.signal).catch(() => undefined);
        const sha256 = facts?.sha256 ?? (await sha256OfFile(data.file, options.signal));
        const record = await buildInstallRecord({ installId: data.installId, distro: options.name, method: data.method, imageFile: data.file, facts: { osRelease: facts?.osRelease ?? {}, sha256 }, manifestPath: options.manifestPath, identity: options.imageIdentity });
        await writeInstallRecord(options.name, record, call);
      }
      await context.journal.remove(options.name, recovery.journal.owner.id);
    }
    const entry = await findDistro(options.name, call);
    if (!entry) {
      const install = await installLocked(options, context);
      return withRecovery({ status: 'installed', message: `Installed ${options.name}.`, install });
    }
    const user = options.account?.user;
    if (user === undefined) return withRecovery({ status: 'unchanged', message: `${entry.name} is already installed as requested.` });
    const passwd = await readPasswd(entry.name, call);
    if (!passwd.some((candidate) => candidate.name === user)) {
      const account = await setupFirstAccount({ ...call, ...options.account!, distro: entry.name, onProgress: options.onProgress });
      return withRecovery({ status: 'account-added', message: `${entry.name} was installed; added the account ${user}.`, account });
    }
    if (await isDefaultUser(entry.name, user, call)) {
      return withRecovery({ status: 'unchanged', message: `${entry.name} is already installed with the user ${user}, as requested.` });
    }
    throw new AzlError('DISTRO_EXISTS', `${entry.name} has the user ${user}, but it does not start as that user.`, {
      hint: `Set it with "wsl --manage ${entry.name} --set-default-user ${user}" or [user] default in /etc/wsl.conf; nothing was changed.`,
    });
  });
}
