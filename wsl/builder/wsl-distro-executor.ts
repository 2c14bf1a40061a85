/**
 * Builds inside the WSL builder distro with the same engine: the engine bundle and a job folder
 * (job.json, the profile's description folder, local repositories and keys, CA files) go in
 * as tars on stdin; the job runner's JSON lines come back as progress; the image, manifest and
 * checksum come out through `cat`, the image's SHA-256 is checked here, and the job folder is
 * removed inside the builder whatever happened. Outputs appear under partial names first and
 * are renamed only when complete, so a failure or cancel leaves nothing on either side.
 * `resolve` (the review) is the same job with kind `resolve`: no outputs, the WSL plan and
 * parity report come back as the runner's last JSON line.
 */
import { partialSuffix, removeStaleBuilds } from '../../rootfs/build/stale-builds.js';
import { randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AzlError, cancelledError, isAzlError, isAzlErrorCode } from '../../common/errors.js';
import type { ProgressEvent, WorkOptions } from '../../common/progress.js';
import type { BuildExecutor, BuildRequest, ExecutorResult, ResolveRequest, ResolveResult } from '../../rootfs/executor/build-executor.js';
import {
  BUILDER_ENGINE_DIR,
  BUILDER_JOBS_DIR,
  JOB_OUT,
  JOB_RUNNER_PATH,
  type BuildJobSpec,
  type JobLine,
  type JobSpec,
  type ResolveJobSpec,
} from '../../rootfs/executor/job-spec.js';
import { formatRepositoryEntry, parseRepositoryEntry } from '../../rootfs/plan/repository-overrides.js';
import { reviewDigest } from '../../rootfs/build/plan-review.js';
import { checkReviewedChoices, choicesOf } from '../../rootfs/executor/build-request.js';
import { proxySecrets, redactSecrets } from '../../rootfs/executor/network-settings.js';
import { readManifest, serializeManifest } from '../../rootfs/manifest/image-manifest.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { ensureBuilder, type BuilderOptions } from './builder-distro.js';
import { buildEngineBundle } from './engine-bundle.js';
import { pullFile, pushFolder, rootShell } from './distro-files.js';

/** A build that runs longer than this inside the builder is stopped (a hung scriptlet, a dead network). */
const JOB_TIMEOUT_SECONDS = 4 * 60 * 60;

/** Runs the job runner under `timeout`, with a PATH that finds the builder's node. */
const RUN_SCRIPT = [
  'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8',
  'cd / && exec timeout --kill-after=30 "$3" node "$1/' + JOB_RUNNER_PATH + '" "$2"',
].join('\n');

/**
 * Ends a job: stops the runner if it is still alive (its pid file; on real WSL the distro's
 * processes share one pid namespace), restores dnf.conf, lets go of leftover mounts and
 * removes the job folder.
 */
const CLEANUP_SCRIPT = [
  'J=$1',
  'if [ -f "$J/pid" ]; then p=$(cat "$J/pid")',
  '  if grep -q job-runner "/proc/$p/cmdline" 2>/dev/null; then kill -TERM "$p" 2>/dev/null',
  '    i=0; while grep -q job-runner "/proc/$p/cmdline" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done',
  '    grep -q job-runner "/proc/$p/cmdline" 2>/dev/null && kill -KILL "$p" 2>/dev/null',
  '  fi',
  'fi',
  'if [ -f "$J/dnf.conf.orig" ]; then if [ -s "$J/dnf.conf.orig" ]; then cat "$J/dnf.conf.orig" > /etc/dnf/dnf.conf; chmod 644 /etc/dnf/dnf.conf; else rm -f /etc/dnf/dnf.conf; fi; fi',
  'if [ -r /proc/mounts ]; then awk -v j="$J/" \'index($2, j) == 1 {print $2}\' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done; fi',
  'rm -rf --one-file-system "$J"',
].join('\n');

function localPath(location: string): string | undefined {
  if (location.startsWith('file://')) return fileURLToPath(location);
  if (location.startsWith('/')) return location;
  return undefined;
}

/** Known error codes travel back as themselves; anything else (an engine of another version) becomes PROGRAM_FAILED. */
function remoteError(error: { code: string; message: string; hint?: string; detail?: string }): AzlError {
  return new AzlError(isAzlErrorCode(error.code) ? error.code : 'PROGRAM_FAILED', error.message, { hint: error.hint, detail: error.detail });
}

/** A mistyped --repo / --set-repo is the user's to fix: refused before the builder is started or changed. */
function checkRepositoryEntries(request: ResolveRequest): void {
  for (const entry of [...request.repo, ...request.setRepo]) parseRepositoryEntry(entry);
}

export type WslDistroExecutorOptions = BuilderOptions;

/** Everything a job's steps need once the builder is up and the engine is in it. */
interface JobContext {
  distro: string;
  jobDir: string;
  engineDir: string;
  call: WslCallOptions;
  emit: (event: ProgressEvent) => void;
  secrets: readonly string[];
}

/** What the job does besides reading the profile (job.json's `kind` and its own fields; a review to build is in this side's paths). */
type JobKindSpec = Pick<BuildJobSpec, 'kind' | 'outName' | 'format' | 'sourceDateEpoch' | 'verifyReproducible' | 'reviewed'> | Pick<ResolveJobSpec, 'kind'>;

/** The runner's last line: a build's files or a resolve's plan. */
type JobOutcome = Extract<JobLine, { azlJob: 'result' | 'resolved' }>;

/** Applies `map` to every string in a JSON value (a plan and its parity report are plain data). */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, map)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)])) as T;
  }
  return value;
}

export class WslDistroExecutor implements BuildExecutor {
  readonly kind = 'wsl-distro' as const;
  readonly description: string;

  constructor(private readonly options: WslDistroExecutorOptions = {}) {
    this.description = `the WSL builder distro`;
  }

  async build(asked: BuildRequest, work: WorkOptions = {}): Promise<ExecutorResult> {
    checkRepositoryEntries(asked);
    // The choices are this side's: checked here; the profile and repositories inside the builder, where they are read.
    checkReviewedChoices(asked);
    // The builder's settings (proxy, CAs) apply to a request that brings none of its own.
    const request: BuildRequest = { ...asked, network: asked.network ?? this.options.network };
    const outDir = resolve(request.outDir);
    await mkdir(outDir, { recursive: true });
    // Partial outputs of an earlier build whose process was killed go first.
    await removeStaleBuilds({ outDir });
    const partials: string[] = [];
    const removePartials = async (): Promise<void> => {
      for (const path of partials) await rm(path, { force: true });
    };
    return this.inJob(request, work, 'The build', removePartials, async (job) => {
      const kind: JobKindSpec = { kind: 'build', outName: request.outName, format: request.format, sourceDateEpoch: request.sourceDateEpoch, verifyReproducible: request.verifyReproducible, reviewed: request.reviewed };
      await this.pushJob(job, request, kind);
      const outcome = await this.runJob(job, 'build in builder');
      if (outcome.azlJob !== 'result') throw new AzlError('PROGRAM_FAILED', 'The build in the builder answered with something other than an image.');
      return this.fetchOutputs(job, outcome, outDir, request, partials);
    });
  }

  /**
   * The review inside the builder: the same job runner resolves the plan there (its dnf, its
   * available-names cache under /var/cache/azl-wsl); the result comes back as one JSON line,
   * with the job folder's paths mapped back to the profile folder and repositories on this side.
   */
  async resolve(asked: ResolveRequest, work: WorkOptions = {}): Promise<ResolveResult> {
    checkRepositoryEntries(asked);
    const request: ResolveRequest = { ...asked, network: asked.network ?? this.options.network };
    return this.inJob(request, work, 'Reading the repositories', async () => undefined, async (job) => {
      const carried = await this.pushJob(job, request, { kind: 'resolve' });
      const outcome = await this.runJob(job, 'resolve in builder');
      if (outcome.azlJob !== 'resolved') throw new AzlError('PROGRAM_FAILED', 'The review in the builder answered with something other than a plan.');
      const resolution = mapStrings(outcome.resolution, this.toLocalPaths(job.jobDir, request.profilePath, carried));
      // The stamp names the review in this side's terms: the choices as asked, the digest over this side's plan.
      const digest = reviewDigest(resolution, resolution.review.repositories);
      return { ...resolution, choices: choicesOf(request), review: { ...resolution.review, digest } };
    });
  }

  /** Maps a string naming something in the job folder to what the user gave on this side. */
  private toLocalPaths(jobDir: string, profilePath: string, carried: ReadonlyMap<string, string>): (text: string) => string {
    const remoteProfileDir = `${jobDir}/profile`;
    const localProfileDir = dirname(resolve(profilePath));
    const urls = [...carried.entries()].sort((a, b) => b[0].length - a[0].length);
    return (text) => {
      if (!text.includes(jobDir)) return text;
      if (text === remoteProfileDir) return localProfileDir;
      if (text.startsWith(`${remoteProfileDir}/`)) return join(localProfileDir, ...text.slice(remoteProfileDir.length + 1).split('/'));
      let mapped = text;
      for (const [remote, local] of urls) mapped = mapped.replaceAll(remote, local);
      return mapped.replaceAll(remoteProfileDir, localProfileDir);
    };
  }

  /** The inverse of toLocalPaths: a review's plan, named as in this job folder (the profile's copy, carried repositories and keys). */
  private toJobPaths(jobDir: string, profilePath: string, carried: ReadonlyMap<string, string>): (text: string) => string {
    const remoteProfileDir = `${jobDir}/profile`;
    const localProfileDir = dirname(resolve(profilePath));
    const locals = [...carried.entries()].map(([remote, local]) => [local, remote] as const).sort((a, b) => b[0].length - a[0].length);
    return (text) => {
      if (text === localProfileDir) return remoteProfileDir;
      if (text.startsWith(`${localProfileDir}${sep}`)) return `${remoteProfileDir}/${text.slice(localProfileDir.length + 1).split(sep).join('/')}`;
      let mapped = text;
      for (const [local, remote] of locals) if (mapped === local) mapped = remote;
      return mapped;
    };
  }

  /**
   * Ensures the builder, puts the engine in and runs `body` on a fresh job folder, which is
   * removed inside the builder whatever happens; a cancel is reported as CANCELLED.
   */
  private async inJob<T>(
    request: ResolveRequest,
    work: WorkOptions,
    what: string,
    onFailure: () => Promise<void>,
    body: (job: JobContext) => Promise<T>,
  ): Promise<T> {
    const { signal } = work;
    const secrets = proxySecrets(request.network?.proxy);
    const emit = (event: ProgressEvent): void => {
      work.onProgress?.(event.kind === 'log' ? { ...event, text: redactSecrets(event.text, secrets) } : event);
    };
    const builder = await ensureBuilder({ ...this.options, network: request.network, signal, onProgress: emit });
    const distro = builder.name;
    const call: WslCallOptions = { wslPath: this.options.wslPath, env: this.options.env, logger: this.options.logger, signal };
    const jobId = `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
    const jobDir = `${BUILDER_JOBS_DIR}/${jobId}`;
    let jobStarted = false;
    try {
      const engineDir = await this.pushEngine(distro, call);
      jobStarted = true;
      return await body({ distro, jobDir, engineDir, call, emit, secrets });
    } catch (error) {
      await onFailure();
      if (signal?.aborted && !(isAzlError(error) && error.code === 'CANCELLED')) throw cancelledError(what);
      throw error;
    } finally {
      if (jobStarted) {
        await rootShell(distro, CLEANUP_SCRIPT, [jobDir], { ...call, signal: undefined, name: 'remove build job' }).catch(() => undefined);
      }
    }
  }

  /** Copies the engine bundle in once per engine version; returns its folder in the builder. */
  private async pushEngine(distro: string, call: WslCallOptions): Promise<string> {
    const bundle = await buildEngineBundle();
    try {
      const target = `${BUILDER_ENGINE_DIR}/${bundle.hash}`;
      const present = await rootShell(distro, 'test -f "$1/' + JOB_RUNNER_PATH + '" && echo yes || true', [target], { ...call, name: 'look for engine' });
      if (!present.stdout.toString('utf8').includes('yes')) {
        const staging = `${target}.partial-${randomBytes(4).toString('hex')}`;
        await pushFolder(distro, bundle.dir, staging, call);
        await rootShell(distro, 'chmod 755 "$1" && rm -rf "$2" && mv "$1" "$2"', [staging, target], { ...call, name: 'install engine' });
      }
      return target;
    } finally {
      await rm(bundle.dir, { recursive: true, force: true });
    }
  }

  /**
   * Stages job.json, the description folder, local repositories, keys and CAs, then copies them
   * in. Returns the job's URLs for carried repositories and keys, each with what the user gave.
   */
  private async pushJob(job: JobContext, request: ResolveRequest, kind: JobKindSpec): Promise<Map<string, string>> {
    const { distro, jobDir, call } = job;
    const carried = new Map<string, string>();
    const staging = await mkdtemp(join(tmpdir(), 'azl-wsl-job-'));
    try {
      const profilePath = resolve(request.profilePath);
      await cp(dirname(profilePath), join(staging, 'profile'), { recursive: true, verbatimSymlinks: true });
      let counter = 0;
      const carry = async (location: string, kind: 'repos' | 'keys'): Promise<string> => {
        const path = localPath(location);
        if (!path) return location;
        const name = `${kind}/${++counter}${kind === 'keys' ? `-${basename(path)}` : ''}`;
        await mkdir(join(staging, kind), { recursive: true });
        await cp(path, join(staging, name), { recursive: true });
        const url = `file://${jobDir}/${name}`;
        // A bare path reaches the plan as a file:// URL (repository-overrides.ts).
        carried.set(url, location.startsWith('/') ? `file://${location}` : location);
        return url;
      };
      const rewrite = async (entries: string[]): Promise<string[]> => {
        const out: string[] = [];
        for (const entry of entries) {
          const { location, gpgKeys } = parseRepositoryEntry(entry);
          const carriedLocation = await carry(location, 'repos');
          const keys: string[] = [];
          for (const key of gpgKeys) keys.push(await carry(key, 'keys'));
          out.push(formatRepositoryEntry({ location: carriedLocation, gpgKeys: keys }));
        }
        return out;
      };
      const caFiles: string[] = [];
      for (const file of request.network?.caFiles ?? []) {
        const name = `ca/${caFiles.length + 1}.pem`;
        await mkdir(join(staging, 'ca'), { recursive: true });
        await cp(file, join(staging, name));
        caFiles.push(name);
      }
      // Carried first: the review's plan is mapped to where this job has its repositories and keys.
      const repo = await rewrite(request.repo);
      const setRepo = await rewrite(request.setRepo);
      const reviewed = kind.kind === 'build' && kind.reviewed
        ? mapStrings({ ...kind.reviewed, choices: undefined }, this.toJobPaths(jobDir, request.profilePath, carried))
        : undefined;
      const spec: JobSpec = {
        ...kind,
        ...(reviewed ? { reviewed } : {}),
        profilePath: join('profile', basename(profilePath)),
        image: request.image,
        kiwiProfile: request.kiwiProfile,
        arch: request.arch,
        repo,
        setRepo,
        gpgCheck: request.gpgCheck,
        network: request.network
          ? { proxy: request.network.proxy, caFiles, proxyIntoImage: request.network.proxyIntoImage, caIntoImage: request.network.caIntoImage }
          : undefined,
      };
      await writeFile(join(staging, 'job.json'), JSON.stringify(spec), { mode: 0o600 });
      await chmod(join(staging, 'job.json'), 0o600);
      await pushFolder(distro, staging, jobDir, call);
      return carried;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Runs the job runner, relaying its progress; resolves with its result line. */
  private async runJob(job: JobContext, name: string): Promise<JobOutcome> {
    const { distro, engineDir, jobDir, call, emit, secrets } = job;
    let result: JobOutcome | undefined;
    let failure: Extract<JobLine, { azlJob: 'error' }> | undefined;
    const onLine = (line: string): void => {
      if (line.trim() === '') return;
      let parsed: JobLine | undefined;
      if (line.startsWith('{"azlJob"')) {
        try {
          parsed = JSON.parse(line) as JobLine;
        } catch {
          parsed = undefined;
        }
      }
      if (!parsed) emit({ kind: 'log', step: 'builder', stream: 'stdout', text: line });
      else if (parsed.azlJob === 'progress') emit(parsed.event);
      else if (parsed.azlJob === 'error') failure = parsed;
      else result = parsed;
    };
    const run = await rootShell(distro, RUN_SCRIPT, [engineDir, jobDir, String(JOB_TIMEOUT_SECONDS)], {
      ...call,
      name,
      onLine: (line, stream) => {
        if (stream === 'stdout') onLine(line);
        else if (line.trim()) emit({ kind: 'log', step: 'builder', stream: 'stderr', text: line });
      },
    }).catch((error: unknown) => {
      if (failure) return undefined;
      throw error;
    });
    if (failure) throw remoteError(failure.error);
    if (!run || !result) {
      throw new AzlError('PROGRAM_FAILED', `The ${name} ended without a result.`, {
        detail: redactSecrets(run?.stderr ?? '', secrets),
      });
    }
    return result;
  }

  /** Copies the outputs out under partial names, checks the image's SHA-256, then renames them into place. */
  private async fetchOutputs(
    job: JobContext,
    result: Extract<JobLine, { azlJob: 'result' }>,
    outDir: string,
    request: BuildRequest,
    partials: string[],
  ): Promise<ExecutorResult> {
    const { distro, jobDir, call } = job;
    const suffix = partialSuffix();
    const names = { image: basename(result.image), manifest: basename(result.manifest), checksum: basename(result.checksum) };
    const partial = (name: string): string => {
      const path = join(outDir, `.${name}.partial-${suffix}`);
      partials.push(path);
      return path;
    };
    const remote = (name: string): string => `${jobDir}/${JOB_OUT}/${name}`;
    const imagePartial = partial(names.image);
    const received = await pullFile(distro, remote(names.image), imagePartial, call);
    const manifestPartial = partial(names.manifest);
    await pullFile(distro, remote(names.manifest), manifestPartial, call);
    const checksumPartial = partial(names.checksum);
    await pullFile(distro, remote(names.checksum), checksumPartial, call);
    const sbomName = result.sbom === undefined ? undefined : basename(result.sbom);
    const sbomPartial = sbomName === undefined ? undefined : partial(sbomName);
    if (sbomName !== undefined) await pullFile(distro, remote(sbomName), sbomPartial!, call);
    const checksumText = await readFile(checksumPartial, 'utf8');
    if (received.sha256 !== result.sha256 || !checksumText.startsWith(received.sha256) || received.bytes !== result.bytes) {
      throw new AzlError('DIGEST_MISMATCH', 'The image copied out of the builder does not match its checksum.', {
        hint: 'Run the build again; if it keeps failing, run `azl-wsl builder refresh`.',
        detail: `expected ${result.sha256} (${result.bytes} bytes), received ${received.sha256} (${received.bytes} bytes)`,
      });
    }
    // The manifest names the profile as the user gave it, not the copy inside the builder.
    const manifest = await readManifest(manifestPartial);
    manifest.profile.path = resolve(request.profilePath);
    await writeFile(manifestPartial, serializeManifest(manifest));
    const placed = { image: join(outDir, names.image), manifest: join(outDir, names.manifest), checksum: join(outDir, names.checksum) };
    await rename(manifestPartial, placed.manifest);
    await rename(checksumPartial, placed.checksum);
    const sbomPath = sbomName === undefined ? undefined : join(outDir, sbomName);
    if (sbomPath !== undefined) await rename(sbomPartial!, sbomPath);
    await rename(imagePartial, placed.image);
    partials.length = 0;
    return { imagePath: placed.image, manifestPath: placed.manifest, checksumPath: placed.checksum, ...(sbomPath ? { sbomPath } : {}), manifest };
  }
}

