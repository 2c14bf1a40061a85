/**
 * The build on this Linux machine: the request is read into a plan here (profile, repository
 * overrides, network settings asked into the image) and handed to buildImage.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildImage } from '../build/build-image.js';
import { readManifest, serializeManifest } from '../manifest/image-manifest.js';
import { applyRepositoryOverrides } from '../plan/repository-overrides.js';
import type { BuildPlan } from '../plan/build-plan.js';
import { readProfile } from '../profile/read-profile.js';
import type { ParityEntry } from '../transform/parity-report.js';
import type { WorkOptions } from '../../common/progress.js';
import type { BuildExecutor, BuildRequest, ExecutorResult } from './build-executor.js';
import { parseCaTrustLine, withNetworkIntoImage, type CaTrustOutcome } from './network-settings.js';

/** Reads the request's profile and applies its repository overrides. */
export async function planForRequest(request: BuildRequest): Promise<BuildPlan> {
  const plan = await readProfile({ profilePath: request.profilePath, image: request.image, kiwiProfile: request.kiwiProfile, arch: request.arch });
  return applyRepositoryOverrides(plan, { add: request.repo, set: request.setRepo });
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

  async build(request: BuildRequest, options: WorkOptions = {}): Promise<ExecutorResult> {
    const plan = await planForRequest(request);
    const profileBytes = await readFile(plan.profilePath);
    const scratch = await mkdtemp(join(tmpdir(), 'azl-wsl-network-'));
    try {
      const network = await withNetworkIntoImage(plan, request.network, scratch);
      let caOutcome: CaTrustOutcome | undefined;
      const result = await buildImage({
        plan: network.plan,
        outDir: resolve(request.outDir),
        outName: request.outName,
        format: request.format,
        gpgCheck: request.gpgCheck,
        cacheDir: request.cacheDir,
        workDir: this.defaults.workDir,
        sourceDateEpoch: request.sourceDateEpoch,
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
      return { imagePath: result.imagePath, manifestPath: result.manifestPath, checksumPath: result.checksumPath, manifest };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}
