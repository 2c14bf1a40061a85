/**
 * `/etc/azl-wsl/install.json` inside every distribution azl-wsl installs: which image it came
 * from (name, version, SHA-256, the build manifest's digest), when, by which tool version, and
 * a random `installId` that proves which install registered it. Fleet tooling reads it to tell
 * what runs where; the installer reads it to make sure a cleanup only ever removes a
 * distribution it registered itself (never another process's that won a race for the name).
 */
import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { sha256OfFile } from '../../common/file-checks.js';
import { toolVersion } from '../../common/tool-version.js';
import type { RegistrationMethod } from '../../common/install-method.js';
import { manifestFileName } from '../../rootfs/manifest/image-manifest.js';
import { execChecked, execInDistro } from '../driver/wsl-exec.js';
import { wslFailure } from '../driver/wsl-errors.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import type { ImageFacts } from '../account/image-snapshot.js';

/** Where the record lives inside the distribution. */
export const INSTALL_RECORD_PATH = '/etc/azl-wsl/install.json';

/** A sibling manifest larger than this is not read (ours are well under 1 MiB; the file is untrusted). */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
/** A record larger than this is not ours (ours are well under 4 KiB). */
const MAX_RECORD_BYTES = 64 * 1024;

export interface InstallRecord {
  schemaVersion: 1;
  /** Random per install: proves which install registered the distribution. */
  installId: string;
  /** The distribution name it was registered under. */
  distro: string;
  /** ISO 8601 time the registration finished. */
  installedAt: string;
  method: RegistrationMethod;
  tool: { name: 'azl-wsl'; version: string };
  image: {
    /** The image's file name (no folders: they may name the user). */
    file: string;
    sha256: string;
    /** The profile's image name from the build manifest, else os-release PRETTY_NAME/NAME. */
    name?: string;
    /**
     * The image version: what the catalog or answer file says it is, else os-release
     * IMAGE_VERSION (the field for image builds), else VERSION_ID (else VERSION).
     */
    version?: string;
    /** The catalog entry it was installed from (`install --catalog-name`, answer files' image.catalog). */
    catalog?: { name: string; flavor: string; url: string };
  };
  /** The build manifest beside the image, when it describes exactly this image. */
  manifest?: { file: string; sha256: string };
}

/** A new random install id. */
export function newInstallId(): string {
  return randomUUID();
}

/** `NAME.manifest.json` beside `NAME.wsl` (also for .tar, .tar.gz, .tar.xz). */
export function siblingManifestPath(imageFile: string): string {
  const name = basename(imageFile).replace(/(\.tar)?(\.wsl|\.tar|\.gz|\.tgz|\.xz|\.bz2)$/i, '');
  return join(dirname(imageFile), manifestFileName(name));
}

/** The manifest's SHA-256 and image name when it is small, parses, and names `imageSha256` as its output. */
async function readMatchingManifest(path: string, imageSha256: string): Promise<{ sha256: string; imageName?: string } | undefined> {
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_MANIFEST_BYTES) return undefined;
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  let manifest: { output?: { sha256?: unknown }; profile?: { imageName?: unknown } };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch {
    return undefined;
  }
  if (manifest?.output?.sha256 !== imageSha256) return undefined;
  const imageName = typeof manifest.profile?.imageName === 'string' ? manifest.profile.imageName : undefined;
  return { sha256: await sha256OfFile(path), imageName };
}

/** What the caller knows about the image beyond the file itself (catalog installs, pinned versions). */
export interface ImageIdentity {
  version?: string;
  catalog?: { name: string; flavor: string; url: string };
}

/** Builds the record for an install of `imageFile` whose facts were read from the file. */
export async function buildInstallRecord(options: {
  installId: string;
  distro: string;
  method: RegistrationMethod;
  imageFile: string;
  facts: Pick<ImageFacts, 'osRelease' | 'sha256'>;
  /** Default: NAME.manifest.json beside the image. */
  manifestPath?: string;
  identity?: ImageIdentity;
  now?: Date;
}): Promise<InstallRecord> {
  const { facts } = options;
  const manifestPath = options.manifestPath ?? siblingManifestPath(options.imageFile);
  const manifest = await readMatchingManifest(manifestPath, facts.sha256);
  const name = manifest?.imageName ?? facts.osRelease.PRETTY_NAME ?? facts.osRelease.NAME;
  const version = options.identity?.version ?? facts.osRelease.IMAGE_VERSION ?? facts.osRelease.VERSION_ID ?? facts.osRelease.VERSION;
  const catalog = options.identity?.catalog;
  return {
    schemaVersion: 1,
    installId: options.installId,
    distro: options.distro,
    installedAt: (options.now ?? new Date()).toISOString(),
    method: options.method,
    tool: { name: 'azl-wsl', version: toolVersion() },
    image: { file: basename(options.imageFile), sha256: facts.sha256, ...(name ? { name } : {}), ...(version ? { version } : {}), ...(catalog ? { catalog } : {}) },
    ...(manifest ? { manifest: { file: basename(manifestPath), sha256: manifest.sha256 } } : {}),
  };
}

/** Checks parsed JSON is a record (tolerating fields added later); undefined otherwise. */
export function parseInstallRecord(text: string): InstallRecord | undefined {
  if (text.length > MAX_RECORD_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const record = value as Partial<InstallRecord> | null;
  if (!record || record.schemaVersion !== 1 || typeof record.installId !== 'string' || typeof record.image?.sha256 !== 'string') return undefined;
  return record as InstallRecord;
}

/** Writes the record as root (folder 0755, file 0644 root:root), atomically through stdin. */
export async function writeInstallRecord(distro: string, record: InstallRecord, options: WslCallOptions): Promise<void> {
  await execChecked({
    ...options,
    distro,
    user: 'root',
    name: 'write install record',
    command: [
      'sh',
      '-c',
      'd=$(dirname "$1") && mkdir -p "$d" && chmod 0755 "$d" && cat > "$1.azl-new" && chmod 0644 "$1.azl-new" && chown 0:0 "$1.azl-new" && mv -f "$1.azl-new" "$1"',
      'sh',
      INSTALL_RECORD_PATH,
    ],
    stdin: JSON.stringify(record, null, 2) + '\n',
  });
}

/**
 * The distribution's record; undefined when it has none (or an unreadable one). Throws when
 * wsl.exe itself fails (the distribution is gone, WSL is broken).
 */
export async function readInstallRecord(distro: string, options: WslCallOptions): Promise<InstallRecord | undefined> {
  const result = await execInDistro({ ...options, distro, user: 'root', name: 'read install record', command: ['cat', INSTALL_RECORD_PATH] });
  if (result.failed) {
    if (result.error) throw wslFailure(result, `Reading the install record of ${distro}`);
    throw new AzlError('WSL_FAILED', `The install record of ${distro} could not be read.`, { detail: result.stderr });
  }
  if (result.exitCode !== 0) return undefined;
  return parseInstallRecord(result.stdout.toString('utf8'));
}
