/**
 * The list of packages in an image, read from the image's own rpm database, with the header
 * fields the SBOM needs (licence, build time, summary, vendor, URL, source rpm) in the same query.
 */
import type { InstalledPackage } from '../manifest/image-manifest.js';
import { AzlError } from '../../common/errors.js';
import { lastLines } from '../../common/run-program.js';
import type { ProgramResult } from '../../common/program-runner.js';
import { runRpmTool, type RpmError } from './rpm-tools.js';

/** Parses `rpm -qa` output in `%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n`; sorted by name, then version. */
export function parseInstalledPackages(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split('\t');
    if (fields.length !== 5) continue;
    const [name, epoch, version, release, arch] = fields;
    packages.push({ name, epoch: /^\d+$/.test(epoch) ? Number(epoch) : null, version, release, arch });
  }
  return sortPackages(packages);
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

/** Sorted by name, then version, release and arch (the manifest's order). */
function sortPackages(packages: InstalledPackage[]): InstalledPackage[] {
  return packages.sort((a, b) => compare(a.name, b.name) || compare(a.version, b.version) || compare(a.release, b.release) || compare(a.arch, b.arch));
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

/** The packages of an image (sorted, for the manifest) and each one's header details (for the SBOM). */
export interface InstalledPackages {
  packages: InstalledPackage[];
  /** By `name-epoch:version-release.arch`. */
  details: Map<string, PackageDetails>;
}

/** One `rpm --root ROOT --dbpath DBPATH -qa`: the packages and their licence, build time and the rest of their header. */
export async function queryInstalledPackages(root: string, dbPath: string, signal?: AbortSignal): Promise<InstalledPackages> {
  const detailed = parseDetailedPackages(await queryAll(root, dbPath, DETAILS_FORMAT, 'rpm -qa', signal));
  return {
    packages: sortPackages(detailed.map(({ pkg }) => pkg)),
    details: new Map(detailed.map(({ pkg, details }) => [`${pkg.name}-${pkg.epoch ?? 0}:${pkg.version}-${pkg.release}.${pkg.arch}`, details])),
  };
}
