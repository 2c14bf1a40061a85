/**
 * Preflight: everything that can be known before an install changes anything, each as a
 * check with a status, one sentence and what to do. The installer refuses to start when any
 * check fails; warnings are shown and the install goes on.
 */
import { constants as fsConstants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, win32 } from 'node:path';
import { homedir } from 'node:os';
import { isAzlError, type AzlErrorCode } from '../../common/errors.js';
import { DISTRO_NAME_RULE, isValidDistroName, officialDistroName, suggestDistroName } from '../../common/distro-names.js';
import type { InstallMethod, RegistrationMethod } from '../../common/install-method.js';
import { pathExists } from '../../common/file-checks.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { FROM_FILE_MIN_VERSION, getWslVersion, supportsFromFile, type WslVersionInfo } from '../driver/wsl-version.js';
import { probeWslStatus } from '../driver/wsl-status.js';
import { listDistros, type DistroListEntry } from '../driver/wsl-list.js';
import { wslFailure } from '../driver/wsl-errors.js';
import { defaultDistroLocations, type DistroLocations } from './distro-locations.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface PreflightCheck {
  id: 'wsl-present' | 'wsl-version' | 'wsl-service' | 'distro-name' | 'location' | 'disk-space';
  status: CheckStatus;
  message: string;
  hint?: string;
  /** For failed checks: the AzlError code an install refusing on this check throws. */
  code?: AzlErrorCode;
}

export interface PreflightReport {
  checks: PreflightCheck[];
  /** True when no check failed. */
  ok: boolean;
  /** The registration method to use; undefined when WSL is unusable. */
  method?: RegistrationMethod;
  wslVersion?: WslVersionInfo;
  distros: DistroListEntry[];
}

export interface PreflightOptions extends WslCallOptions {
  distroName?: string;
  location?: string;
  method?: InstallMethod;
  /** Bytes the image needs once expanded; below this free space the check fails. */
  expectedSizeBytes?: number;
  /** Allow a name like Microsoft's own `AzureLinux-4*` images (the caller asked for it explicitly). */
  allowOfficialName?: boolean;
  /** BasePath lookup; default: the simulator's JSON via env, or the Windows registry. */
  distroLocations?: DistroLocations;
}


/**
 * Below this much free space the install is likely to fill the disk soon: an Azure Linux root
 * expands to about 1–2 GB and the VHD only ever grows as packages are added (users.md pitfall 12).
 */
export const LOW_DISK_WARN_BYTES = 4 * 1024 ** 3;

/** Tokens that mean the WSL service itself cannot run, whichever command showed them. */
const SERVICE_TOKENS = new Set([
  'HCS_E_HYPERV_NOT_INSTALLED',
  'HCS_E_SERVICE_NOT_AVAILABLE',
  'ERROR_ACCESS_DISABLED_BY_POLICY',
  'WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED',
]);

function isAbsoluteAnywhere(path: string): boolean {
  return isAbsolute(path) || win32.isAbsolute(path);
}

/** Whether two folder paths name the same place (Windows paths compare case-insensitively, either slash). */
export function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => {
    const trimmed = p.replace(/[\\/]+$/, '');
    return process.platform === 'win32' || /^[a-z]:/i.test(trimmed) ? trimmed.toLowerCase().replace(/\//g, '\\') : trimmed;
  };
  return norm(a) === norm(b);
}

function formatBytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** Checks a distribution name against WSL's rule, the installed names and the official names. */
export function checkDistroName(name: string, installed: readonly string[], allowOfficialName = false): PreflightCheck {
  if (!isValidDistroName(name)) {
    return { id: 'distro-name', status: 'fail', code: 'DISTRO_NAME_INVALID', message: `"${name}" is not a valid distribution name.`, hint: `${DISTRO_NAME_RULE} For example ${suggestDistroName(name.replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 256), installed)}.` };
  }
  const clash = installed.find((other) => other.toLowerCase() === name.toLowerCase());
  if (clash) {
    return { id: 'distro-name', status: 'fail', code: 'DISTRO_EXISTS', message: `A distribution named "${clash}" is already installed (names ignore case).`, hint: `Choose another name (${suggestDistroName(name, installed)} is free), or remove the old one with "wsl --unregister" first.` };
  }
  const official = officialDistroName(name);
  if (official && !allowOfficialName) {
    return {
      id: 'distro-name',
      status: 'fail',
      code: 'DISTRO_NAME_INVALID',
      message: `"${name}" is the name Microsoft's official Azure Linux image (${official}) registers as.`,
      hint: `Choose a name of your own, such as ${suggestDistroName(name, installed)}, so the two never collide, or confirm the official name explicitly (--allow-official-name).`,
    };
  }
  return { id: 'distro-name', status: 'ok', message: `The name "${name}" is free.` };
}

/** Checks the install folder: absolute, parent present, writable, not another distribution's. */
export async function checkLocation(location: string, locations: DistroLocations): Promise<PreflightCheck> {
  const fail = (message: string, hint: string, code: AzlErrorCode = 'LOCATION_UNUSABLE'): PreflightCheck => ({ id: 'location', status: 'fail', code, message, hint });
  if (!isAbsoluteAnywhere(location)) return fail(`The location "${location}" is not an absolute path.`, 'Give a full path such as %LOCALAPPDATA%\\WSL\\NAME.');
  const owner = (await locations.list()).find((entry) => samePath(entry.basePath, location));
  if (owner) return fail(`The folder ${location} already holds the distribution "${owner.name}".`, 'Choose an empty folder of its own for each distribution.', 'LOCATION_IN_USE');
  if (await pathExists(join(location, 'ext4.vhdx'))) return fail(`The folder ${location} already contains a WSL disk (ext4.vhdx).`, 'Choose an empty folder, or remove the old disk if nothing uses it.', 'LOCATION_IN_USE');
  const target = (await pathExists(location)) ? location : dirname(resolve(location));
  if (!(await pathExists(target))) return fail(`The parent folder ${target} does not exist.`, 'Create the parent folder first, or choose another location.');
  try {
    await access(target, fsConstants.W_OK);
  } catch {
    return fail(`The folder ${target} is not writable by you.`, 'Choose a folder in your own profile, such as %LOCALAPPDATA%\\WSL.');
  }
  return { id: 'location', status: 'ok', message: `The location ${location} is usable.` };
}

/** Checks free space where the disk will live. */
export async function checkDiskSpace(path: string, expectedSizeBytes?: number): Promise<PreflightCheck> {
  let probe = resolve(path);
  while (!(await pathExists(probe)) && dirname(probe) !== probe) probe = dirname(probe);
  let free: number;
  try {
    const info = await statfs(probe);
    free = Number(info.bavail) * Number(info.bsize);
  } catch (error) {
    return { id: 'disk-space', status: 'warn', message: `The free space at ${probe} could not be measured.`, hint: error instanceof Error ? error.message : undefined };
  }
  if (expectedSizeBytes !== undefined && free < expectedSizeBytes) {
    return { id: 'disk-space', status: 'fail', code: 'DISK_FULL', message: `Only ${formatBytes(free)} is free at ${probe}; the image needs about ${formatBytes(expectedSizeBytes)}.`, hint: 'Free some space or choose a location on another drive.' };
  }
  if (free < LOW_DISK_WARN_BYTES) {
    return { id: 'disk-space', status: 'warn', message: `Only ${formatBytes(free)} is free at ${probe}; the distribution's disk grows as you use it.`, hint: 'Free some space or choose a location on another drive.' };
  }
  return { id: 'disk-space', status: 'ok', message: `${formatBytes(free)} free at ${probe}.` };
}

/** Runs every check; never throws for a problem it can describe as a failed check. */
export async function runPreflight(options: PreflightOptions = {}): Promise<PreflightReport> {
  const call: WslCallOptions = { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
  const checks: PreflightCheck[] = [];
  const report = (): PreflightReport => ({ checks, ok: checks.every((check) => check.status !== 'fail'), method, wslVersion, distros });
  let method: RegistrationMethod | undefined;
  let wslVersion: WslVersionInfo | undefined;
  let distros: DistroListEntry[] = [];
  const asCheck = (id: PreflightCheck['id'], error: unknown): PreflightCheck => {
    if (!isAzlError(error) || error.code === 'CANCELLED') throw error;
    return { id, status: 'fail', code: error.code, message: error.message, hint: error.hint };
  };

  // The version and the list are independent questions: asked at once, since each wsl.exe
  // call costs a process start (the list's answer is used only once the version is known).
  const listing = listDistros(call).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  try {
    wslVersion = await getWslVersion(call);
    checks.push({ id: 'wsl-present', status: 'ok', message: 'WSL is installed.' });
  } catch (error) {
    await listing;
    checks.push(asCheck(isAzlError(error) && error.code === 'WSL_MISSING' ? 'wsl-present' : 'wsl-service', error));
    return report();
  }

  const fromFile = supportsFromFile(wslVersion);
  const versionText = wslVersion.kind === 'store' ? `WSL ${wslVersion.wsl}` : 'The built-in (inbox) WSL';
  const wanted = options.method ?? 'auto';
  if (wanted === 'from-file' && !fromFile) {
    checks.push({ id: 'wsl-version', status: 'fail', code: 'WSL_TOO_OLD', message: `${versionText} cannot install .wsl files (needs ${FROM_FILE_MIN_VERSION} or later).`, hint: 'Run "wsl --update", or install with the import method instead.' });
  } else {
    method = wanted === 'import' || !fromFile ? 'import' : 'from-file';
    const fallback = wanted === 'auto' && !fromFile;
    checks.push({
      id: 'wsl-version',
      status: fallback ? 'warn' : 'ok',
      message: fallback ? `${versionText} is older than ${FROM_FILE_MIN_VERSION}; the image will be registered with import.` : `${versionText}; installing with ${method}.`,
      hint: fallback ? 'Run "wsl --update" to get the newest WSL.' : undefined,
    });
  }

  // The service probe: the list talks to the WSL service, so when it answers the service runs.
  // Only when it fails is --status asked (one wsl.exe call less on the usual path), because
  // its error token tells "the service cannot start" apart from other failures.
  const listed = await listing;
  if (listed.ok) {
    distros = listed.value;
    checks.push({ id: 'wsl-service', status: 'ok', message: 'The WSL service answers.' });
  } else {
    const { error } = listed;
    if (!isAzlError(error) || error.code === 'CANCELLED') throw error;
    const status = await probeWslStatus(call);
    if (status.failed && status.error && SERVICE_TOKENS.has(status.error.token)) checks.push(asCheck('wsl-service', wslFailure(status, 'Starting WSL')));
    else checks.push(asCheck('wsl-service', error));
    return report();
  }

  if (options.distroName !== undefined) {
    checks.push(checkDistroName(options.distroName, distros.map((entry) => entry.name), options.allowOfficialName));
  }
  const locations = options.distroLocations ?? defaultDistroLocations({ ...process.env, ...options.env });
  if (options.location !== undefined) checks.push(await checkLocation(options.location, locations));
  const diskPath = options.location ?? options.env?.LOCALAPPDATA ?? process.env.LOCALAPPDATA ?? homedir();
  checks.push(await checkDiskSpace(diskPath, options.expectedSizeBytes));
  return report();
}

const STATUS_MARK: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

/** Plain-text report, one check per line and its hint indented below. */
export function formatPreflight(report: PreflightReport): string {
  const lines = report.checks.flatMap((check) => {
    const line = `[${STATUS_MARK[check.status]}] ${check.message}`;
    return check.hint && check.status !== 'ok' ? [line, `       ${check.hint}`] : [line];
  });
  lines.push(report.ok ? 'Preflight passed.' : 'Preflight failed: nothing was changed.');
  return lines.join('\n');
}
