/**
 * Publishing: `catalog add` and `catalog remove` on a catalog folder (a file share, or a folder
 * later uploaded to a web server or blob store). The folder holds WSL's `DistributionInfo.json`,
 * the images beside it and azl-wsl's details file; every change is checked against WSL's rules
 * before anything is written, written under temporary names and renamed, and serialized by a
 * lock so two CI jobs publishing at once cannot lose each other's entry.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AzlError, throwIfAborted } from '../../common/errors.js';
import { DISTRO_NAME_PATTERN, isWslDistroName } from '../../common/distro-names.js';
import { pathExists } from '../../common/file-checks.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { compareVersions } from '../../common/version-compare.js';
import { indexArchive, loadContents, resolveInArchive } from '../../rootfs/validate/archive-index.js';
import { validateImage } from '../../rootfs/validate/validate-image.js';
import { DETAILS_FILE_NAME, detailsFor, emptyDetails, parseDetails, serializeDetails, type CatalogDetails, type EntryDetails, type PublishedFile } from './catalog-details.js';
import { fileUrlFromPath, isFileUrl, isHttpUrl, pathFromFileUrl } from './catalog-url.js';
import {
  checkManifest,
  formatFindings,
  MANIFEST_FILE_NAME,
  parseManifest,
  serializeManifest,
  type DistributionManifest,
  type ModernDistribution,
} from './distribution-manifest.js';

/** A lock older than this whose holder cannot be checked (another host) is taken over. */
const STALE_LOCK_MS = 10 * 60_000;
const LOCK_RETRY_MS = 100;
const LOCK_TIMEOUT_MS = 120_000;

export interface CatalogFolder {
  dir: string;
  manifestPath: string;
  detailsPath: string;
}

/** The local folder for `--catalog` (a folder, a .json path or a file:// URL); web addresses cannot be written. */
export function catalogFolder(location: string, platform: NodeJS.Platform = process.platform): CatalogFolder {
  if (isHttpUrl(location)) {
    throw new AzlError('USAGE', `${location} is a web address; azl-wsl publishes to a folder.`, {
      hint: 'Give the folder (or file share) instead, then upload the folder to the web server or blob store; use --base-url for the address the images will have there.',
    });
  }
  const path = isFileUrl(location) ? pathFromFileUrl(location, platform)! : location;
  const manifestPath = /\.json$/i.test(path) ? resolve(path) : join(resolve(path), MANIFEST_FILE_NAME);
  const dir = dirname(manifestPath);
  return { dir, manifestPath, detailsPath: join(dir, DETAILS_FILE_NAME) };
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The folder's manifest and details (empty ones when the folder is new). */
export async function readCatalogFolder(folder: CatalogFolder): Promise<{ manifest: DistributionManifest; details: CatalogDetails }> {
  const manifestText = await readText(folder.manifestPath);
  const detailsText = await readText(folder.detailsPath);
  return {
    manifest: manifestText === undefined ? { ModernDistributions: {} } : parseManifest(manifestText, folder.manifestPath),
    details: detailsText === undefined ? emptyDetails() : parseDetails(detailsText, folder.detailsPath),
  };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

/** Holds the folder's lock while `work` runs. */
async function withLock<T>(folder: CatalogFolder, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  const lock = join(folder.dir, '.azl-wsl-catalog.lock');
  const owner = `${hostname()} ${process.pid}`;
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    throwIfAborted(signal, 'Publishing to the catalog');
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'owner'), owner);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await lockIsStale(lock)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new AzlError('CATALOG_INVALID', `Another publisher holds the catalog lock ${lock}.`, {
        hint: 'Wait for the other "azl-wsl catalog" command to finish; if none is running, delete the lock folder.',
      });
    }
    await new Promise((done) => setTimeout(done, LOCK_RETRY_MS));
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function lockIsStale(lock: string): Promise<boolean> {
  try {
    const [host, pid] = (await readFile(join(lock, 'owner'), 'utf8')).split(' ');
    if (host === hostname()) {
      try {
        process.kill(Number(pid), 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    }
    return Date.now() - (await stat(lock)).mtimeMs > STALE_LOCK_MS;
  } catch {
    // No owner file yet: the holder is between mkdir and write; stale only when old.
    try {
      return Date.now() - (await stat(lock)).mtimeMs > STALE_LOCK_MS;
    } catch {
      return false;
    }
  }
}

/** Copies `source` to `target` (temporary name, then rename), hashing it on the way. */
async function copyWithHash(source: string, target: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  if (resolve(source) === resolve(target)) {
    for await (const chunk of createReadStream(source, { signal })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
  const temp = `${target}.${process.pid}.partial`;
  try {
    const tee = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(createReadStream(source), tee, createWriteStream(temp), { signal });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return hash.digest('hex');
}

/** `IMAGE_VERSION` from the image's own /etc/os-release (the os-release field for image builds). */
async function imageVersionFromOsRelease(file: string, signal?: AbortSignal): Promise<string | undefined> {
  const index = await indexArchive(file, signal);
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    await loadContents(index, file, [path], signal);
    const item = resolveInArchive(index, path)?.item;
    const text = item?.entry.type === 'file' ? item.content?.toString('utf8') : undefined;
    if (text === undefined) continue;
    const match = /^IMAGE_VERSION=["']?([^"'\n]+)["']?\s*$/m.exec(text);
    return match?.[1];
  }
  return undefined;
}

/** The version after the flavor in a Name like `Contoso-AzureLinux-4.0.20260601`, when it starts with a digit. */
export function versionFromName(name: string, flavor: string): string | undefined {
  const rest = name.slice(flavor.length).replace(/^[-_.]/, '');
  return /^\d/.test(rest) ? rest : undefined;
}

/** Default first, then newest version first (unknown versions last), otherwise as they were. */
function sortFlavor(entries: ModernDistribution[], details: CatalogDetails): ModernDistribution[] {
  return entries
    .map((entry, index) => ({ entry, index, version: detailsFor(details, entry.Name)?.version }))
    .sort((a, b) => {
      if ((a.entry.Default === true) !== (b.entry.Default === true)) return a.entry.Default ? -1 : 1;
      if (a.version !== undefined && b.version !== undefined) return compareVersions(b.version, a.version) || a.index - b.index;
      if ((a.version === undefined) !== (b.version === undefined)) return a.version === undefined ? 1 : -1;
      return a.index - b.index;
    })
    .map(({ entry }) => entry);
}

function refuseFindings(manifest: DistributionManifest): void {
  const findings = checkManifest(manifest);
  if (findings.length > 0) {
    throw new AzlError('CATALOG_INVALID', 'The catalog would break WSL\'s rules for DistributionInfo.json; nothing was written.', {
      hint: 'Fix what is listed below and run the command again.',
      detail: formatFindings(findings),
    });
  }
}

export interface AddEntryOptions extends WorkOptions {
  /** Folder, .json path or file:// URL of the catalog. */
  catalog: string;
  /** The x64 image. */
  image: string;
  arm64Image?: string;
  flavor: string;
  name: string;
  friendlyName: string;
  /** Make this entry its flavor's Default (the first entry of a flavor always is). */
  makeDefault?: boolean;
  /** Default: IMAGE_VERSION from the image's os-release, else the version in the Name. */
  version?: string;
  /** Where the folder is published (https://…/); entries then point there instead of at file:// paths. */
  baseUrl?: string;
  /** Run WSL's image validator first (default true). */
  validate?: boolean;
  platform?: NodeJS.Platform;
}

export interface AddEntryResult {
  manifestUrl: string;
  flavor: string;
  entry: ModernDistribution;
  details: EntryDetails;
  /** True when an entry with this Name was replaced. */
  replaced: boolean;
}

/** Adds (or replaces) one entry and its images; all or nothing. */
export async function addCatalogEntry(options: AddEntryOptions): Promise<AddEntryResult> {
  const { flavor, name } = options;
  if (!DISTRO_NAME_PATTERN.test(flavor)) throw new AzlError('USAGE', `The flavor "${flavor}" must be 1–256 letters, digits, ".", "_" or "-".`, { hint: 'wsl --install <flavor> installs its Default entry, so it follows the distribution-name rule.' });
  if (!isWslDistroName(name)) throw new AzlError('USAGE', `The name "${name}" is not a valid WSL distribution name.`, { hint: 'Use 1–256 letters, digits, ".", "_" or "-": WSL registers the image under this name.' });
  if (!name.startsWith(flavor)) throw new AzlError('USAGE', `The name "${name}" must start with the flavor "${flavor}" (WSL's rule for catalog entries).`, { hint: `For example --name ${flavor}-4.0.` });
  if (!options.friendlyName.trim()) throw new AzlError('USAGE', 'The friendly name must not be empty.', { hint: 'Pass --friendly "Contoso Azure Linux 4.0".' });
  if (options.baseUrl !== undefined && !isHttpUrl(options.baseUrl) && !isFileUrl(options.baseUrl)) {
    throw new AzlError('USAGE', `--base-url must be an http(s):// or file:// address, not "${options.baseUrl}".`, { hint: 'For example --base-url https://contoso.blob.core.windows.net/wsl/.' });
  }
  const images: Array<['amd64' | 'arm64', string]> = [['amd64', options.image]];
  if (options.arm64Image) images.push(['arm64', options.arm64Image]);
  for (const [, image] of images) {
    if (!(await pathExists(image))) throw new AzlError('ARCHIVE_INVALID', `The image ${image} does not exist.`, { hint: 'Check the path of the image file.' });
  }
  if (options.validate !== false) {
    await runStep(options, 'validate', 'Checking the images with WSL\'s rules', async () => {
      for (const [arch, image] of images) {
        const report = await validateImage(image, { arch: arch === 'amd64' ? 'x64' : 'arm64', signal: options.signal });
        if (report.errors.length > 0) {
          throw new AzlError('VALIDATION_FAILED', `${image} breaks WSL's image rules, so it cannot go in a catalog.`, {
            hint: 'Fix the image (see below) or rebuild it with "azl-wsl build".',
            detail: report.errors.map((finding) => `${finding.rule}: ${finding.message}`).join('\n'),
          });
        }
      }
    });
  }
  const version = options.version ?? (await imageVersionFromOsRelease(options.image, options.signal)) ?? versionFromName(name, flavor);

  const folder = catalogFolder(options.catalog, options.platform);
  await mkdir(folder.dir, { recursive: true });
  return withLock(folder, options.signal, async () => {
    const { manifest, details } = await readCatalogFolder(folder);
    const modern = (manifest.ModernDistributions ??= {});
    for (const [otherFlavor, entries] of Object.entries(modern)) {
      if (otherFlavor !== flavor && entries.some((entry) => entry.Name.toLowerCase() === name.toLowerCase())) {
        throw new AzlError('CATALOG_INVALID', `The catalog already has "${name}" in the flavor "${otherFlavor}".`, {
          hint: `Remove it first ("azl-wsl catalog remove ${name} --catalog …") or choose another name.`,
        });
      }
    }

    const published: Partial<Record<'amd64' | 'arm64', PublishedFile>> = {};
    await runStep(options, 'copy', 'Copying the images into the catalog', async () => {
      for (const [arch, image] of images) {
        const file = arch === 'amd64' ? `${name}.wsl` : `${name}.arm64.wsl`;
        published[arch] = { file, sha256: await copyWithHash(image, join(folder.dir, file), options.signal) };
      }
    });
    const buildManifestSource = options.image.replace(/\.(wsl|tar(\.(gz|xz))?)$/i, '') + '.manifest.json';
    let buildManifest: PublishedFile | undefined;
    if (buildManifestSource !== options.image && (await pathExists(buildManifestSource))) {
      const file = `${name}.manifest.json`;
      buildManifest = { file, sha256: await copyWithHash(buildManifestSource, join(folder.dir, file), options.signal) };
    }

    const urlFor = (file: string): string =>
      options.baseUrl !== undefined ? `${options.baseUrl.replace(/\/*$/, '/')}${file}` : fileUrlFromPath(join(folder.dir, file), options.platform);
    const entries = (modern[flavor] ??= []);
    const existingIndex = entries.findIndex((entry) => entry.Name.toLowerCase() === name.toLowerCase());
    const wasDefault = existingIndex >= 0 && entries[existingIndex].Default === true;
    const entry: ModernDistribution = {
      Name: name,
      FriendlyName: options.friendlyName,
      Default: options.makeDefault === true || wasDefault || entries.filter((other, index) => index !== existingIndex && other.Default === true).length === 0,
      Amd64Url: { Url: urlFor(published.amd64!.file), Sha256: published.amd64!.sha256 },
    };
    if (published.arm64) entry.Arm64Url = { Url: urlFor(published.arm64.file), Sha256: published.arm64.sha256 };
    if (entry.Default) for (const other of entries) other.Default = false;
    if (existingIndex >= 0) {
      const staleKey = Object.keys(details.entries).find((key) => key.toLowerCase() === name.toLowerCase());
      if (staleKey !== undefined) delete details.entries[staleKey];
      entries[existingIndex] = entry;
    } else {
      entries.unshift(entry);
    }
    const entryDetails: EntryDetails = { version, addedAt: new Date().toISOString(), amd64: published.amd64, arm64: published.arm64, buildManifest };
    details.entries[name] = entryDetails;
    modern[flavor] = sortFlavor(entries, details);
    refuseFindings(manifest);
    await writeAtomic(folder.detailsPath, serializeDetails(details));
    await writeAtomic(folder.manifestPath, serializeManifest(manifest));
    return { manifestUrl: fileUrlFromPath(folder.manifestPath, options.platform), flavor, entry, details: entryDetails, replaced: existingIndex >= 0 };
  });
}

export interface RemoveEntryResult {
  flavor: string;
  removed: ModernDistribution;
  /** The entry that became its flavor's Default because the removed one was. */
  newDefault?: string;
  /** Files deleted from the folder. */
  deletedFiles: string[];
}

/** Removes the entry named `name` (not a flavor) and the files published for it. */
export async function removeCatalogEntry(options: { catalog: string; name: string; signal?: AbortSignal; platform?: NodeJS.Platform }): Promise<RemoveEntryResult> {
  const folder = catalogFolder(options.catalog, options.platform);
  if (!(await pathExists(folder.manifestPath))) {
    throw new AzlError('CATALOG_INVALID', `There is no catalog at ${folder.manifestPath}.`, { hint: 'Check the --catalog folder.' });
  }
  return withLock(folder, options.signal, async () => {
    const { manifest, details } = await readCatalogFolder(folder);
    const wanted = options.name.toLowerCase();
    for (const [flavor, entries] of Object.entries(manifest.ModernDistributions ?? {})) {
      const index = entries.findIndex((entry) => entry.Name.toLowerCase() === wanted);
      if (index < 0) continue;
      const [removed] = entries.splice(index, 1);
      let newDefault: string | undefined;
      if (entries.length === 0) delete manifest.ModernDistributions![flavor];
      else if (removed.Default === true) {
        const sorted = sortFlavor(entries, details);
        sorted[0].Default = true;
        newDefault = sorted[0].Name;
        manifest.ModernDistributions![flavor] = sortFlavor(sorted, details);
      }
      const key = Object.keys(details.entries).find((candidate) => candidate.toLowerCase() === wanted);
      const files = key === undefined ? [] : [details.entries[key].amd64, details.entries[key].arm64, details.entries[key].buildManifest].filter((file): file is PublishedFile => file !== undefined);
      if (key !== undefined) delete details.entries[key];
      refuseFindings(manifest);
      await writeAtomic(folder.manifestPath, serializeManifest(manifest));
      await writeAtomic(folder.detailsPath, serializeDetails(details));
      const deletedFiles: string[] = [];
      for (const file of files) {
        // Only plain names written by `catalog add`, never a path out of the folder.
        if (basename(file.file) !== file.file) continue;
        await rm(join(folder.dir, file.file), { force: true });
        deletedFiles.push(file.file);
      }
      return { flavor, removed, newDefault, deletedFiles };
    }
    throw new AzlError('CATALOG_ENTRY_NOT_FOUND', `The catalog has no entry named "${options.name}".`, { hint: 'Run "azl-wsl catalog list --catalog …" to see the names.' });
  });
}
