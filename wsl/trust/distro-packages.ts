/**
 * What an installed distribution says about its packages, in one wsl.exe call as root: its
 * os-release, the azl-wsl install record (which image it came from) and its rpm database, read
 * by its own rpm (`rpm -qa`, which knows where the distribution keeps the database). Used by
 * `azl-wsl sbom NAME` and `azl-wsl advisories NAME`. Nothing is written inside.
 */
import { sectionMarker, splitSections } from '../driver/marked-sections.js';
import { AzlError } from '../../common/errors.js';
import { packageDetailsFormat, parseDetailedPackages, type DetailedPackage } from '../../rootfs/build/installed-packages.js';
import { parseOsReleaseText } from '../../rootfs/sbom/distro-identity.js';
import { execInDistro } from '../driver/wsl-exec.js';
import { wslDetail, wslFailure } from '../driver/wsl-errors.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { INSTALL_RECORD_PATH, parseInstallRecord, type InstallRecord } from '../install/install-record.js';

export interface DistroPackages {
  osRelease: Record<string, string>;
  record?: InstallRecord;
  packages: DetailedPackage[];
}

/** `$1` the section marker, `$2` rpm's query format. */
const PACKAGES_SCRIPT = [
  'm="$1"',
  'echo "$m os-release"; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null',
  `echo "$m record"; cat ${INSTALL_RECORD_PATH} 2>/dev/null`,
  'echo "$m packages"',
  // A real rpm (busybox has an `rpm` applet that reads package files but no database).
  'rpm --version 2>/dev/null | grep -q "^RPM version" || { echo "$m no-rpm"; exit 0; }',
  'rpm -qa --qf "$2" || echo "$m rpm-failed"',
  'echo "$m end"',
].join('\n');

/** Reads the distribution's packages (starts it when it is stopped). */
export async function readDistroPackages(distro: string, options: WslCallOptions): Promise<DistroPackages> {
  const marker = sectionMarker();
  // rpm turns `\t` into a tab: a control byte would not survive the Windows command line.
  const result = await execInDistro({ ...options, distro, user: 'root', name: 'rpm -qa', command: ['sh', '-c', PACKAGES_SCRIPT, 'sh', marker, packageDetailsFormat('\\t')] });
  if (result.failed && result.error) throw wslFailure(result, `Reading the packages of ${distro}`);
  const sections = splitSections(result.stdout.toString('utf8'), marker);
  if (sections.has('no-rpm')) {
    throw new AzlError('PACKAGE_MANAGER_MISSING', `${distro} has no rpm, so its packages cannot be read.`, {
      hint: 'Only rpm-based distributions (Azure Linux) have a package database to list. Nothing was changed.',
    });
  }
  if (result.exitCode !== 0 || sections.has('rpm-failed') || !sections.has('end')) {
    throw new AzlError('PROGRAM_FAILED', `rpm could not read the package database of ${distro}.`, { hint: 'Run `rpm -qa` in the distribution to see why.', detail: wslDetail(result) });
  }
  return {
    osRelease: parseOsReleaseText((sections.get('os-release') ?? []).join('\n')),
    record: parseInstallRecord((sections.get('record') ?? []).join('\n')),
    packages: parseDetailedPackages((sections.get('packages') ?? []).join('\n'), '\t'),
  };
}
