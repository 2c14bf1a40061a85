/** Builds for the app: source → reviewed plan → build job, run by the build executor the CLI would pick. */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BuildReview, BuildSource, BuiltImage, CatalogEntry, JobInfo } from '../contract/api.js';
import { ApiFailure } from '../contract/result.js';
import type { CatalogSource } from './catalog.js';
import type { JobManager } from './job-manager.js';
import { readProfile } from '../../rootfs/profile/read-profile.js';
import { applyRepositoryOverrides, type RepositoryOverrides } from '../../rootfs/plan/repository-overrides.js';
import type { BuildPlan } from '../../rootfs/plan/build-plan.js';
import type { BuildExecutor, ResolveResult } from '../../rootfs/executor/build-executor.js';
import { formatLocation } from '../../common/source-location.js';
import { cancelledError } from '../../common/errors.js';

export interface BuildServiceOptions {
  catalog: CatalogSource[];
  jobs: JobManager;
  outputDir: () => string;
  /** Repository overrides per plan (a mirror, or the test fixture repositories by release). */
  repositories?: (plan: BuildPlan) => RepositoryOverrides;
  gpgCheck: boolean;
  /** Download and root cache of local builds (a WSL builder keeps its own inside the distro). */
  cacheDir?: string;
  /**
   * Where a build runs, chosen when it starts, as the CLI chooses (wsl/builder/choose-executor.ts):
   * this machine when it is Linux with dnf and root, else the WSL builder distro.
   */
  executor: () => Promise<BuildExecutor>;
  /** Refuses a plan the admin policy forbids (AllowedRepositories), before any job starts. */
  checkPlan?: (plan: BuildPlan) => Promise<void>;
}

interface ResolvedSource {
  label: string;
  profilePath: string;
  image?: string;
  kiwiProfile?: string;
}

/** Catalog, review jobs and build jobs. */
export class BuildService {
  constructor(private readonly options: BuildServiceOptions) {}

  catalog(): CatalogEntry[] {
    return this.options.catalog.map(({ id, label, description }) => ({ id, label, description }));
  }

  /**
   * Starts a review job: reads the profile and works out what the WSL transform will change,
   * without building. The repositories' package availability needs dnf, so this runs where the
   * build would run (on Windows the WSL builder distro, which the first review may have to
   * create: minutes, hence a job with progress and cancel). A missing catalog entry, a broken
   * profile or a bad image path is refused before any job starts.
   */
  async startReview(source: BuildSource): Promise<JobInfo> {
    if (source.kind === 'image') {
      const review = await this.reviewImage(source.path);
      return this.options.jobs.start('review', `Review ${review.profileName}`, async () => ({ review }));
    }
    const resolved = this.resolve(source);
    // Read here first so a broken profile is reported without starting the builder.
    const plan = await this.readPlan(resolved);
    const overrides = this.options.repositories?.(plan) ?? { add: [], set: [] };
    return this.options.jobs.start('review', `Review ${resolved.label}`, async (context) => {
      const executor = await this.options.executor();
      context.log(`Reviewing on ${executor.description}.`);
      const result = await executor.resolve(
        {
          profilePath: plan.profilePath,
          image: resolved.image,
          kiwiProfile: resolved.kiwiProfile,
          repo: overrides.add,
          setRepo: overrides.set,
          gpgCheck: this.options.gpgCheck,
          cacheDir: executor.kind === 'local' ? this.options.cacheDir : undefined,
        },
        { signal: context.signal, onProgress: context.onProgress },
      );
      // An executor that finished its last step as the cancel arrived still counts as cancelled.
      if (context.signal.aborted) throw cancelledError('The review');
      return { review: toBuildReview(resolved.label, result) };
    });
  }

  /** Starts a build job; the image lands in the output folder. */
  async start(source: BuildSource): Promise<JobInfo> {
    if (source.kind === 'image') throw new ApiFailure('INVALID_ARGUMENT', 'An existing image is installed as it is; there is nothing to build.');
    const resolved = this.resolve(source);
    // Read here so a broken profile is refused before a job starts; the executor reads it again.
    const plan = await this.readPlan(resolved);
    const overrides = this.options.repositories?.(plan) ?? { add: [], set: [] };
    return this.options.jobs.start('build', `Build ${resolved.label}`, async (context) => {
      const executor = await this.options.executor();
      context.log(`Building on ${executor.description}.`);
      const result = await executor.build(
        {
          profilePath: plan.profilePath,
          image: resolved.image,
          kiwiProfile: resolved.kiwiProfile,
          repo: overrides.add,
          setRepo: overrides.set,
          outDir: this.options.outputDir(),
          format: 'wsl',
          gpgCheck: this.options.gpgCheck,
          cacheDir: executor.kind === 'local' ? this.options.cacheDir : undefined,
        },
        { signal: context.signal, onProgress: context.onProgress },
      );
      const image: BuiltImage = {
        imagePath: result.imagePath,
        manifestPath: result.manifestPath,
        bytes: result.manifest.output.bytes,
        sha256: result.manifest.output.sha256,
        packageCount: result.manifest.packages.length,
        warnings: result.manifest.validation.warnings,
      };
      context.log(`Image ready: ${result.imagePath}`);
      return { image };
    });
  }

  private resolve(source: Exclude<BuildSource, { kind: 'image' }>): ResolvedSource {
    if (source.kind === 'profile') return { label: basename(source.path), profilePath: source.path, image: source.image, kiwiProfile: source.kiwiProfile };
    const entry = this.options.catalog.find((candidate) => candidate.id === source.id);
    if (!entry) throw new ApiFailure('NOT_FOUND', `The catalog has no entry "${source.id}".`);
    return { label: entry.label, profilePath: entry.profilePath, image: entry.image, kiwiProfile: entry.kiwiProfile };
  }

  private async readPlan(source: ResolvedSource): Promise<BuildPlan> {
    const plan = await readProfile({ profilePath: source.profilePath, image: source.image, kiwiProfile: source.kiwiProfile });
    const overridden = applyRepositoryOverrides(plan, this.options.repositories?.(plan) ?? { add: [], set: [] });
    await this.options.checkPlan?.(overridden);
    return overridden;
  }

  private async reviewImage(path: string): Promise<BuildReview> {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch {
      throw new ApiFailure('ARCHIVE_INVALID', `The image file ${path} does not exist.`, { hint: 'Check the path of the .wsl or .tar.gz file.' });
    }
    if (!/\.(wsl|tar\.gz|tgz|tar)$/i.test(path)) {
      throw new ApiFailure('ARCHIVE_INVALID', `${basename(path)} is not a .wsl, .tar.gz or .tar image.`, { hint: 'Choose an image made by this app, wsl --export, or a distribution vendor.' });
    }
    return {
      sourceLabel: `${basename(path)} (${(size / 1024 ** 2).toFixed(1)} MiB)`,
      profilePath: path,
      profileName: basename(path),
      imageType: 'wsl',
      transformed: false,
      packages: [],
      repositories: [],
      parity: [],
      prebuiltImage: path,
    };
  }
}

/** The renderer's view of a resolve: what the profile is, the WSL plan's packages and repositories, every change and why. */
function toBuildReview(sourceLabel: string, { plan, parity, sourcePlan, outputName }: ResolveResult): BuildReview {
  return {
    sourceLabel,
    outputFile: `${outputName}.wsl`,
    profilePath: sourcePlan.profilePath,
    profileName: sourcePlan.profileName,
    imageType: sourcePlan.imageType,
    transformed: parity.transformed,
    packages: [...new Set([...plan.packages.bootstrap, ...plan.packages.image].map((ref) => ref.name))].sort(),
    repositories: plan.repositories.map((repo) => repo.url),
    parity: parity.entries.map((entry) => ({
      action: entry.action,
      subject: entry.subject,
      replacement: entry.replacement,
      reason: entry.reason,
      source: entry.source ? formatLocation(entry.source) : undefined,
    })),
  };
}
