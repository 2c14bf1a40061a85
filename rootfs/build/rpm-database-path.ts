/**
 * Where the image's rpm database lives, decided once per build from the target's own rpm.
 *
 * Azure Linux 4.0 (like Fedora) keeps it in `/usr/lib/sysimage/rpm` (its rpm macros set
 * `%_dbpath`; its `%pre` links `/var/lib/rpm` there); 3.0 keeps rpm's default `/var/lib/rpm`.
 * The first packages go into an empty root, so the root cannot be asked yet: the `rpm` package
 * the plan's repositories would install is read instead (its `/usr/lib/rpm/macros`), and the
 * same path is then used for the bootstrap, the image packages and every query, so exactly
 * one database ships.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { isAzlError } from '../../common/errors.js';
import { runRpmTool } from './rpm-tools.js';
import { readTarStream } from '../archive/tar-reader.js';
import { HttpTransport } from '../oci/http-transport.js';
import { resolveProxySettings } from '../oci/proxy-settings.js';

/** rpm's compiled-in default when the target says nothing else. */
export const DEFAULT_RPM_DBPATH = '/var/lib/rpm';

/** Where rpm keeps its own macros inside a root or a package. */
const RPM_MACROS_PATH = 'usr/lib/rpm/macros';

/** A macro file is small; anything larger is not rpm's macros file. */
const MAX_MACROS_BYTES = 1024 * 1024;

/** The decision and what it was read from (for logs and the manifest). */
export interface RpmDatabasePath {
  path: string;
  /** e.g. "the macros of rpm-4.20.0-3.azl4.noarch.rpm" or "rpm's default". */
  from: string;
}

/** Expands the few macros rpm's own `%_dbpath` definitions use. */
function expandDbPath(value: string): string {
  const macros: Record<string, string> = { _usr: '/usr', _prefix: '/usr', _var: '/var', _localstatedir: '/var', _sharedstatedir: '/var/lib' };
  return value.replace(/%\{?(\w+)\}?/g, (whole, name: string) => macros[name] ?? whole);
}

/** The `%_dbpath` a macros file sets, or undefined when it sets none (or one we cannot expand). */
export function dbPathFromMacros(text: string): string | undefined {
  const match = /^%_dbpath\s+(\S+)\s*$/m.exec(text);
  if (!match) return undefined;
  const expanded = expandDbPath(match[1]!);
  return expanded.startsWith('/') && !expanded.includes('%') ? expanded : undefined;
}

/** The database path a root that already has rpm installed uses (its own macros), or rpm's default. */
export async function dbPathOfRoot(root: string): Promise<string> {
  const text = await readFile(join(root, RPM_MACROS_PATH), 'utf8').catch(() => undefined);
  return (text === undefined ? undefined : dbPathFromMacros(text)) ?? DEFAULT_RPM_DBPATH;
}

/** Reads `usr/lib/rpm/macros` out of an rpm package's bytes (rpm2archive turns the payload into a tar). */
async function macrosOfPackage(bytes: Buffer, signal?: AbortSignal): Promise<string | undefined> {
  // A package rpm2archive cannot read leaves rpm's default in place; a missing rpm2archive is still an error.
  const result = await runRpmTool('rpm2archive', ['-n', '-'], { name: 'rpm2archive', stdin: bytes, signal }).catch((error: unknown) => {
    if (isAzlError(error) && error.code === 'PROGRAM_FAILED') return undefined;
    throw error;
  });
  if (!result) return undefined;
  let macros: string | undefined;
  await readTarStream(Readable.from(result.stdout), async (entry, content) => {
    if (entry.path === RPM_MACROS_PATH && entry.type === 'file' && entry.size <= MAX_MACROS_BYTES) macros = (await content(MAX_MACROS_BYTES)).toString('utf8');
  });
  return macros;
}

/** Fetches a package the repository metadata points at (file:// directly, http(s) through the user's proxy). */
async function fetchPackage(location: string, signal?: AbortSignal): Promise<Buffer | undefined> {
  const url = new URL(location);
  if (url.protocol === 'file:') return readFile(fileURLToPath(url));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const transport = await HttpTransport.create({ proxy: resolveProxySettings() });
  const response = await transport.request(url, { signal });
  if (response.statusCode !== 200) {
    response.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Decides the database path from the `rpm` package at `location` (a repository URL, as dnf
 * reports it), falling back to rpm's default when the plan installs no rpm or it cannot be read.
 */
export async function dbPathOfRpmPackage(location: string | undefined, signal?: AbortSignal): Promise<RpmDatabasePath> {
  const fallback: RpmDatabasePath = { path: DEFAULT_RPM_DBPATH, from: 'rpm\'s default (the repositories\' rpm package sets none)' };
  if (!location) return { ...fallback, from: 'rpm\'s default (the repositories have no rpm package)' };
  const bytes = await fetchPackage(location, signal).catch(() => undefined);
  if (!bytes) return { ...fallback, from: `rpm's default (${location} could not be read)` };
  const macros = await macrosOfPackage(bytes, signal);
  const path = macros === undefined ? undefined : dbPathFromMacros(macros);
  const file = location.split('/').pop() ?? location;
  return path ? { path, from: `the macros of ${file}` } : { ...fallback, from: `rpm's default (${file} sets no %_dbpath)` };
}
