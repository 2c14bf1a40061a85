/**
 * What WSL's manifest has no field for, kept in `azl-wsl-catalog.json` beside it: each entry's
 * image version, when it was added, and the build manifest published with the image. WSL's
 * own validator refuses unexpected keys in manifest entries, so these cannot live there; wsl.exe
 * never reads this file, and a catalog without it still works (versions are then unknown).
 */
import { AzlError } from '../../common/errors.js';

export const DETAILS_FILE_NAME = 'azl-wsl-catalog.json';
export const DETAILS_SCHEMA_VERSION = 1;

export interface PublishedFile {
  /** File name beside the manifest. */
  file: string;
  sha256: string;
}

export interface EntryDetails {
  /** The image version (compared with `compareVersions`), when known. */
  version?: string;
  /** ISO 8601 time the entry was added or last replaced. */
  addedAt: string;
  amd64?: PublishedFile;
  arm64?: PublishedFile;
  /** The image's build manifest (`<image>.manifest.json`), copied beside it when it existed. */
  buildManifest?: PublishedFile;
}

export interface CatalogDetails {
  schemaVersion: typeof DETAILS_SCHEMA_VERSION;
  /** Keyed by the manifest entry's Name. */
  entries: Record<string, EntryDetails>;
}

export function emptyDetails(): CatalogDetails {
  return { schemaVersion: DETAILS_SCHEMA_VERSION, entries: {} };
}

/** Parses the details file; `source` names it in errors. */
export function parseDetails(text: string, source: string): CatalogDetails {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AzlError('CATALOG_INVALID', `${source} is not valid JSON.`, { hint: 'Delete it and add the images again with "azl-wsl catalog add".' });
  }
  const record = value as Partial<CatalogDetails> | null;
  if (!record || record.schemaVersion !== DETAILS_SCHEMA_VERSION || typeof record.entries !== 'object' || record.entries === null) {
    throw new AzlError('CATALOG_INVALID', `${source} is not an azl-wsl catalog details file (schema version ${DETAILS_SCHEMA_VERSION}).`, {
      hint: 'Delete it and add the images again with "azl-wsl catalog add".',
    });
  }
  const entries: Record<string, EntryDetails> = {};
  for (const [name, entry] of Object.entries(record.entries)) {
    if (!entry || typeof entry !== 'object') continue;
    const details = entry as EntryDetails;
    entries[name] = {
      version: typeof details.version === 'string' ? details.version : undefined,
      addedAt: typeof details.addedAt === 'string' ? details.addedAt : '',
      amd64: publishedFile(details.amd64),
      arm64: publishedFile(details.arm64),
      buildManifest: publishedFile(details.buildManifest),
    };
  }
  return { schemaVersion: DETAILS_SCHEMA_VERSION, entries };
}

function publishedFile(value: unknown): PublishedFile | undefined {
  const record = value as Partial<PublishedFile> | undefined;
  return record && typeof record.file === 'string' && typeof record.sha256 === 'string' ? { file: record.file, sha256: record.sha256 } : undefined;
}

/** The details of an entry, by Name compared case-insensitively (as WSL compares names). */
export function detailsFor(details: CatalogDetails | undefined, name: string): EntryDetails | undefined {
  if (!details) return undefined;
  const wanted = name.toLowerCase();
  const key = Object.keys(details.entries).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : details.entries[key];
}

export function serializeDetails(details: CatalogDetails): string {
  const sorted: Record<string, EntryDetails> = {};
  for (const name of Object.keys(details.entries).sort()) sorted[name] = details.entries[name];
  return JSON.stringify({ schemaVersion: DETAILS_SCHEMA_VERSION, entries: sorted }, null, 2) + '\n';
}
