/**
 * The install flow shared by the CLI and the desktop app:
 * preflight → register (import, or from-file with --no-launch) → first account → verify.
 *
 * All or nothing: a name clash is refused before anything happens, and a failure or cancel
 * at any later step unregisters the half-made distribution and removes the folders this run
 * created (never one that existed before).
 */
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { AzlError, isAzlError, throwIfAborted } from '../../common/errors.js';
import { pathExists, sha256OfFile } from '../../common/file-checks.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { importDistro } from '../driver/wsl-import.js';
import { installFromFile } from '../driver/wsl-install-from-file.js';
import { findDistro } from '../driver/wsl-list.js';
import { unregisterDistro } from '../driver/wsl-unregister.js';
import type { AccountRequest } from '../account/account-options.js';
import { isDefaultUser, readPasswd, setupFirstAccount, type AccountSetupResult } from '../account/setup-first-account.js';
import { runPreflight, type PreflightReport } from '../preflight/preflight.js';
import type { DistroLocations } from '../preflight/distro-locations.js';
import { readImageSnapshot } from '../account/image-snapshot.js';

export interface InstallOptions extends WslCallOptions, WorkOptions {
  /** The image (.wsl / .tar.gz / .tar). */
  file: string;
  name: string;
  /** Install folder; default `%LOCALAPPDATA%\wsl\<name>` for import, WSL's own choice for from-file. */
  location?: string;
  method: 'auto' | 'from-file' | 'import';
  /** The first account; without it the distribution starts as root. */
  account?: AccountRequest;
  /** Expected SHA-256 of the image (from an answer file or catalog); checked before anything else. */
  sha256?: string;
  allowOfficialName?: boolean;
  expectedSizeBytes?: number;
  distroLocations?: DistroLocations;
}

export interface InstallResult {
  name: string;
  method: 'from-file' | 'import';
  location?: string;
  account?: AccountSetupResult;
  preflight: PreflightReport;
}

export type EnsureResult =
  | { status: 'installed'; message: string; install: InstallResult }
  | { status: 'account-added'; message: string; account: AccountSetupResult }
  | { status: 'unchanged'; message: string };

/** Where `--import` puts a distribution when no location is given. */
export function defaultInstallLocation(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.LOCALAPPDATA ?? join(homedir(), '.local', 'share'), 'wsl', name);
}

function callOptions(options: WslCallOptions): WslCallOptions {
  return { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
}

/** Registers the image and sets up the first account; cleans up completely on failure. */
export async function installDistro(options: InstallOptions): Promise<InstallResult> {
  const call = callOptions(options);
  const work: WorkOptions = { signal: options.signal, onProgress: options.onProgress };
  const file = resolve(options.file);

  const preflight = await runStep(work, 'preflight', 'Checking this machine', () =>
    runPreflight({
      ...call,
      distroName: options.name,
      location: options.location,
      method: options.method,
      expectedSizeBytes: options.expectedSizeBytes,
      allowOfficialName: options.allowOfficialName,
      distroLocations: options.distroLocations,
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
  const createdDirs: string[] = [];
  let location = options.location;
  if (location === undefined && method === 'import') {
    location = defaultInstallLocation(options.name, { ...process.env, ...options.env });
    // wsl --import creates only the last folder; make the missing parents, deepest first in the list.
    for (let dir = dirname(location); !(await pathExists(dir)) && dirname(dir) !== dir; dir = dirname(dir)) createdDirs.push(dir);
    if (createdDirs.length > 0) await mkdir(dirname(location), { recursive: true });
  }
  if (location !== undefined && !(await pathExists(location))) createdDirs.unshift(location);

  // The account files, read from the image itself while WSL registers it: right after
  // registration the distribution holds exactly the image's files, so this saves a wsl.exe
  // call. Any trouble reading them here falls back to reading them from the distribution.
  const imageSnapshot = options.account ? readImageSnapshot(file, options.signal).catch(() => undefined) : undefined;
  let registered = false;
  try {
    throwIfAborted(options.signal, 'The install');
    await runStep(work, 'register', `Registering ${options.name} with WSL (${method})`, async () => {
      registered = true; // from here on a half-registered distribution may exist
      if (method === 'import') await importDistro({ ...call, name: options.name, location: location!, file, version: 2 });
      else await installFromFile({ ...call, file, name: options.name, location, noLaunch: true });
    });

    let account: AccountSetupResult | undefined;
    if (options.account) {
      // After --import RunOOBE is 0: no first run is pending, so none is launched.
      const snapshot = await imageSnapshot;
      account = await setupFirstAccount({ ...call, ...options.account, distro: options.name, onProgress: options.onProgress, firstRunPending: method !== 'import', snapshot });
    }

    await runStep(work, 'verify', 'Checking the installed distribution', async () => {
      // The account setup ends by starting the distribution by name as its default user, which
      // proves it is registered; only without an account is WSL's list asked.
      if (account) return;
      const entry = await findDistro(options.name, call);
      if (!entry) throw new AzlError('WSL_FAILED', `WSL reported success but ${options.name} is not in its list.`, { hint: 'Run "wsl -l -v" and report the detail.' });
    });
    return { name: options.name, method, location, account, preflight };
  } catch (error) {
    await imageSnapshot; // never rejects; do not leave the read running behind the cleanup
    await cleanUpFailedInstall(options.name, registered, createdDirs, call);
    if (isAzlError(error)) {
      const hint =
        error.code === 'CANCELLED'
          ? error.hint
          : error.code === 'ACCOUNT_SETUP_FAILED'
            ? 'Fix the cause below and run the install again; the half-installed distribution was removed.'
            : `${error.hint ?? ''} The half-installed distribution was removed.`.trim();
      throw new AzlError(error.code, error.message, { hint, detail: error.detail, cause: error });
    }
    throw error;
  }
}

/** Unregisters a half-made distribution and removes the folders this run created. */
async function cleanUpFailedInstall(name: string, registered: boolean, createdDirs: readonly string[], call: WslCallOptions): Promise<void> {
  // Without the caller's signal: cleanup must run to the end even after a cancel.
  const quiet: WslCallOptions = { ...call, signal: undefined };
  if (registered) {
    // Preflight proved the name was free, so a distribution with this name now is ours.
    const entry = await findDistro(name, quiet).catch(() => undefined);
    if (entry) await unregisterDistro(entry.name, quiet).catch(() => undefined);
  }
  const [location, ...parents] = createdDirs;
  if (location !== undefined) await rm(location, { recursive: true, force: true }).catch(() => undefined);
  for (const dir of parents) await rmdir(dir).catch(() => undefined); // only if empty
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
 */
export async function ensureDistro(options: InstallOptions): Promise<EnsureResult> {
  const call = callOptions(options);
  const entry = await findDistro(options.name, call);
  if (!entry) {
    const install = await installDistro(options);
    return { status: 'installed', message: `Installed ${options.name}.`, install };
  }
  const user = options.account?.user;
  if (user === undefined) return { status: 'unchanged', message: `${entry.name} is already installed as requested.` };
  const passwd = await readPasswd(entry.name, call);
  if (!passwd.some((candidate) => candidate.name === user)) {
    const account = await setupFirstAccount({ ...call, ...options.account!, distro: entry.name, onProgress: options.onProgress });
    return { status: 'account-added', message: `${entry.name} was installed; added the account ${user}.`, account };
  }
  if (await isDefaultUser(entry.name, user, call)) {
    return { status: 'unchanged', message: `${entry.name} is already installed with the user ${user}, as requested.` };
  }
  throw new AzlError('DISTRO_EXISTS', `${entry.name} has the user ${user}, but it does not start as that user.`, {
    hint: `Set it with "wsl --manage ${entry.name} --set-default-user ${user}" or [user] default in /etc/wsl.conf; nothing was changed.`,
  });
}
