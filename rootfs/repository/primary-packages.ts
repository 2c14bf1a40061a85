/**
 * The packages a repository offers, from its primary metadata: for each one its name, epoch,
 * version, release, arch, build time, the SHA-256 of the rpm file, its location in the
 * repository and its licence. The build uses it for the default SOURCE_DATE_EPOCH (the newest
 * build time) and for the SBOM (which repository and which rpm file each installed package is).
 */
import { attribute, elementText, elements, firstElement } from './xml-scan.js';
import { readRepodata, type MetadataOptions, type RepositoryRef } from './repository-metadata.js';

export interface RepositoryPackage {
  name: string;
  epoch: number;
  version: string;
  release: string;
  arch: string;
  /** Seconds since the epoch. */
  buildTime?: number;
  /** Hex SHA-256 of the rpm file (the repository's package checksum), when it is a SHA-256. */
  sha256?: string;
  /** Relative to the repository (`Packages/l/less-661-2.azl4.noarch.rpm`). */
  location?: string;
  license?: string;
}

/** Parses primary.xml. */
export function parsePrimary(text: string): RepositoryPackage[] {
  const packages: RepositoryPackage[] = [];
  for (const block of elements(text, 'package')) {
    if ((attribute(block.attributes, 'type') ?? 'rpm') !== 'rpm') continue;
    const name = elementText(block.inner, 'name');
    const arch = elementText(block.inner, 'arch');
    const version = firstElement(block.inner, 'version');
    if (!name || !arch || !version) continue;
    const ver = attribute(version.attributes, 'ver');
    const rel = attribute(version.attributes, 'rel');
    if (ver === undefined || rel === undefined) continue;
    const epoch = Number(attribute(version.attributes, 'epoch') ?? '0');
    const checksum = firstElement(block.inner, 'checksum');
    const sha256 = checksum && attribute(checksum.attributes, 'type') === 'sha256' ? checksum.inner.trim().toLowerCase() : undefined;
    const time = firstElement(block.inner, 'time');
    const build = time ? Number(attribute(time.attributes, 'build')) : NaN;
    const location = firstElement(block.inner, 'location');
    const license = elementText(block.inner, 'rpm:license');
    packages.push({
      name,
      epoch: Number.isInteger(epoch) && epoch >= 0 ? epoch : 0,
      version: ver,
      release: rel,
      arch,
      ...(Number.isInteger(build) && build > 0 ? { buildTime: build } : {}),
      ...(sha256 && /^[0-9a-f]{64}$/.test(sha256) ? { sha256 } : {}),
      ...(location ? { location: attribute(location.attributes, 'href') } : {}),
      ...(license ? { license } : {}),
    });
  }
  return packages;
}

/** The key a package is found by: `name-epoch:version-release.arch`. */
export function nevraKey(pkg: { name: string; epoch: number | null; version: string; release: string; arch: string }): string {
  return `${pkg.name}-${pkg.epoch ?? 0}:${pkg.version}-${pkg.release}.${pkg.arch}`;
}

/** A package together with the repository it is offered by. */
export interface IndexedPackage extends RepositoryPackage {
  repository: RepositoryRef;
}

/** Every package of every repository, found by NEVRA (the first repository in plan order wins a tie). */
export interface RepositoryIndex {
  packages: Map<string, IndexedPackage>;
  /** Repositories whose metadata could not be read, with why (the build goes on without them). */
  unreadable: Array<{ repository: RepositoryRef; reason: string }>;
}

/** Reads the primary metadata of every repository. */
export async function readRepositoryIndex(repositories: readonly RepositoryRef[], options: MetadataOptions = {}): Promise<RepositoryIndex> {
  const index: RepositoryIndex = { packages: new Map(), unreadable: [] };
  for (const repository of repositories) {
    let text: string | undefined;
    try {
      text = await readRepodata(repository, 'primary', options);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      index.unreadable.push({ repository, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (text === undefined) {
      index.unreadable.push({ repository, reason: 'repomd.xml lists no primary metadata' });
      continue;
    }
    for (const pkg of parsePrimary(text)) {
      const key = nevraKey(pkg);
      if (!index.packages.has(key)) index.packages.set(key, { ...pkg, repository: { alias: repository.alias, url: repository.url } });
    }
  }
  return index;
}

/** The newest build time of any package in the index, if any has one. */
export function newestBuildTime(index: RepositoryIndex): number | undefined {
  let newest: number | undefined;
  for (const pkg of index.packages.values()) if (pkg.buildTime !== undefined && (newest === undefined || pkg.buildTime > newest)) newest = pkg.buildTime;
  return newest;
}
