/**
 * The list of packages in an image, read from the image's own rpm database.
 */
import type { InstalledPackage } from '../manifest/image-manifest.js';
import { AzlError } from '../../common/errors.js';
import { lastLines, runProgram } from '../../common/run-program.js';

const QUERY_FORMAT = '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n';

/** Parses `rpm -qa` output in QUERY_FORMAT; sorted by name, then version. */
export function parseInstalledPackages(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split('\t');
    if (fields.length !== 5) continue;
    const [name, epoch, version, release, arch] = fields;
    packages.push({ name, epoch: /^\d+$/.test(epoch) ? Number(epoch) : null, version, release, arch });
  }
  return packages.sort((a, b) => compare(a.name, b.name) || compare(a.version, b.version) || compare(a.release, b.release) || compare(a.arch, b.arch));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Queries `rpm --root ROOT --dbpath DBPATH -qa`. */
export async function queryInstalledPackages(root: string, dbPath: string, signal?: AbortSignal): Promise<InstalledPackage[]> {
  const result = await runProgram('rpm', ['--root', root, '--dbpath', dbPath, '-qa', '--qf', QUERY_FORMAT], {
    name: 'rpm -qa',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', LANG: 'C.UTF-8' },
    signal,
  });
  if (result.exitCode !== 0) {
    throw new AzlError('PACKAGE_MANAGER_FAILED', 'The image\'s rpm database could not be read.', {
      detail: lastLines(result.stderr.toString('utf8').trim(), 20),
    });
  }
  return parseInstalledPackages(result.stdout.toString('utf8'));
}

/** What the SBOM needs from each package's rpm header besides its name and version. */
export interface PackageDetails {
  license?: string;
  /** Seconds since the epoch. */
  buildTime?: number;
  summary?: string;
  url?: string;
  vendor?: string;
  sourceRpm?: string;
}

/** Fields are separated by a byte that rpm header strings never hold. */
const FIELD = '\x1f';
const DETAILS_FORMAT = ['%{NAME}', '%{EPOCHNUM}', '%{VERSION}', '%{RELEASE}', '%{ARCH}', '%{LICENSE}', '%{BUILDTIME}', '%{SUMMARY}', '%{URL}', '%{VENDOR}', '%{SOURCERPM}'].join(FIELD) + '\\n';

function headerText(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === '(none)' ? undefined : value;
}

/** Parses `rpm -qa` output in DETAILS_FORMAT, keyed by `name-epoch:version-release.arch`. */
export function parsePackageDetails(text: string): Map<string, PackageDetails> {
  const details = new Map<string, PackageDetails>();
  for (const line of text.split('\n')) {
    const fields = line.split('\x1f');
    if (fields.length !== 11) continue;
    const [name, epoch, version, release, arch, license, buildTime, summary, url, vendor, sourceRpm] = fields;
    const time = Number(buildTime);
    details.set(`${name}-${/^\d+$/.test(epoch!) ? epoch : '0'}:${version}-${release}.${arch}`, {
      ...(headerText(license) ? { license } : {}),
      ...(Number.isInteger(time) && time > 0 ? { buildTime: time } : {}),
      ...(headerText(summary) ? { summary } : {}),
      ...(headerText(url) ? { url } : {}),
      ...(headerText(vendor) ? { vendor } : {}),
      ...(headerText(sourceRpm) ? { sourceRpm } : {}),
    });
  }
  return details;
}

/** Licence, build time and the rest of each installed package's header, from the image's rpm database. */
export async function queryPackageDetails(root: string, dbPath: string, signal?: AbortSignal): Promise<Map<string, PackageDetails>> {
  const result = await runProgram('rpm', ['--root', root, '--dbpath', dbPath, '-qa', '--qf', DETAILS_FORMAT], {
    name: 'rpm -qa (details)',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', LANG: 'C.UTF-8' },
    signal,
  });
  if (result.exitCode !== 0) {
    throw new AzlError('PACKAGE_MANAGER_FAILED', 'The image\'s rpm database could not be read.', {
      detail: lastLines(result.stderr.toString('utf8').trim(), 20),
    });
  }
  return parsePackageDetails(result.stdout.toString('utf8'));
}
