/** Builds for the app: source → reviewed plan → build job, run by the build executor the CLI would pick. */
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, win32 } from 'node:path';
import type { BuildReview, BuildSource, BuildStartOptions, BuiltImage, CatalogEntry, JobInfo, ProfileInspection } from '../contract/api.js';
import type { CatalogSource } from './catalog.js';
import type { JobManager } from './job-manager.js';
import { readProfile } from '../../rootfs/profile/read-profile.js';
import { applyRepositoryOverrides, type RepositoryOverrides } from '../../rootfs/plan/repository-overrides.js';
import type { BuildPlan } from '../../rootfs/plan/build-plan.js';
import { buildRequest, resolveRequest, type RequestPlace } from '../../rootfs/executor/build-request.js';
import type { BuildChoices, BuildExecutor, ResolveResult } from '../../rootfs/executor/build-executor.js';
import { formatLocation } from '../../common/source-location.js';
import { AzlError, cancelledError } from '../../common/errors.js';
import { isPersonUid, nextFreeUid } from '../../common/account-rules.js';
import { runStep } from '../../common/progress.js';
import { listProfileChoices } from '../../rootfs/profile/profile-choices.js';
import { outputNameFor } from '../../rootfs/build/output-name.js';
import { archiveExtension } from '../../rootfs/archive/archive-format.js';
import { readImageFacts } from '../../wsl/account/image-snapshot.js';
import { parseWslConf } from '../../wsl/account/wsl-conf.js';

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

/** Reviews a session keeps for builds started from them. */
const KEPT_REVIEWS = 16;

/** Catalog, review jobs and build jobs. */
export class BuildService {
  private readonly reviews = new Map<string, { source: string; result: ResolveResult }>();

  constructor(private readonly options: BuildServiceOptions) {}

  catalog(): CatalogEntry[] {
    return this.options.catalog.map(({ id, label, description }) => ({ id, label, description }));
  }

  /** What a local profile file offers to build, with each image's or profile's description. */
  async inspectProfile(path: string): Promise<ProfileInspection> {
    requireFullPath(path, 'profile');
    const choices = await listProfileChoices(path);
    return { profilePath: choices.profilePath, format: choices.format, selects: choices.selects, choices: choices.choices, required: choices.required };
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
      return this.options.jobs.start('review', `Review ${review.profileName}`, async (context) => {
        // An exported distribution has its people's accounts already: the account step offers them.
        const facts = await runStep(context, 'accounts', "Reading the image's accounts", () => readImageFacts(source.path, context.signal));
        const passwd = facts.snapshot?.passwd ?? [];
        const defaultUser = parseWslConf(facts.snapshot?.wslConf ?? '').user?.default;
        return {
          review: {
            ...review,
            existingAccounts: passwd.filter((entry) => isPersonUid(entry.uid)).map((entry) => ({ name: entry.name, uid: entry.uid })),
            nextFreeUid: nextFreeUid(passwd.map((entry) => entry.uid)),
            ...(defaultUser ? { defaultUser } : {}),
          },
        };
      });
    }
    const resolved = this.resolve(source);
    // Read here first so a broken profile is reported without starting the builder.
    const choices = await this.choicesFor(resolved);
    return this.options.jobs.start('review', `Review ${resolved.label}`, async (context) => {
      const executor = await this.options.executor();
      context.log(`Reviewing on ${executor.description}.`);
      const result = await executor.resolve(resolveRequest(choices, this.placeFor(executor)), { signal: context.signal, onProgress: context.onProgress });
      // An executor that finished its last step as the cancel arrived still counts as cancelled.
      if (context.signal.aborted) throw cancelledError('The review');
      this.remember(source, result);
      const outputFile = join(this.options.outputDir(), `${outputNameFor(result.plan)}${archiveExtension('wsl')}`);
      return { review: { ...toBuildReview(resolved.label, result), outputFile, arch: result.plan.arch } };
    });
  }

  /** Keeps a review for a build started from it (the newest few; older ones are reviewed again). */
  private remember(source: BuildSource, result: ResolveResult): void {
    this.reviews.delete(result.review.digest);
    this.reviews.set(result.review.digest, { source: JSON.stringify(source), result });
    for (const digest of this.reviews.keys()) {
      if (this.reviews.size <= KEPT_REVIEWS) break;
      this.reviews.delete(digest);
    }
  }

  /** The review a build asks to carry out: known to this session and of the same source. */
  private reviewFor(source: BuildSource, digest: string): ResolveResult {
    const kept = this.reviews.get(digest);
    if (!kept) {
      throw new AzlError('REVIEW_OUTDATED', 'This review is no longer known to the app.', {
        hint: 'Review the source again, then build from the new review.',
      });
    }
    if (kept.source !== JSON.stringify(source)) throw new AzlError('INVALID_ARGUMENT', 'The review given is of another source than the build.');
    return kept.result;
  }

  /**
   * Starts a build job; the image lands in the output folder. With `reviewDigest` (the wizard's
   * review), the build carries out that review's plan and refuses when the profile, its
   * repositories or the settings changed since (REVIEW_OUTDATED), instead of working it out again.
   */
  async start(source: BuildSource, options: BuildStartOptions = {}): Promise<JobInfo> {
    if (source.kind === 'image') throw new AzlError('INVALID_ARGUMENT', 'An existing image is installed as it is; there is nothing to build.');
    const resolved = this.resolve(source);
    const reviewed = options.reviewDigest === undefined ? undefined : this.reviewFor(source, options.reviewDigest);
    // Read here so a broken profile (or one the policy forbids) is refused before a job starts.
    const choices = await this.choicesFor(resolved);
    return this.options.jobs.start('build', `Build ${resolved.label}`, async (context) => {
      const executor = await this.options.executor();
      context.log(`Building ${reviewed ? 'the reviewed plan ' : ''}on ${executor.description}.`);
      const result = await executor.build(buildRequest(choices, this.placeFor(executor), { outDir: this.options.outputDir(), format: 'wsl' }, reviewed), {
        signal: context.signal,
        onProgress: context.onProgress,
      });
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
    if (source.kind === 'profile') requireFullPath(source.path, 'profile');
    if (source.kind === 'profile') return { label: basename(source.path), profilePath: source.path, image: source.image, kiwiProfile: source.kiwiProfile };
    const entry = this.options.catalog.find((candidate) => candidate.id === source.id);
    if (!entry) throw new AzlError('NOT_FOUND', `The catalog has no entry "${source.id}".`);
    return { label: entry.label, profilePath: entry.profilePath, image: entry.image, kiwiProfile: entry.kiwiProfile };
  }

  /** The choices of a build or review of `source`: its profile read (errors and the policy before any job), the repositories the settings add. */
  private async choicesFor(source: ResolvedSource): Promise<BuildChoices> {
    const plan = await readProfile({ profilePath: source.profilePath, image: source.image, kiwiProfile: source.kiwiProfile });
    const overrides = this.options.repositories?.(plan) ?? { add: [], set: [] };
    await this.options.checkPlan?.(applyRepositoryOverrides(plan, overrides));
    return { profilePath: plan.profilePath, image: source.image, kiwiProfile: source.kiwiProfile, repo: overrides.add, setRepo: overrides.set, gpgCheck: this.options.gpgCheck };
  }

  /** The local cache for builds on this machine; a WSL builder keeps its own. */
  private placeFor(executor: BuildExecutor): RequestPlace {
    return { cacheDir: executor.kind === 'local' ? this.options.cacheDir : undefined };
  }

  private async reviewImage(path: string): Promise<BuildReview> {
    requireFullPath(path, 'image');
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch {
      throw new AzlError('ARCHIVE_INVALID', `The image file ${path} does not exist.`, { hint: 'Check the path of the .wsl or .tar.gz file.' });
    }
    if (!/\.(wsl|tar\.gz|tgz|tar)$/i.test(path)) {
      throw new AzlError('ARCHIVE_INVALID', `${basename(path)} is not a .wsl, .tar.gz or .tar image.`, { hint: 'Choose an image made by this app, wsl --export, or a distribution vendor.' });
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

/**
 * Main's working folder means nothing to the user, so a relative path is refused with the
 * reason, rather than resolved against a folder they cannot see.
 */
function requireFullPath(path: string, what: 'profile' | 'image'): void {
  if (isAbsolute(path) || win32.isAbsolute(path)) return;
  throw new AzlError(what === 'profile' ? 'PROFILE_NOT_FOUND' : 'ARCHIVE_INVALID', `"${path}" is not a full path.`, {
    hint: `Give the ${what} file's full path, starting with a drive letter (C:\\…) or /, or choose it with Browse.`,
  });
}

/** The renderer's view of a resolve: what the profile is, the WSL plan's packages and repositories, every change and why. */
function toBuildReview(sourceLabel: string, { plan, parity, sourcePlan, outputName, review }: ResolveResult): BuildReview {
  return {
    sourceLabel,
    digest: review.digest,
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
