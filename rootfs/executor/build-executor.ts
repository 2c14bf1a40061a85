/**
 * One interface for "where the build runs": this Linux machine (`local`) or a WSL builder
 * distro (`wsl-distro`). Both run the same engine on the same request; the caller only sees
 * progress events and the finished image, manifest and checksum in its output folder.
 */
import type { ArchiveFormat } from '../archive/archive-format.js';
import type { ImageManifest } from '../manifest/image-manifest.js';
import type { WorkOptions } from '../../common/progress.js';
import type { NetworkSettings } from './network-settings.js';

/** What to build: the profile as the user named it, so a remote engine can read it again. */
export interface BuildRequest {
  /** images.toml, .kiwi or toolkit .json (absolute or relative to the current folder). */
  profilePath: string;
  image?: string;
  kiwiProfile?: string;
  arch?: string;
  /** `--repo` / `--set-repo` values, `URL[,gpgkey=K]`. */
  repo: string[];
  setRepo: string[];
  outDir: string;
  outName?: string;
  format: ArchiveFormat;
  gpgCheck: boolean;
  sourceDateEpoch?: number;
  /** Download and root cache (local only; a builder keeps its own inside the distro). */
  cacheDir?: string;
  /** Proxy and extra CAs for the build, and whether they go into the image. */
  network?: NetworkSettings;
}

/** The finished files, all in the request's output folder. */
export interface ExecutorResult {
  imagePath: string;
  manifestPath: string;
  checksumPath: string;
  manifest: ImageManifest;
}

export type ExecutorKind = 'local' | 'wsl-distro';

/** Runs builds somewhere; `build` leaves nothing behind on failure or cancel. */
export interface BuildExecutor {
  readonly kind: ExecutorKind;
  /** Human-readable place, e.g. "this machine" or "WSL distro azl-wsl-builder-4.0". */
  readonly description: string;
  build(request: BuildRequest, options?: WorkOptions): Promise<ExecutorResult>;
}
