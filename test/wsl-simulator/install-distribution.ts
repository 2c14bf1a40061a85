/**
 * `wsl --install [<Name>]` from the distribution lists (WslInstall.cpp `InstallDistribution`,
 * `InstallModernDistribution`): look the name up (override list first), refuse a name already
 * registered before downloading anything, take a `file://` archive where it is or download an
 * http(s) one to a temporary `<Name>.wsl` ("Downloading: …"), print "Installing: …", check the
 * SHA-256 (always; `0x` prefix and either case accepted), register under the catalog Name (or
 * `--name`), and delete a downloaded file whatever happens.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { catalogText } from './catalog-messages.js';
import {
  checkReachable,
  getAvailable,
  httpStatusFailure,
  ListFailure,
  lookupByName,
  missingFileFailure,
  pathFromFileUrl,
  type FoundDistribution,
  type ModernEntry,
} from './distribution-list.js';
import { launchDistro } from './launch-distro.js';
import { registerDistribution } from './register-distribution.js';
import { findByName } from './registry-store.js';
import type { SimulatorContext } from './simulator-context.js';

const CONTEXT = 'Wsl/InstallDistro';

export interface CatalogInstallRequest {
  distro?: string;
  name?: string;
  location?: string;
  noLaunch: boolean;
  /** Absent: the registry's DefaultVersion. */
  version?: number;
  legacy: boolean;
}

function fail(ctx: SimulatorContext, failure: { text: string; token: string }, context = CONTEXT): never {
  return ctx.out.fail(failure.text, `${context}/${failure.token}`);
}

/** Picks the entry `--install` means: the name given, else the override's then the main list's Default. */
function choose(ctx: SimulatorContext, request: CatalogInstallRequest, available: Awaited<ReturnType<typeof getAvailable>>): FoundDistribution {
  if (request.distro !== undefined) return lookupByName(ctx, available, request.distro, request.legacy);
  if (request.legacy) {
    const first = available.manifest.legacy?.[0];
    if (!first) throw new ListFailure(catalogText(ctx, 'noInstallDefault'), 'E_UNEXPECTED');
    return { kind: 'legacy', entry: first };
  }
  const fallback = available.override?.defaultName ?? available.manifest.defaultName;
  if (fallback === undefined) throw new ListFailure(catalogText(ctx, 'noInstallDefault'), 'E_UNEXPECTED');
  return lookupByName(ctx, available, fallback, false);
}

/** A free `<tmp>/<Name>.wsl`, or `<Name> (2).wsl` and so on, as DownloadFileImpl picks. */
async function downloadTarget(dir: string, name: string): Promise<string> {
  for (let suffix = 1; ; suffix++) {
    const path = join(dir, suffix === 1 ? `${name}.wsl` : `${name} (${suffix}).wsl`);
    if (!(await stat(path).then(() => true, () => false))) return path;
  }
}

async function download(ctx: SimulatorContext, entry: ModernEntry, url: string): Promise<string> {
  const unreachable = checkReachable(ctx, url);
  if (unreachable) fail(ctx, unreachable);
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/octet-stream' } });
  } catch {
    return fail(ctx, { text: catalogText(ctx, 'nameNotResolved'), token: 'WININET_E_CANNOT_CONNECT' });
  }
  if (!response.ok || !response.body) fail(ctx, httpStatusFailure(ctx, response.status));
  const dir = join(ctx.settings.stateDir, 'tmp');
  await mkdir(dir, { recursive: true });
  const target = await downloadTarget(dir, entry.Name);
  try {
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(target, { flags: 'wx' }));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return target;
}

/** EnforceFileHash: HexToBytes on the manifest's text, SHA-256 of the file, `0x…` in the message. */
async function enforceHash(ctx: SimulatorContext, path: string, expected: string): Promise<void> {
  const hex = expected.replace(/^0x/i, '');
  if (expected.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) fail(ctx, { text: catalogText(ctx, 'invalidHex', expected), token: 'E_INVALIDARG' }, `${CONTEXT}/VerifyChecksum`);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual !== hex.toLowerCase()) {
    fail(ctx, { text: catalogText(ctx, 'hashMismatch', expected, `0x${actual}`), token: 'TRUST_E_BAD_DIGEST' }, `${CONTEXT}/VerifyChecksum`);
  }
}

export async function installFromList(ctx: SimulatorContext, request: CatalogInstallRequest): Promise<number> {
  let found: FoundDistribution;
  try {
    found = choose(ctx, request, await getAvailable(ctx));
  } catch (error) {
    if (error instanceof ListFailure) fail(ctx, error);
    throw error;
  }
  if (found.kind === 'legacy') {
    // Store and appx installs need the network, which this machine does not have.
    return fail(ctx, { text: catalogText(ctx, 'nameNotResolved'), token: 'WININET_E_NAME_NOT_RESOLVED' });
  }
  const entry = found.entry;
  const name = request.name ?? entry.Name;
  const { registry } = await ctx.store.read();
  if (findByName(registry, name)) fail(ctx, { text: catalogText(ctx, 'alreadyExists'), token: 'ERROR_ALREADY_EXISTS' });
  const archive = entry.Amd64Url!;
  let file = pathFromFileUrl(archive.Url);
  let downloaded: string | undefined;
  try {
    if (file === undefined) {
      ctx.out.line(catalogText(ctx, 'downloading', entry.FriendlyName));
      downloaded = await download(ctx, entry, archive.Url);
      file = downloaded;
    }
    ctx.out.line(ctx.out.text('installing', entry.FriendlyName));
    if (!(await stat(file).then((info) => info.isFile(), () => false))) fail(ctx, await missingFileFailure(ctx, file));
    await enforceHash(ctx, file, archive.Sha256);
    const registered = await registerDistribution(ctx, { mode: 'install', name, location: request.location, file, vhd: false, version: request.version });
    if (downloaded) await rm(downloaded, { force: true });
    downloaded = undefined;
    ctx.out.line(ctx.out.text('installed', registered.name));
    if (request.noLaunch) return 0;
    ctx.out.line(ctx.out.text('launching', registered.name));
    return launchDistro(ctx, { distroId: registered.guid, shellType: 'standard' });
  } finally {
    if (downloaded) await rm(downloaded, { force: true });
  }
}
