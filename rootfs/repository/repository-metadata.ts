/**
 * Reads an rpm-md repository's metadata the way dnf finds it: `repodata/repomd.xml` names each
 * data file (primary, updateinfo…) with its location and SHA-256. Local repositories (file://
 * or a folder) are read in place; for remote ones the copy dnf already downloaded into the
 * build's dnf cache is used when its checksum matches, else the file is fetched over http(s)
 * through the user's proxy. Every file is checked against repomd.xml and decompressed (gzip in
 * process; xz, zstd and bzip2 by their programs) with a size bound, since repositories are
 * untrusted.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { AzlError } from '../../common/errors.js';
import { runProgram } from '../../common/run-program.js';
import { HttpTransport, readBoundedBody } from '../oci/http-transport.js';
import { resolveProxySettings } from '../oci/proxy-settings.js';
import { attribute, elements, firstElement } from './xml-scan.js';

/** Largest metadata file read, compressed or not (Azure Linux's primary.xml is tens of MB). */
export const MAX_METADATA_BYTES = 512 * 1024 * 1024;
/** repomd.xml is a few KB. */
const MAX_REPOMD_BYTES = 4 * 1024 * 1024;

/** A repository as the plan names it. */
export interface RepositoryRef {
  alias: string;
  url: string;
}

/** One `<data>` entry of repomd.xml. */
export interface RepodataEntry {
  type: string;
  href: string;
  /** Hex SHA-256 of the file as stored (compressed), when repomd.xml gives one. */
  sha256?: string;
}

export interface MetadataOptions {
  /** The build's dnf cache (`--setopt=cachedir`), where dnf keeps remote repositories' metadata. */
  dnfCacheDir?: string;
  signal?: AbortSignal;
}

/** The local folder of a file:// or absolute-path repository. */
export function localRepositoryPath(url: string): string | undefined {
  if (url.startsWith('file:')) return fileURLToPath(url);
  if (url.startsWith('/')) return url;
  return undefined;
}

/**
 * The folder dnf keeps a remote repository's metadata in: `<alias>-<first 8 bytes of the
 * SHA-256 of the URL, in hex>` (libdnf's naming).
 */
export function dnfMetadataFolder(alias: string, url: string): string {
  return `${alias}-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
}

/** Parses repomd.xml's `<data>` entries. */
export function parseRepomd(text: string): RepodataEntry[] {
  const entries: RepodataEntry[] = [];
  for (const data of elements(text, 'data')) {
    const type = attribute(data.attributes, 'type');
    const location = firstElement(data.inner, 'location');
    const href = location ? attribute(location.attributes, 'href') : undefined;
    if (!type || !href) continue;
    const checksum = firstElement(data.inner, 'checksum');
    const sha256 = checksum && attribute(checksum.attributes, 'type') === 'sha256' ? checksum.inner.trim().toLowerCase() : undefined;
    entries.push({ type, href, ...(sha256 && /^[0-9a-f]{64}$/.test(sha256) ? { sha256 } : {}) });
  }
  return entries;
}

async function fetchBytes(url: URL, limit: number, signal?: AbortSignal): Promise<Buffer> {
  const transport = await HttpTransport.create({ proxy: resolveProxySettings() });
  try {
    const response = await transport.request(url, { signal });
    if (response.statusCode !== 200) {
      response.resume();
      throw new Error(`${url.href} answered HTTP ${response.statusCode}`);
    }
    return await readBoundedBody(response, limit, () => new Error(`${url.href} is larger than ${limit} bytes`));
  } finally {
    transport.dispose();
  }
}

function repositoryError(repo: RepositoryRef, what: string, cause: unknown): AzlError {
  return new AzlError('REPOSITORY_METADATA_UNREADABLE', `The metadata of repository ${repo.alias} (${repo.url}) could not be read: ${what}.`, {
    hint: 'Check the repository address and the network (proxy settings); a repository must be an rpm-md repository with repodata/repomd.xml.',
    detail: cause instanceof Error ? cause.message : String(cause),
    cause,
  });
}

/** A file of the repository relative to its root: local, dnf's cached copy, or downloaded. */
async function repositoryFile(repo: RepositoryRef, href: string, options: MetadataOptions, limit: number, sha256?: string): Promise<Buffer> {
  const local = localRepositoryPath(repo.url);
  if (local !== undefined) return readFile(join(local, ...href.split('/')));
  if (options.dnfCacheDir) {
    const cached = join(options.dnfCacheDir, dnfMetadataFolder(repo.alias, repo.url), 'repodata', posix.basename(href));
    const bytes = await readFile(cached).catch(() => undefined);
    if (bytes && (href.endsWith('repomd.xml') || (sha256 !== undefined && createHash('sha256').update(bytes).digest('hex') === sha256))) return bytes;
  }
  const base = repo.url.endsWith('/') ? repo.url : `${repo.url}/`;
  return fetchBytes(new URL(href, base), limit, options.signal);
}

/** repomd.xml's entries for `repo`. */
export async function readRepomd(repo: RepositoryRef, options: MetadataOptions = {}): Promise<RepodataEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await repositoryFile(repo, 'repodata/repomd.xml', options, MAX_REPOMD_BYTES);
  } catch (error) {
    throw repositoryError(repo, 'repodata/repomd.xml is missing', error);
  }
  if (bytes.length > MAX_REPOMD_BYTES) throw repositoryError(repo, 'repodata/repomd.xml is too large', new Error(`${bytes.length} bytes`));
  return parseRepomd(bytes.toString('utf8'));
}

/** Decompresses by the file name's extension (what createrepo_c writes). */
export async function decompressMetadata(bytes: Buffer, href: string, signal?: AbortSignal): Promise<Buffer> {
  if (href.endsWith('.gz')) return gunzipSync(bytes, { maxOutputLength: MAX_METADATA_BYTES });
  const program = href.endsWith('.xz') ? 'xz' : href.endsWith('.zst') ? 'zstd' : href.endsWith('.bz2') ? 'bzip2' : undefined;
  if (program === undefined) return bytes;
  const result = await runProgram(program, ['-dc'], { name: `${program} -dc`, stdin: bytes, signal, maxCapture: MAX_METADATA_BYTES + 1 });
  if (result.exitCode !== 0) throw new Error(`${program} could not decompress ${href}: ${result.stderr.toString('utf8').trim()}`);
  if (result.stdout.length > MAX_METADATA_BYTES) throw new Error(`${href} is larger than ${MAX_METADATA_BYTES} bytes when decompressed`);
  return result.stdout;
}

/**
 * The decompressed text of the repository's `type` metadata (primary, updateinfo…), or
 * undefined when repomd.xml lists none of that type. Checked against repomd.xml's SHA-256.
 */
export async function readRepodata(repo: RepositoryRef, type: string, options: MetadataOptions = {}, entries?: RepodataEntry[]): Promise<string | undefined> {
  const entry = (entries ?? (await readRepomd(repo, options))).find((candidate) => candidate.type === type);
  if (!entry) return undefined;
  try {
    const bytes = await repositoryFile(repo, entry.href, options, MAX_METADATA_BYTES, entry.sha256);
    if (bytes.length > MAX_METADATA_BYTES) throw new Error(`${entry.href} is larger than ${MAX_METADATA_BYTES} bytes`);
    if (entry.sha256 !== undefined && createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
      throw new Error(`${entry.href} does not match the SHA-256 repomd.xml gives for it`);
    }
    return (await decompressMetadata(bytes, entry.href, options.signal)).toString('utf8');
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw repositoryError(repo, `its ${type} metadata (${entry.href}) cannot be used`, error);
  }
}
