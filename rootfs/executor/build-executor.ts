/**
 * One interface for "where the build runs": this Linux machine (`local`) or a WSL builder
 * distro (`wsl-distro`). Both run the same engine on the same request; the caller only sees
 * progress events and the finished image, manifest and checksum in its output folder.
 */
import type { ArchiveFormat } from '../archive/archive-format.js';
import type { ImageManifest } from '../manifest/image-manifest.js';
import type { WorkOptions } from '../../common/progress.js';
import type { NetworkSettings } from './network-settings.js';
import type { BuildPlan } from '../plan/build-plan.js';
import type { ParityReport } from '../transform/parity-report.js';
import type { PlanReview } from '../build/plan-review.js';
import type { RpmDatabasePath } from '../build/rpm-database-path.js';

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
  /** Build twice (the second fresh) and require identical images (docs/reproducibility.md). */
  verifyReproducible?: boolean;
  /** Download and root cache (local only; a builder keeps its own inside the distro). */
  cacheDir?: string;
  /** Proxy and extra CAs for the build, and whether they go into the image. */
  network?: NetworkSettings;
  /**
   * The review this build carries out (a `resolve` of the same choices): its plan is built as it
   * is, after checks that the choices, the profile and the repositories are still the reviewed
   * ones (REVIEW_OUTDATED otherwise); the transform does not run again.
   */
  reviewed?: ReviewedBuild;
}

/** The finished files, all in the request's output folder. */
export interface ExecutorResult {
  imagePath: string;
  manifestPath: string;
  checksumPath: string;
  /** NAME.cdx.json (absent from builders running an engine without SBOMs). */
  sbomPath?: string;
  manifest: ImageManifest;
}

/** What to resolve (the review): the profile and repositories of a build, nothing about outputs. */
export type ResolveRequest = Pick<BuildRequest, 'profilePath' | 'image' | 'kiwiProfile' | 'arch' | 'repo' | 'setRepo' | 'gpgCheck' | 'cacheDir' | 'network'>;

/** The profile as read, before the WSL transform: what it is and how many packages each set names. */
export interface SourcePlanSummary {
  profilePath: string;
  profileName: string;
  imageName: string;
  imageType: string;
  releaseVersion: string;
  arch: string;
  packages: { bootstrap: number; image: number; uninstall: number; delete: number; ignore: number };
}

/** The part of a request a review depends on: which profile and image, the repositories, signature checks. */
export type BuildChoices = Pick<ResolveRequest, 'profilePath' | 'image' | 'kiwiProfile' | 'arch' | 'repo' | 'setRepo' | 'gpgCheck'>;

/** What a build would make, without building: the WSL plan, every change from the profile and why. */
export interface ResolveResult {
  /** The transformed (WSL) plan the build would execute. */
  plan: BuildPlan;
  parity: ParityReport;
  sourcePlan: SourcePlanSummary;
  /** The image's file name without extension, exactly as the build will write it (e.g. AzureLinux-4-marketplace-gen2-x86_64). */
  outputName: string;
  /** Where the image's rpm database goes (decided from the repositories' rpm). */
  rpmDatabase: RpmDatabasePath;
  /** The stamp a build from this review is checked against; `review.digest` names the review. */
  review: PlanReview;
  /** The choices reviewed, as the caller gave them. */
  choices: BuildChoices;
}

/** A review handed to a build: the choices are left out where the caller already checked them (the builder's job). */
export type ReviewedBuild = Omit<ResolveResult, 'choices'> & { choices?: BuildChoices };

export type ExecutorKind = 'local' | 'wsl-distro';

/** Runs builds (and their review) somewhere; `build` leaves nothing behind on failure or cancel. */
export interface BuildExecutor {
  readonly kind: ExecutorKind;
  /** Human-readable place, e.g. "this machine" or "WSL distro azl-wsl-builder-4.0". */
  readonly description: string;
  build(request: BuildRequest, options?: WorkOptions): Promise<ExecutorResult>;
  /** Reads the profile and asks its repositories what they offer (dnf) to work out the WSL plan; builds nothing. */
  resolve(request: ResolveRequest, options?: WorkOptions): Promise<ResolveResult>;
}
