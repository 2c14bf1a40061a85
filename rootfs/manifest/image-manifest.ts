/**
 * The manifest written beside every image: what was built, from which profile, with which
 * packages, and how it validated. It is plain JSON meant to be published next to the image,
 * so it holds no secrets (the plan never carries passwords, and nothing else here could).
 */
import { readFile } from 'node:fs/promises';
import type { ArchiveFormat } from '../archive/archive-format.js';
import type { BuildPlan, DescriptionFile, ProfileFormat } from '../plan/build-plan.js';
import type { ParityReport } from '../transform/parity-report.js';
import type { Finding } from '../validate/validate-image.js';
import { AzlError } from '../../common/errors.js';

/** One package as the image's rpm database records it. */
export interface InstalledPackage {
  name: string;
  epoch: number | null;
  version: string;
  release: string;
  arch: string;
}

export interface ImageManifest {
  schemaVersion: 1;
  tool: { name: 'azl-wsl'; version: string };
  /** ISO 8601 time of the build's SOURCE_DATE_EPOCH (the wall clock only when there is none). */
  builtAt: string;
  profile: {
    path: string;
    sha256: string;
    format: ProfileFormat;
    imageName: string;
    profileName: string;
    /** Every file of the description that was read (includes, package lists, scripts, overlays, `<file>` sources), with its SHA-256. */
    files: DescriptionFile[];
  };
  /** The plan actually executed (after the WSL transform and repository overrides). */
  plan: BuildPlan;
  parity: ParityReport;
  /** Installed packages, sorted by name. */
  packages: InstalledPackage[];
  /** The build's clock (docs/reproducibility.md): every time in the image is at most this. */
  sourceDateEpoch?: { value: number; from: string };
  /** Present when the build was checked with --verify-reproducible: a second, fresh build gave the same bytes. */
  reproducible?: { verified: true; secondSha256: string };
  output: { file: string; format: ArchiveFormat; sha256: string; bytes: number };
  /** The SBOM written beside the image (NAME.cdx.json; absent in manifests of older versions). */
  sbom?: { file: string; format: string; sha256: string };
  validation: { errors: number; warnings: number; findings: Finding[] };
}

/** `<name>.manifest.json` for an image named `<name>`. */
export function manifestFileName(name: string): string {
  return `${name}.manifest.json`;
}

/** `<name>.sha256` for an image named `<name>`. */
export function checksumFileName(name: string): string {
  return `${name}.sha256`;
}

/** The sha256sum-compatible line for a file: `<hex>  <file name>\n`. */
export function checksumLine(sha256: string, fileName: string): string {
  return `${sha256}  ${fileName}\n`;
}

/** The manifest as written to disk (stable key order, two-space indent, final newline). */
export function serializeManifest(manifest: ImageManifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** Reads and checks a manifest written by this tool. */
export async function readManifest(path: string): Promise<ImageManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AzlError('PROFILE_NOT_FOUND', `The image manifest ${path} cannot be read.`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AzlError('ARCHIVE_INVALID', `The image manifest ${path} is not valid JSON.`, { cause: error });
  }
  const manifest = value as Partial<ImageManifest>;
  if (manifest?.schemaVersion !== 1 || manifest.tool?.name !== 'azl-wsl' || !Array.isArray(manifest.packages) || !manifest.output) {
    throw new AzlError('ARCHIVE_INVALID', `${path} is not an azl-wsl image manifest (schema version 1).`, {
      hint: 'Point at the <name>.manifest.json written next to the image.',
    });
  }
  return manifest as ImageManifest;
}
