/**
 * Microsoft's own Azure Linux WSL image, downloaded and verified the way Microsoft documents it
 * (microsoft/azurelinux, 4.0 branch, docs/verify-wsl-signature-and-checksum.md): the checksum
 * file's detached signature is checked with the Azure Linux RPM key first, the image's SHA-256
 * is taken from that verified file, and only then is the image downloaded (into the
 * content-addressed cache, resumed after a cut, checked against that SHA-256). Nothing is
 * trusted from the download server alone: the key is a file the user gives or comes from the
 * Azure Linux sources on GitHub over HTTPS, never from a mirror.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { arch as hostArch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { parseChecksumFile, verifyDetachedSignature } from '../trust/image-signature.js';
import { fetchImage } from './fetch-image.js';
import type { PreparedImage } from './image-source.js';

/** Releases Microsoft publishes a WSL image for. */
export const OFFICIAL_RELEASES = ['4.0'] as const;
export type OfficialRelease = (typeof OFFICIAL_RELEASES)[number];
export type OfficialArch = 'x86_64' | 'aarch64';

/** Where Microsoft's links point (aka.ms redirects to the download server). */
const OFFICIAL_BASE = 'https://aka.ms';
/** The Azure Linux RPM signing key, in the release's branch of the Azure Linux sources. */
const OFFICIAL_KEYS: Record<OfficialRelease, string> = {
  '4.0': 'https://raw.githubusercontent.com/microsoft/azurelinux/refs/heads/4.0/base/comps/azurelinux-repos/RPM-GPG-KEY-azurelinux-4.0-primary',
};
/** A mirror of the download folder (same file names), for networks that cannot reach aka.ms. */
export const OFFICIAL_MIRROR_ENV = 'AZL_WSL_OFFICIAL_MIRROR';
/** The checksum file, its signature and the key are small. */
const MAX_SMALL_FILE_BYTES = 1024 * 1024;

export interface OfficialImageFiles {
  image: string;
  /** The name the checksum file lists the image under (and the file is saved as). */
  imageName: string;
  checksum: string;
  signature: string;
  key: string;
}

/** This machine's architecture as Azure Linux names it. */
export function officialArch(machine: string = hostArch()): OfficialArch {
  if (machine === 'x64') return 'x86_64';
  if (machine === 'arm64') return 'aarch64';
  throw new AzlError('PROFILE_ARCH_UNSUPPORTED', `Microsoft publishes the Azure Linux WSL image for x86_64 and aarch64, not ${machine}.`, { hint: 'Build an image for this machine with azl-wsl build instead.' });
}

/** The published addresses for a release and architecture (`mirror`: a folder with the same names). */
export function officialImageFiles(release: OfficialRelease, arch: OfficialArch, mirror?: string): OfficialImageFiles {
  const base = (mirror ?? OFFICIAL_BASE).replace(/\/+$/, '');
  const stem = `azurelinux-${release}-${arch}`;
  return {
    image: `${base}/${stem}.wsl`,
    imageName: `AzureLinux-${release}-${arch}.wsl`,
    checksum: `${base}/${stem}-wsl-checksum`,
    signature: `${base}/${stem}-wsl-checksum-signature`,
    key: OFFICIAL_KEYS[release],
  };
}

async function download(url: string, what: string, signal?: AbortSignal): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new AzlError('ARCHIVE_INVALID', `Microsoft's ${what} could not be downloaded from ${url}.`, { hint: `Check the network (proxy settings), or name a mirror with $${OFFICIAL_MIRROR_ENV}.`, detail: (error as Error).message });
  }
  if (!response.ok) {
    throw new AzlError('ARCHIVE_INVALID', `Microsoft's ${what} is not at ${url} (HTTP ${response.status}).`, { hint: `Check the release, or name a mirror with $${OFFICIAL_MIRROR_ENV}.` });
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_SMALL_FILE_BYTES) throw new AzlError('ARCHIVE_INVALID', `${url} is too large to be a ${what}.`, { hint: 'Check the mirror.' });
  return bytes;
}

export interface OfficialImageOptions extends WorkOptions {
  release: OfficialRelease;
  arch?: OfficialArch;
  /** The Azure Linux RPM key as a local file; default: downloaded from the Azure Linux sources. */
  keyFile?: string;
  mirror?: string;
  /** The image cache (default: fetch-image's). */
  cacheDir?: string;
}

/** Downloads and verifies Microsoft's image; the result installs like any local image. */
export async function fetchOfficialImage(options: OfficialImageOptions): Promise<PreparedImage> {
  const arch = options.arch ?? officialArch();
  const files = officialImageFiles(options.release, arch, options.mirror);
  const scratch = await mkdtemp(join(tmpdir(), 'azl-wsl-official-'));
  try {
    const sha256 = await runStep(options, 'official-verify', 'Verifying Microsoft\'s signed checksum file', async () => {
      const checksum = join(scratch, 'checksum');
      const signature = join(scratch, 'checksum-signature');
      await writeFile(checksum, await download(files.checksum, 'checksum file', options.signal));
      await writeFile(signature, await download(files.signature, 'checksum signature', options.signal));
      let keyFile = options.keyFile;
      if (keyFile === undefined) {
        keyFile = join(scratch, 'RPM-GPG-KEY-azurelinux');
        await writeFile(keyFile, await download(files.key, 'Azure Linux RPM key', options.signal));
      }
      await verifyDetachedSignature(checksum, signature, keyFile, options.signal);
      const expected = parseChecksumFile(await readFile(checksum, 'utf8')).get(files.imageName);
      if (!expected) {
        throw new AzlError('SIGNATURE_INVALID', `Microsoft's signed checksum file has no line for ${files.imageName}.`, { hint: 'Check the release and architecture; nothing was downloaded or changed.' });
      }
      return expected;
    });
    const fetched = await fetchImage({ kind: 'url', url: files.image, sha256 }, { cacheDir: options.cacheDir, signal: options.signal, onProgress: options.onProgress });
    return { file: fetched.path, sha256, identity: { version: options.release } };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
