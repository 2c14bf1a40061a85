/**
 * `azl-wsl update NAME [--security] [--snapshot]`: the distribution's own dnf upgrades it in
 * place, as root, with step progress. What it fixes is asked of dnf before (`updateinfo list
 * --updates`), what changed is read from the rpm database before and after (`name from → to`),
 * and both are appended to /etc/azl-wsl/install.json. With --snapshot a verified snapshot is
 * taken first, so the update can be undone with `azl-wsl restore`.
 *
 * dnf keeps its own transaction safe; an update is not journaled like an upgrade because it
 * never removes or replaces a registration.
 */
import { AzlError } from '../../common/errors.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { execArgs, execInDistro } from '../driver/wsl-exec.js';
import { wslDetail, wslFailure } from '../driver/wsl-errors.js';
import { runWsl, type WslCallOptions } from '../driver/wsl-runner.js';
import { newInstallId, parseInstallRecord, writeInstallRecord, INSTALL_RECORD_PATH, type InstallRecord } from '../install/install-record.js';
import { toolVersion } from '../../common/tool-version.js';
import { callOptions, requireDistro, type FactsOptions } from './distro-facts.js';
import type { SnapshotInfo, SnapshotStore } from './snapshot-store.js';
import { takeSnapshot } from './take-snapshot.js';

/** Exit codes of the survey script. */
const NO_DNF_EXIT = 3;
const NO_RPM_EXIT = 4;
/** Marks where dnf's output ends and the package list begins. */
const PACKAGES_MARKER = '--- azl-wsl: installed packages ---';
/** How many updates the record keeps (the newest). */
const RECORD_UPDATES_KEPT = 50;

/** Finds dnf (dnf5 first, as Azure Linux 4 has it), checks rpm, lists the packages. */
const SURVEY_SCRIPT = [
  `d=$(command -v dnf5 || command -v dnf) || exit ${NO_DNF_EXIT}`,
  `command -v rpm >/dev/null 2>&1 || exit ${NO_RPM_EXIT}`,
  'printf "DNF %s\\n" "$d"',
  'exec rpm -qa --qf "%{NAME}\\t%{EPOCH}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n" 2>/dev/null',
].join('\n');

/** `$1` the dnf path, `$2` "security" or "all": the upgrade, then the package list after it. */
const UPGRADE_SCRIPT = [
  'dnf=$1; shift',
  'if [ "$1" = security ]; then "$dnf" -y upgrade --security; else "$dnf" -y upgrade; fi',
  'status=$?',
  `printf "\\n%s\\n" "${PACKAGES_MARKER}"`,
  'rpm -qa --qf "%{NAME}\\t%{EPOCH}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n" 2>/dev/null',
  'exit $status',
].join('\n');

export interface PackageChange {
  name: string;
  arch: string;
  /** Absent for a newly installed package. */
  from?: string;
  /** Absent for a removed one. */
  to?: string;
}

export interface Advisory {
  id: string;
  /** security, bugfix, enhancement… */
  type: string;
  severity?: string;
  /** The package version that fixes it (name-version-release.arch). */
  package: string;
}

export interface UpdateOptions extends FactsOptions, WorkOptions {
  distro: string;
  /** Only updates that fix security advisories. */
  security?: boolean;
  /** Take a verified snapshot first. */
  snapshot?: boolean;
  store?: SnapshotStore;
}

export interface UpdateResult {
  distro: string;
  security: boolean;
  snapshot?: SnapshotInfo;
  packages: PackageChange[];
  advisories: Advisory[];
  /** Where the record of this update was written. */
  record: string;
}

type PackageMap = Map<string, { name: string; arch: string; version: string }>;

/** `name\tepoch:version-release\tarch` lines → map by name.arch (epoch 0 / none dropped). */
export function parseRpmList(text: string): PackageMap {
  const packages: PackageMap = new Map();
  for (const line of text.split('\n')) {
    const [name, evr, arch] = line.trim().split('\t');
    if (!name || !evr || !arch) continue;
    const version = evr.replace(/^(\(none\)|0):/, '');
    packages.set(`${name}.${arch}`, { name, arch, version });
  }
  return packages;
}

/** What changed between two package lists, sorted by name. */
export function diffPackages(before: PackageMap, after: PackageMap): PackageChange[] {
  const changes: PackageChange[] = [];
  for (const [key, now] of after) {
    const was = before.get(key);
    if (!was) changes.push({ name: now.name, arch: now.arch, to: now.version });
    else if (was.version !== now.version) changes.push({ name: now.name, arch: now.arch, from: was.version, to: now.version });
  }
  for (const [key, was] of before) if (!after.has(key)) changes.push({ name: was.name, arch: was.arch, from: was.version });
  return changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.arch < b.arch ? -1 : 1));
}

/** A package as dnf prints it: name-[epoch:]version-release.arch. */
const NEVRA = /^[A-Za-z0-9._+-]+-(\d+:)?[^-\s]+-[^-\s]+\.[A-Za-z0-9_]+$/;

/**
 * `dnf updateinfo list` lines, dnf 4 (`ID TYPE[/SEVERITY] NEVRA`, e.g. `Important/Sec.`) and
 * dnf5 (a table: `ID TYPE SEVERITY NEVRA ISSUED`). Headers and other lines are skipped.
 */
export function parseAdvisories(text: string): Advisory[] {
  const advisories: Advisory[] = [];
  for (const line of text.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    if (tokens.length < 3 || !/^[A-Za-z][A-Za-z0-9_.:-]*-\d/.test(tokens[0])) continue;
    const packageIndex = tokens.findIndex((token, index) => index >= 2 && NEVRA.test(token));
    if (packageIndex < 0) continue;
    const middle = tokens.slice(1, packageIndex);
    let type = middle[0] ?? 'unknown';
    let severity: string | undefined = middle[1];
    const combined = /^([A-Za-z]+)\/(Sec\.|[A-Za-z]+)$/.exec(type);
    if (combined) {
      severity = combined[1];
      type = combined[2] === 'Sec.' ? 'security' : combined[2].toLowerCase();
    }
    if (severity !== undefined && /^(none|unknown)$/i.test(severity)) severity = undefined;
    advisories.push({ id: tokens[0], type: type.toLowerCase(), ...(severity ? { severity } : {}), package: tokens[packageIndex] });
  }
  return advisories;
}

/** Turns dnf's transaction lines into a fraction: dnf 4 `  Upgrading : x  3/8`, dnf5 `[3/8] Upgrading x`. */
export function transactionProgress(line: string): { done: number; total: number; what: string } | undefined {
  const dnf4 = /^\s+([A-Z][A-Za-z ]+?)\s*:\s*(.*?)\s+(\d+)\/(\d+)\s*$/.exec(line);
  if (dnf4) return { done: Number(dnf4[3]), total: Number(dnf4[4]), what: `${dnf4[1]} ${dnf4[2]}`.trim() };
  const dnf5 = /^\[\s*(\d+)\/(\d+)\]\s+(.*)$/.exec(line.trim());
  if (dnf5) return { done: Number(dnf5[1]), total: Number(dnf5[2]), what: dnf5[3] };
  return undefined;
}

function packagesAfterMarker(stdout: string): string {
  const at = stdout.lastIndexOf(PACKAGES_MARKER);
  return at < 0 ? '' : stdout.slice(at + PACKAGES_MARKER.length);
}

/** Reads the record as root (it may not exist yet: a distribution azl-wsl did not install). */
async function readRecord(distro: string, call: WslCallOptions): Promise<(InstallRecord & { updates?: unknown[] }) | undefined> {
  const result = await execInDistro({ ...call, distro, user: 'root', name: 'read install record', command: ['cat', INSTALL_RECORD_PATH] });
  if (result.failed && result.error) throw wslFailure(result, `Reading the install record of ${distro}`);
  return result.exitCode === 0 ? (parseInstallRecord(result.stdout.toString('utf8')) as (InstallRecord & { updates?: unknown[] }) | undefined) : undefined;
}

/** Updates `options.distro` in place with its own dnf. */
export async function updateDistro(options: UpdateOptions): Promise<UpdateResult> {
  const call = callOptions(options);
  const work: WorkOptions = { signal: options.signal, onProgress: options.onProgress };
  const security = options.security === true;
  const entry = await requireDistro(options.distro, call);
  const distro = entry.name;

  const survey = await runStep(work, 'update-check', `Checking ${distro}`, async () => {
    const result = await execInDistro({ ...call, distro, user: 'root', name: 'find dnf', command: ['sh', '-c', SURVEY_SCRIPT] });
    if (result.exitCode === NO_DNF_EXIT || result.exitCode === NO_RPM_EXIT) {
      throw new AzlError('PACKAGE_MANAGER_MISSING', `${distro} has no ${result.exitCode === NO_DNF_EXIT ? 'dnf' : 'rpm'}, so it cannot update itself.`, {
        hint: 'Upgrade it to a newer image with `azl-wsl upgrade` instead. Nothing was changed.',
      });
    }
    if (result.exitCode !== 0) throw result.failed && result.error ? wslFailure(result, `Checking ${distro}`) : new AzlError('PROGRAM_FAILED', `Checking ${distro} for dnf failed.`, { detail: wslDetail(result) });
    const text = result.stdout.toString('utf8');
    const dnf = /^DNF (\S+)$/m.exec(text)?.[1] ?? 'dnf';
    return { dnf, before: parseRpmList(text) };
  });

  const snapshot = options.snapshot ? await takeSnapshot({ ...options, distro, reason: 'update', note: security ? 'before a security update' : 'before an update' }) : undefined;

  const advisories = await runStep(work, 'update-advisories', 'Asking dnf which advisories the updates fix', async () => {
    const result = await execInDistro({ ...call, distro, user: 'root', name: 'dnf updateinfo', command: [survey.dnf, 'updateinfo', 'list', '--updates', ...(security ? ['--security'] : [])] });
    // Advisories are information: a repository without updateinfo is not a failure.
    return result.exitCode === 0 ? parseAdvisories(result.stdout.toString('utf8')) : [];
  });

  const upgraded = await runStep(work, 'update-dnf', security ? 'Installing the security updates' : 'Installing the updates', async (report) => {
    let inList = false;
    const result = await runWsl(execArgs({ distro, user: 'root', command: ['sh', '-c', UPGRADE_SCRIPT, 'sh', survey.dnf, security ? 'security' : 'all'] }), {
      ...call,
      name: 'dnf upgrade',
      onLine: (line, stream) => {
        if (stream !== 'stdout') return;
        if (line === PACKAGES_MARKER) inList = true;
        if (inList) return;
        options.onProgress?.({ kind: 'log', step: 'update-dnf', stream: 'stdout', text: line });
        const progress = transactionProgress(line);
        if (progress && progress.total > 0) report(progress.done / progress.total, progress.what);
        else if (/^Downloading Packages/i.test(line)) report(undefined, 'Downloading packages');
      },
    });
    if (result.exitCode !== 0) {
      if (result.failed && result.error) throw wslFailure(result, `Updating ${distro}`);
      throw new AzlError('PACKAGE_MANAGER_FAILED', `dnf upgrade failed in ${distro} with exit code ${result.exitCode}.`, {
        hint: snapshot ? `Nothing was rolled back; restore the snapshot with \`azl-wsl restore ${distro} ${snapshot.id}\` if it no longer works.` : 'Read dnf’s output below; dnf leaves the packages as they were when a transaction fails.',
        detail: wslDetail(result).split('\n').slice(-40).join('\n'),
      });
    }
    return diffPackages(survey.before, parseRpmList(packagesAfterMarker(result.stdout.toString('utf8'))));
  });

  await runStep(work, 'update-record', `Recording the update in ${INSTALL_RECORD_PATH}`, async () => {
    const existing = await readRecord(distro, call);
    const record: InstallRecord & { updates?: unknown[] } = existing ?? {
      schemaVersion: 1,
      installId: newInstallId(),
      distro,
      installedAt: new Date().toISOString(),
      method: 'import',
      tool: { name: 'azl-wsl', version: toolVersion() },
      // Not installed by azl-wsl: the image is unknown.
      image: { file: '', sha256: '' },
    };
    const update = { at: new Date().toISOString(), security, ...(snapshot ? { snapshot: snapshot.id } : {}), packages: upgraded, advisories };
    record.updates = [...(record.updates ?? []), update].slice(-RECORD_UPDATES_KEPT);
    await writeInstallRecord(distro, record, call);
  });
  return { distro, security, ...(snapshot ? { snapshot } : {}), packages: upgraded, advisories, record: INSTALL_RECORD_PATH };
}
