/**
 * One installed package as the SBOM describes it: what the image's rpm database says (name,
 * epoch, version, release, arch, licence, summary, vendor) joined with what its repository says
 * (which repository offered exactly that build, and the SHA-256 of its rpm file).
 */
import type { InstalledPackage } from '../manifest/image-manifest.js';
import type { PackageDetails } from '../build/installed-packages.js';
import { nevraKey, type RepositoryIndex } from '../repository/primary-packages.js';

export interface SbomPackage extends InstalledPackage {
  license?: string;
  summary?: string;
  vendor?: string;
  url?: string;
  sourceRpm?: string;
  /** SHA-256 of the rpm file, when a repository offering this exact build says. */
  sha256?: string;
  /** The repository that offers this exact build (the first in plan order when several do). */
  repository?: { alias: string; url: string };
  /** Where the rpm file is: the repository URL joined with its location. */
  downloadUrl?: string;
}

function joinUrl(base: string, location: string): string | undefined {
  try {
    const root = base.startsWith('/') ? `file://${base}` : base;
    return new URL(location, root.endsWith('/') ? root : `${root}/`).href;
  } catch {
    return undefined;
  }
}

/** The installed packages with their header details and, when found, their repository facts. */
export function sbomPackages(installed: readonly InstalledPackage[], details: ReadonlyMap<string, PackageDetails>, index?: RepositoryIndex): SbomPackage[] {
  return installed.map((pkg) => {
    const key = nevraKey(pkg);
    const header = details.get(key) ?? {};
    const offered = index?.packages.get(key);
    const downloadUrl = offered?.location ? joinUrl(offered.repository.url, offered.location) : undefined;
    return {
      ...pkg,
      ...(header.license ? { license: header.license } : offered?.license ? { license: offered.license } : {}),
      ...(header.summary ? { summary: header.summary } : {}),
      ...(header.vendor ? { vendor: header.vendor } : {}),
      ...(header.url ? { url: header.url } : {}),
      ...(header.sourceRpm ? { sourceRpm: header.sourceRpm } : {}),
      ...(offered?.sha256 ? { sha256: offered.sha256 } : {}),
      ...(offered ? { repository: offered.repository } : {}),
      ...(downloadUrl ? { downloadUrl } : {}),
    };
  });
}
