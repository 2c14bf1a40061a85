/**
 * The list of packages in an image, read from the image's own rpm database.
 */
import type { InstalledPackage } from '../manifest/image-manifest.js';
import { AzlError } from '../../common/errors.js';
import { lastLines } from '../../common/run-program.js';
import type { ProgramResult } from '../../common/program-runner.js';
import { runRpmTool, type RpmError } from './rpm-tools.js';

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

/** What a query of the image's database that failed reports. */
function unreadableDatabase(result: ProgramResult<RpmError>): AzlError {
  return new AzlError('PACKAGE_MANAGER_FAILED', 'The image\'s rpm database could not be read.', {
    detail: lastLines(result.stderr.toString('utf8').trim(), 20),
  });
}

/** `rpm --root ROOT --dbpath DBPATH -qa --qf FORMAT`: every installed package, one line each. */
async function queryAll(root: string, dbPath: string, format: string, name: string, signal?: AbortSignal): Promise<string> {
  const result = await runRpmTool('rpm', ['--root', root, '--dbpath', dbPath, '-qa', '--qf', format], { name, signal, failure: unreadableDatabase });
  return result.stdout.toString('utf8');
}

/** Queries `rpm --root ROOT --dbpath DBPATH -qa`. */
export async function queryInstalledPackages(root: string, dbPath: string, signal?: AbortSignal): Promise<InstalledPackage[]> {
  return parseInstalledPackages(await queryAll(root, dbPath, QUERY_FORMAT, 'rpm -qa', signal));
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
const DETAIL_TAGS = ['%{NAME}', '%{EPOCH}', '%{VERSION}', '%{RELEASE}', '%{ARCH}', '%{LICENSE}', '%{BUILDTIME}', '%{SUMMARY}', '%{URL}', '%{VENDOR}', '%{SOURCERPM}'];

/**
 * The rpm query format for packages and their details, `separator` between fields (as rpm
 * reads it: a query run through a command line where a control byte cannot travel uses `\t`).
 */
export function packageDetailsFormat(separator: string): string {
  return DETAIL_TAGS.join(separator) + '\\n';
}

const DETAILS_FORMAT = packageDetailsFormat(FIELD);

function headerText(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === '(none)' ? undefined : value;
}

/** A package and its details, as `rpm -qa` printed them in packageDetailsFormat. */
export interface DetailedPackage {
  pkg: InstalledPackage;
  details: PackageDetails;
}

/** Parses `rpm -qa` output in packageDetailsFormat(separator), in the order printed. */
export function parseDetailedPackages(text: string, separator = FIELD): DetailedPackage[] {
  const packages: DetailedPackage[] = [];
  for (const line of text.split('\n')) {
    const fields = line.replace(/\r$/, '').split(separator);
    if (fields.length !== DETAIL_TAGS.length) continue;
    const [name, epoch, version, release, arch, license, buildTime, summary, url, vendor, sourceRpm] = fields as [string, string, string, string, string, string, string, string, string, string, string];
    const time = Number(buildTime);
    packages.push({
      pkg: { name, epoch: /^\d+$/.test(epoch) ? Number(epoch) : null, version, release, arch },
      details: {
        ...(headerText(license) ? { license } : {}),
        ...(Number.isInteger(time) && time > 0 ? { buildTime: time } : {}),
        ...(headerText(summary) ? { summary } : {}),
        ...(headerText(url) ? { url } : {}),
        ...(headerText(vendor) ? { vendor } : {}),
        ...(headerText(sourceRpm) ? { sourceRpm } : {}),
      },
    });
  }
  return packages;
}

/** Parses `rpm -qa` output in packageDetailsFormat, keyed by `name-epoch:version-release.arch`. */
export function parsePackageDetails(text: string, separator = FIELD): Map<string, PackageDetails> {
  return new Map(parseDetailedPackages(text, separator).map(({ pkg, details }) => [`${pkg.name}-${pkg.epoch ?? 0}:${pkg.version}-${pkg.release}.${pkg.arch}`, details]));
}

/** Licence, build time and the rest of each installed package's header, from the image's rpm database. */
export async function queryPackageDetails(root: string, dbPath: string, signal?: AbortSignal): Promise<Map<string, PackageDetails>> {
  return parsePackageDetails(await queryAll(root, dbPath, DETAILS_FORMAT, 'rpm -qa (details)', signal));
}
