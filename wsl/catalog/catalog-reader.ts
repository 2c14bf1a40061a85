/**
 * Reads a catalog the way wsl.exe does: a `file://` manifest from disk (WSL's path rule), an
 * http(s) one over the network without caching, plus azl-wsl's details file beside it when
 * there is one. A plain path is accepted too (the publisher's side, and `--catalog PATH`).
 */
import { readFile } from 'node:fs/promises';
import { AzlError } from '../../common/errors.js';
import { detailsFor, DETAILS_FILE_NAME, parseDetails, type CatalogDetails, type EntryDetails } from './catalog-details.js';
import { fileUrlFromPath, isFileUrl, isHttpUrl, pathFromFileUrl, siblingUrl } from './catalog-url.js';
import { MANIFEST_FILE_NAME, parseManifest, type DistributionManifest, type ModernDistribution } from './distribution-manifest.js';

/** A manifest or details file larger than this is refused (Microsoft's whole list is ~20 KB). */
const MAX_CATALOG_BYTES = 4 * 1024 * 1024;
/** How long a web catalog may take to answer before the read is abandoned. */
const FETCH_TIMEOUT_MS = 30_000;

export interface LoadedCatalog {
  /** The manifest's address as WSL would be given it (file:// or http(s)). */
  url: string;
  manifest: DistributionManifest;
  /** azl-wsl's details file, when the catalog has one. */
  details?: CatalogDetails;
}

export interface CatalogEntry {
  catalog: LoadedCatalog;
  flavor: string;
  entry: ModernDistribution;
  details?: EntryDetails;
}

export interface ReadCatalogOptions {
  signal?: AbortSignal;
  platform?: NodeJS.Platform;
}

/** The manifest URL for what a user typed: a URL as is, a folder or .json path as a file:// URL. */
export function catalogUrl(location: string, platform: NodeJS.Platform = process.platform): string {
  if (isFileUrl(location) || isHttpUrl(location)) return location;
  const manifest = /\.json$/i.test(location) ? location : `${location.replace(/[\\/]+$/, '')}${platform === 'win32' ? '\\' : '/'}${MANIFEST_FILE_NAME}`;
  return fileUrlFromPath(manifest, platform);
}

/** Reads one file of a catalog: undefined when it does not exist (404 or no such file). */
async function readCatalogFile(url: string, options: ReadCatalogOptions): Promise<string | undefined> {
  const path = pathFromFileUrl(url, options.platform);
  if (path !== undefined) {
    try {
      const data = await readFile(path);
      if (data.length > MAX_CATALOG_BYTES) throw tooLarge(url);
      return data.toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (error instanceof AzlError) throw error;
      throw unreadable(url, (error as Error).message);
    }
  }
  if (!isHttpUrl(url)) throw unreadable(url, 'only file://, http:// and https:// addresses can be read');
  const timeout = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout, headers: { 'Cache-Control': 'no-cache' } });
  } catch (error) {
    throw unreadable(url, (error as Error).message);
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw unreadable(url, `HTTP ${response.status}`);
  const data = Buffer.from(await response.arrayBuffer());
  if (data.length > MAX_CATALOG_BYTES) throw tooLarge(url);
  return data.toString('utf8');
}

function unreadable(url: string, reason: string): AzlError {
  return new AzlError('CATALOG_INVALID', `The catalog ${url} cannot be read: ${reason}.`, {
    hint: 'Check the address (and that this machine can reach the share or web server), then try again.',
  });
}

function tooLarge(url: string): AzlError {
  return new AzlError('CATALOG_INVALID', `${url} is larger than ${MAX_CATALOG_BYTES / 1024 / 1024} MiB; a catalog is a small JSON file.`, {
    hint: 'Check that the address points at DistributionInfo.json.',
  });
}

/** Reads a catalog's manifest (required) and details (optional). */
export async function readCatalog(location: string, options: ReadCatalogOptions = {}): Promise<LoadedCatalog> {
  const url = catalogUrl(location, options.platform);
  const text = await readCatalogFile(url, options);
  if (text === undefined) throw unreadable(url, 'it does not exist');
  const manifest = parseManifest(text, url);
  const detailsUrl = siblingUrl(url, DETAILS_FILE_NAME);
  const detailsText = await readCatalogFile(detailsUrl, options);
  return { url, manifest, details: detailsText === undefined ? undefined : parseDetails(detailsText, detailsUrl) };
}

/** Every entry of a catalog with its flavor and details, in manifest order. */
export function catalogEntries(catalog: LoadedCatalog): CatalogEntry[] {
  return Object.entries(catalog.manifest.ModernDistributions ?? {}).flatMap(([flavor, entries]) =>
    entries.map((entry) => ({ catalog, flavor, entry, details: detailsFor(catalog.details, entry.Name) })),
  );
}

/**
 * WSL's lookup (Distribution.cpp `LookupDistributionInManifest`): in each catalog in order, a
 * flavor name (any case) means that flavor's Default entry and an entry Name (any case) means
 * that entry; entries without an archive for this machine's architecture are not there at all.
 */
export function lookupCatalogEntry(catalogs: readonly LoadedCatalog[], name: string, arch: string = process.arch): CatalogEntry | undefined {
  const wanted = name.toLowerCase();
  for (const catalog of catalogs) {
    for (const [flavor, entries] of Object.entries(catalog.manifest.ModernDistributions ?? {})) {
      const usable = entries.filter((entry) => (arch === 'arm64' ? entry.Arm64Url : entry.Amd64Url) !== undefined);
      const flavorMatch = flavor.toLowerCase() === wanted;
      for (const entry of usable) {
        if ((flavorMatch && entry.Default === true) || entry.Name.toLowerCase() === wanted) {
          return { catalog, flavor, entry, details: detailsFor(catalog.details, entry.Name) };
        }
      }
    }
  }
  return undefined;
}
