/**
 * Which image a catalog name means, before anything is downloaded: WSL's lookup (a flavor
 * means its Default, an entry Name means that entry) in the catalogs this machine is pointed at,
 * narrowed by the version or SHA-256 an answer file pins. Policy is checked against the result,
 * so a refused image is never fetched.
 */
import { AzlError } from '../../common/errors.js';
import { compareVersions } from '../../common/version-compare.js';
import type { Registry } from '../registry/registry.js';
import { detailsFor } from './catalog-details.js';
import { catalogEntries, lookupCatalogEntry, readCatalog, type LoadedCatalog, type ReadCatalogOptions } from './catalog-reader.js';
import { loadConfiguredCatalogs } from './catalog-registration.js';
import { siblingUrl } from './catalog-url.js';
import { archiveForArch, normalizeSha256 } from './distribution-manifest.js';

export interface CatalogImageRequest {
  /** A flavor or an entry Name. */
  name: string;
  /** Pin: the entry of the flavor with this version. */
  version?: string;
  /** Pin: the entry whose image has this SHA-256. */
  sha256?: string;
  /** Read this catalog instead of the ones WSL is pointed at. */
  catalog?: string;
}

export interface CatalogImage {
  catalogUrl: string;
  flavor: string;
  /** The entry's Name: what WSL would register it as. */
  name: string;
  friendlyName: string;
  /** The archive's address for this machine's architecture. */
  url: string;
  /** Lower-case hex. */
  sha256: string;
  version?: string;
  /** The build manifest published beside the image, when the catalog has one. */
  buildManifest?: { url: string; file: string; sha256: string };
}

export interface ResolveCatalogImageOptions extends ReadCatalogOptions {
  registry: Registry;
  arch?: string;
}

/** The catalogs to search: the one asked for, else the ones in the registry (append list first). */
export async function catalogsFor(request: Pick<CatalogImageRequest, 'catalog'>, options: ResolveCatalogImageOptions): Promise<LoadedCatalog[]> {
  return request.catalog !== undefined ? [await readCatalog(request.catalog, options)] : loadConfiguredCatalogs(options.registry, options);
}

export async function resolveCatalogImage(request: CatalogImageRequest, options: ResolveCatalogImageOptions): Promise<CatalogImage> {
  const arch = options.arch ?? process.arch;
  const catalogs = await catalogsFor(request, options);
  const found = lookupCatalogEntry(catalogs, request.name, arch);
  if (!found) {
    const names = catalogs.flatMap((catalog) => catalogEntries(catalog).map(({ entry }) => entry.Name));
    throw new AzlError('CATALOG_ENTRY_NOT_FOUND', `No catalog entry or flavor is named "${request.name}".`, {
      hint: names.length > 0 ? `The catalog has: ${names.join(', ')}.` : 'The catalog is empty; publish an image with "azl-wsl catalog add".',
      detail: catalogs.map((catalog) => catalog.url).join('\n'),
    });
  }
  let { entry } = found;
  const flavorEntries = (found.catalog.manifest.ModernDistributions?.[found.flavor] ?? []).filter((candidate) => archiveForArch(candidate, arch) !== undefined);
  const byFlavor = found.flavor.toLowerCase() === request.name.toLowerCase();
  const describe = (candidate: typeof entry): string => `${candidate.Name} (${detailsFor(found.catalog.details, candidate.Name)?.version ?? 'version unknown'})`;
  if (request.version !== undefined) {
    const versioned = byFlavor ? flavorEntries.find((candidate) => matchesVersion(detailsFor(found.catalog.details, candidate.Name)?.version, request.version!)) : matchesVersion(found.details?.version, request.version) ? entry : undefined;
    if (!versioned) {
      throw new AzlError('CATALOG_ENTRY_NOT_FOUND', `The catalog has no version ${request.version} of "${request.name}".`, {
        hint: `It has: ${(byFlavor ? flavorEntries : [entry]).map(describe).join(', ')}. Publish that version, or change the version the answer file asks for.`,
      });
    }
    entry = versioned;
  }
  if (request.sha256 !== undefined) {
    const wanted = normalizeSha256(request.sha256);
    const pinned = [entry, ...(byFlavor && request.version === undefined ? flavorEntries : [])].find((candidate) => normalizeSha256(archiveForArch(candidate, arch)!.Sha256) === wanted);
    if (!pinned) {
      throw new AzlError('CATALOG_ENTRY_NOT_FOUND', `No image of "${request.name}"${request.version ? ` version ${request.version}` : ''} in the catalog has the SHA-256 ${wanted}.`, {
        hint: `The catalog's ${entry.Name} has ${normalizeSha256(archiveForArch(entry, arch)!.Sha256)}; publish the pinned image or update the answer file.`,
      });
    }
    entry = pinned;
  }
  const archive = archiveForArch(entry, arch)!;
  const details = detailsFor(found.catalog.details, entry.Name);
  return {
    catalogUrl: found.catalog.url,
    flavor: found.flavor,
    name: entry.Name,
    friendlyName: entry.FriendlyName,
    url: archive.Url,
    sha256: normalizeSha256(archive.Sha256),
    version: details?.version,
    buildManifest: details?.buildManifest ? { ...details.buildManifest, url: siblingUrl(found.catalog.url, details.buildManifest.file) } : undefined,
  };
}

function matchesVersion(have: string | undefined, want: string): boolean {
  return have !== undefined && compareVersions(have, want) === 0;
}
