/**
 * The build on this Linux machine: the request is read into a plan here (profile, repository
 * overrides, network settings asked into the image) and handed to buildImage.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildImage, defaultCacheDir, resolveWslPlan } from '../build/build-image.js';
import { outputNameFor } from '../build/output-name.js';
import { detectPackageManager } from '../build/package-manager.js';
import { readManifest, serializeManifest } from '../manifest/image-manifest.js';
import { applyRepositoryOverrides } from '../plan/repository-overrides.js';
import type { BuildPlan } from '../plan/build-plan.js';
import { readProfile } from '../profile/read-profile.js';
import type { ParityEntry } from '../transform/parity-report.js';
import { checkProfileUnchanged, stampReview } from '../build/plan-review.js';
import { checkReviewedChoices, choicesOf } from './build-request.js';
import { cancelledError, isAzlError, throwIfAborted } from '../../common/errors.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import type { BuildExecutor, BuildRequest, ExecutorResult, ResolveRequest, ResolveResult, SourcePlanSummary } from './build-executor.js';
import { parseCaTrustLine, withNetworkIntoImage, type CaTrustOutcome } from './network-settings.js';

/** Reads the request's profile and applies its repository overrides. */
export async function planForRequest(request: ResolveRequest): Promise<BuildPlan> {
  const plan = await readProfile({ profilePath: request.profilePath, image: request.image, kiwiProfile: request.kiwiProfile, arch: request.arch });
  return applyRepositoryOverrides(plan, { add: request.repo, set: request.setRepo });
}

/** What the profile names before the transform (the review shows it beside the WSL plan). */
export function summarizeSourcePlan(plan: BuildPlan): SourcePlanSummary {
  const { bootstrap, image, uninstall, delete: deleted, ignore } = plan.packages;
  return {
    profilePath: plan.profilePath,
    profileName: plan.profileName,
    imageName: plan.imageName,
    imageType: plan.imageType.value,
    releaseVersion: plan.releaseVersion.value,
    arch: plan.arch,
    packages: { bootstrap: bootstrap.length, image: image.length, uninstall: uninstall.length, delete: deleted.length, ignore: ignore.length },
  };
}

/** Adds parity notes to a finished manifest (rewritten atomically; the image checksum is unchanged). */
export async function addParityNotes(manifestPath: string, notes: readonly ParityEntry[]): Promise<void> {
  if (notes.length === 0) return;
  const manifest = await readManifest(manifestPath);
  manifest.parity.entries.push(...notes);
  const partial = `${manifestPath}.partial`;
  await writeFile(partial, serializeManifest(manifest));
  await rename(partial, manifestPath);
}

/** Builds on this machine (needs root, dnf and Linux). */
export class LocalExecutor implements BuildExecutor {
  readonly kind = 'local' as const;
  readonly description = 'this machine';

  constructor(private readonly defaults: { workDir?: string } = {}) {}

  /** Profile → overrides → what the repositories offer (the build's own query and cache) → WSL plan. */
  async resolve(request: ResolveRequest, options: WorkOptions = {}): Promise<ResolveResult> {
    throwIfAborted(options.signal, 'Reading the repositories');
    const source = await planForRequest(request);
    const dnfCacheDir = join(resolve(request.cacheDir ?? defaultCacheDir()), 'dnf');
    const resolved = runStep(options, 'resolve', 'Reading the repositories', async () => {
      const kind = await detectPackageManager();
      await mkdir(dnfCacheDir, { recursive: true });
      const workBase = resolve(this.defaults.workDir ?? tmpdir());
      await mkdir(workBase, { recursive: true });
      const scratch = await mkdtemp(join(workBase, 'azl-wsl-resolve-'));
      try {
        return await resolveWslPlan({
          plan: source,
          kind,
          gpgCheck: request.gpgCheck,
          dnfCacheDir,
          workDir: scratch,
          signal: options.signal,
          onLine: (text, stream) => options.onProgress?.({ kind: 'log', step: 'resolve', stream, text }),
        }).then(async (resolution) => ({ ...resolution, review: await stampReview(source, resolution, dnfCacheDir) }));
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    });
    const { plan, parity, rpmDatabase, review } = await resolved.catch((error: unknown) => {
      // A killed dnf reports its own failure; the caller asked to stop, so say that.
      if (options.signal?.aborted && !(isAzlError(error) && error.code === 'CANCELLED')) throw cancelledError('Reading the repositories');
      throw error;
    });
    return { plan, parity, sourcePlan: summarizeSourcePlan(source), outputName: outputNameFor(plan), rpmDatabase, review, choices: choicesOf(request) };
  }

  /**
   * Builds the request's profile, or, with `reviewed`, its review: the choices and the profile
   * are checked against the review here (the profile is read again anyway, for the manifest),
   * the repositories by the build before it installs anything.
   */
  async build(request: BuildRequest, options: WorkOptions = {}): Promise<ExecutorResult> {
    checkReviewedChoices(request);
    const plan = await planForRequest(request);
    const { reviewed } = request;
    if (reviewed) checkProfileUnchanged(reviewed.review, reviewed.plan, plan);
    const profileBytes = await readFile(plan.profilePath);
    const scratch = await mkdtemp(join(tmpdir(), 'azl-wsl-network-'));
    try {
      // Into the image: a finalize script the transform leaves alone, so it joins the reviewed plan as it would the profile's.
      const network = await withNetworkIntoImage(reviewed ? reviewed.plan : plan, request.network, scratch);
      let caOutcome: CaTrustOutcome | undefined;
      const result = await buildImage({
        plan: reviewed ? plan : network.plan,
        reviewed: reviewed && { resolution: { plan: network.plan, parity: reviewed.parity, rpmDatabase: reviewed.rpmDatabase }, review: reviewed.review },
        outDir: resolve(request.outDir),
        outName: request.outName,
        format: request.format,
        gpgCheck: request.gpgCheck,
        cacheDir: request.cacheDir,
        workDir: this.defaults.workDir,
        sourceDateEpoch: request.sourceDateEpoch,
        verifyReproducible: request.verifyReproducible,
        profileSource: { path: plan.profilePath, sha256: createHash('sha256').update(profileBytes).digest('hex') },
        signal: options.signal,
        onProgress: (event) => {
          if (event.kind === 'log' && event.stream === 'stdout') caOutcome = parseCaTrustLine(event.text) ?? caOutcome;
          options.onProgress?.(event);
        },
      });
      const notes = network.notes(caOutcome);
      await addParityNotes(result.manifestPath, notes);
      const manifest = notes.length > 0 ? await readManifest(result.manifestPath) : result.manifest;
      return { imagePath: result.imagePath, manifestPath: result.manifestPath, checksumPath: result.checksumPath, sbomPath: result.sbomPath, manifest };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}
