/**
 * The build executor: BuildPlan in, validated `.wsl` (or tar) plus manifest and checksum out.
 *
 * Order (KIWI's): staging root → bootstrap packages → image packages → overlays → files →
 * groups/users → scripts → uninstall → delete → finish steps → record packages and clean the
 * package manager's leftovers → pack → validate → manifest and checksum → rename into place.
 * All outputs are first written under hidden partial names in the output folder; a failure or
 * a cancel at any point removes them and the staging root, so nothing half-built is left.
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, constants, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { ArchiveFormat } from '../archive/archive-format.js';
import { archiveExtension } from '../archive/archive-format.js';
import { packRoot } from '../archive/pack-root.js';
import { compareArchives } from '../archive/compare-archives.js';
import type { BuildPlan } from '../plan/build-plan.js';
import { isWslPlan, toWslPlan, wslPackageRequest, type WslTransformResult } from '../transform/wsl-transform.js';
import { resolveWslRemovals, type RemovalResult } from '../transform/dependency-removal.js';
import type { Finding, ValidationReport } from '../validate/validate-image.js';
import { TarStreamValidation } from '../validate/tar-stream-validation.js';
import { checksumFileName, checksumLine, manifestFileName, serializeManifest, type ImageManifest } from '../manifest/image-manifest.js';
import { toolVersion } from '../../common/tool-version.js';
import { AzlError, cancelledError, isAzlError, throwIfAborted } from '../../common/errors.js';
import { runStep, type ProgressEvent, type WorkOptions } from '../../common/progress.js';
import { applyAccounts } from './accounts.js';
import { cleanPackageManagerLeftovers, removeRpmDatabase } from './clean-root.js';
import { runFinishSteps } from './finish-steps.js';
import { applySystemSettings } from './system-settings.js';
import { queryInstalledPackages } from './installed-packages.js';
import { normalizeRoot } from './normalize-root.js';
import { createSbom, SBOM_SPEC_VERSION, sbomFileName, serializeSbom } from '../sbom/cyclonedx-sbom.js';
import { readDistroIdentity } from '../sbom/distro-identity.js';
import { sbomPackages } from '../sbom/sbom-package.js';
import { chooseSourceDateEpoch, epochEnvironment, type SourceDateEpoch } from './source-date-epoch.js';
import { readRepositoryIndex } from '../repository/primary-packages.js';
import { outputNameFor } from './output-name.js';
import { applyFiles, applyOverlays } from './overlays.js';
import { detectPackageManager, PackageManager, type PackageManagerKind } from './package-manager.js';
import { dbPathOfRpmPackage, type RpmDatabasePath } from './rpm-database-path.js';
import { RootCache, rootCacheKey } from './root-cache.js';
import { checkRepositoriesUnchanged, repositoryStates, type PlanReview, type ReviewedResolution } from './plan-review.js';
import { mountOverlay, overlaySupported } from './overlay-mount.js';
import { runScripts } from './run-scripts.js';
import { prepareDevices } from './staging-devices.js';
import { BUILD_DIR_PREFIX, markBuildOwner, partialSuffix, removeStaleBuilds } from './stale-builds.js';

export interface BuildOptions extends WorkOptions {
  /** The plan as read (before the WSL transform; buildImage applies it). */
  plan: BuildPlan;
  outDir: string;
  /** Default: the plan's bundle_format (`%A` → arch) or `<imageName>-<profileName>`. */
  outName?: string;
  format: ArchiveFormat;
  /** false only with --no-gpgcheck. */
  gpgCheck: boolean;
  /** Download and root cache reused across builds; default $XDG_CACHE_HOME/azl-wsl or ~/.cache/azl-wsl. */
  cacheDir?: string;
  /** Where the staging root is made (default os.tmpdir()); never inside outDir. */
  workDir?: string;
  sourceDateEpoch?: number;
  /** Recorded in the manifest. */
  profileSource: { path: string; sha256: string };
  /**
   * Build a second time into separate roots (fresh install, no caches) and require the same
   * image bytes; a difference fails the build with NOT_REPRODUCIBLE naming the first differing
   * members (docs/reproducibility.md).
   */
  verifyReproducible?: boolean;
  /** Internal (the second build of --verify-reproducible): neither read nor fill the root and gzip block caches. */
  fresh?: boolean;
  /**
   * A review's resolution of `plan` and its stamp (plan-review.ts): built as it is, without
   * running the transform again, after checking that the repositories are still the ones reviewed.
   */
  reviewed?: { resolution: ReviewedResolution; review: PlanReview };
}

export interface BuildResult {
  imagePath: string;
  manifestPath: string;
  checksumPath: string;
  /** NAME.cdx.json, the CycloneDX SBOM. */
  sbomPath: string;
  manifest: ImageManifest;
  validation: ValidationReport;
}

/** The cache folder used when the caller gives none. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME && isAbsolute(process.env.XDG_CACHE_HOME) ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'azl-wsl');
}

function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new AzlError('NOT_ROOT', 'Building an image needs root (dnf --installroot and chroot do).', {
      hint: 'Run the build with sudo, or as root inside a container or WSL distribution.',
    });
  }
}

/** Fails with OUTPUT_UNWRITABLE unless a file can be created in `outDir` (created if missing). */
async function checkOutputWritable(outDir: string): Promise<void> {
  const probe = join(outDir, `.azl-wsl-probe-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(outDir, { recursive: true });
    await access(outDir, constants.W_OK);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new AzlError('OUTPUT_UNWRITABLE', `The output folder ${outDir} cannot be written to.`, {
      hint: 'Choose another output folder (--out) or fix its permissions.',
      detail: (error as Error).message,
      cause: error,
    });
  }
}

/**
 * dnf downloads and installs in one run; its "Downloading Packages:" and "Running transaction"
 * lines bracket the download, reported as an indeterminate 'download' step.
 */
function downloadReporter(emit: (event: ProgressEvent) => void): { onLine: (line: string) => void; finish: () => void } {
  const label = 'Downloading packages';
  let started: number | undefined;
  const finish = (): void => {
    if (started === undefined) return;
    emit({ kind: 'step-done', step: 'download', label, elapsedMs: Date.now() - started });
    started = undefined;
  };
  return {
    onLine(line) {
      if (/^Downloading Packages:/.test(line)) {
        started = Date.now();
        emit({ kind: 'step', step: 'download', label });
      } else if (/^Running transaction( check)?$/.test(line.trim())) finish();
    },
    finish,
  };
}

/** In the tar format the archive is uncompressed on purpose; the validator's compression rule is then only a warning. */
function adjustForFormat(report: ValidationReport, format: ArchiveFormat): ValidationReport {
  if (format !== 'tar') return report;
  const moved = report.errors.filter((finding) => finding.rule === 'archive-compression');
  return {
    errors: report.errors.filter((finding) => finding.rule !== 'archive-compression'),
    warnings: [...report.warnings, ...moved.map((finding): Finding => ({ ...finding, severity: 'warning' }))],
  };
}

export interface ResolveWslPlanOptions {
  /** The plan as read (with repository overrides applied). */
  plan: BuildPlan;
  kind: PackageManagerKind;
  gpgCheck: boolean;
  /** dnf's download cache; the available-names cache lives inside it. */
  dnfCacheDir: string;
  /** A private scratch folder (dnf's HOME and the query root go in it). */
  workDir: string;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** The purl namespace when the image has no os-release with an ID. */
const DEFAULT_DISTRO_ID = 'azurelinux';

/** The build's clock when the repositories' metadata gave none. */
function newestInstalledBuildTime(details: ReadonlyMap<string, { buildTime?: number }>): SourceDateEpoch | undefined {
  let newest: number | undefined;
  for (const { buildTime } of details.values()) if (buildTime !== undefined && (newest === undefined || buildTime > newest)) newest = buildTime;
  return newest === undefined ? undefined : { value: newest, from: 'the newest installed package build time (the repositories\' metadata could not be read)' };
}

/** A WSL plan has nothing removed; `toWslPlan` returns it unchanged. */
const NOTHING_REMOVED: RemovalResult = { removed: [], expanded: [], transaction: [], rounds: 0 };

/** The WSL plan, its parity report, and where the image's rpm database goes. */
export interface ResolvedWslPlan extends WslTransformResult {
  rpmDatabase: RpmDatabasePath;
}

/**
 * The WSL plan and its parity report: asks the plan's repositories which packages they offer
 * (cached per repository state, see available-names-cache.ts), since the transform swaps or adds
 * a package only when it exists; then lets dnf's solver decide which packages leave with the
 * ones WSL drops (dependency-removal.ts), and reads the target rpm's database path. Shared by
 * the build and the review (executor `resolve`).
 */
export async function resolveWslPlan(options: ResolveWslPlanOptions): Promise<ResolvedWslPlan> {
  const manager = new PackageManager({
    kind: options.kind,
    plan: options.plan,
    gpgCheck: options.gpgCheck,
    cacheDir: options.dnfCacheDir,
    homeDir: join(options.workDir, 'home'),
    signal: options.signal,
    onLine: options.onLine,
  });
  const scratch = join(options.workDir, 'query-root');
  try {
    const names = await manager.availableNames(scratch);
    const available = { has: (name: string) => names.has(name) };
    const removals = isWslPlan(options.plan) ? NOTHING_REMOVED : await resolveWslRemovals(wslPackageRequest(options.plan, available), manager.transactionSolver(scratch));
    const result = toWslPlan(options.plan, { available, removals });
    // The rpm the image gets is the repositories' newest (the transaction installs it as a dependency of dnf if not named).
    const rpmDatabase = await dbPathOfRpmPackage(await manager.packageLocation(scratch, 'rpm'), options.signal);
    return { ...result, rpmDatabase };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The reviewed resolution, after a check that the repositories are as reviewed: their metadata
 * as dnf sees it now (the names query refreshes metadata older than its expiry, and is answered
 * from the available-names cache otherwise) must be the metadata the review saw.
 */
async function reviewedResolution(reviewed: NonNullable<BuildOptions['reviewed']>, options: Omit<ResolveWslPlanOptions, 'plan'>): Promise<ResolvedWslPlan> {
  const { plan } = reviewed.resolution;
  const manager = new PackageManager({ kind: options.kind, plan, gpgCheck: options.gpgCheck, cacheDir: options.dnfCacheDir, homeDir: join(options.workDir, 'home'), signal: options.signal, onLine: options.onLine });
  const scratch = join(options.workDir, 'query-root');
  try {
    await manager.availableNames(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  checkRepositoriesUnchanged(reviewed.review, await repositoryStates(plan, options.dnfCacheDir));
  // The build adds to its parity report: the review's own copy stays as reviewed.
  return structuredClone(reviewed.resolution);
}

/** Builds, validates and writes the image, its manifest and its checksum. */
export async function buildImage(options: BuildOptions): Promise<BuildResult> {
  requireRoot();
  const { signal } = options;
  throwIfAborted(signal, 'The build');
  const outDir = resolve(options.outDir);
  // The name comes from the WSL plan, so it is known after the resolve step; an override is checked now.
  if (options.outName) outputNameFor(options.plan, options.outName);
  const workBase = resolve(options.workDir ?? tmpdir());
  const insideOut = relative(outDir, workBase);
  if (insideOut === '' || (!insideOut.startsWith('..') && !isAbsolute(insideOut))) {
    throw new AzlError('USAGE', 'The work folder cannot be inside the output folder.', { hint: 'Choose a work folder elsewhere (--work-dir).' });
  }
  await checkOutputWritable(outDir);
  const cacheDir = resolve(options.cacheDir ?? defaultCacheDir());
  const dnfCacheDir = join(cacheDir, 'dnf');
  await mkdir(dnfCacheDir, { recursive: true });
  await mkdir(workBase, { recursive: true });
  // What builds killed earlier left (work folders, overlay mounts, partial outputs) goes first.
  const stale = await removeStaleBuilds({ workBase, outDir });
  for (const path of stale.removed) options.onProgress?.({ kind: 'log', stream: 'info', text: `Removed ${path}, left by a build that was killed.` });
  for (const path of stale.kept) options.onProgress?.({ kind: 'log', stream: 'info', text: `Left ${path} (from a build that was killed): a mount in it would not come off.` });
  const workDir = await mkdtemp(join(workBase, BUILD_DIR_PREFIX));
  await markBuildOwner(workDir);
  const cleanups: Array<() => Promise<unknown>> = [];
  const suffix = partialSuffix();
  const partials: string[] = [];
  const placed: string[] = [];
  try {
    return await executeBuild({ ...options, outDir, cacheDir }, { name: '', workDir, copyRoot: join(workDir, 'root'), cleanups, dnfCacheDir, suffix, partials, placed });
  } catch (error) {
    for (const path of [...partials, ...placed]) await rm(path, { force: true });
    if (signal?.aborted && !(isAzlError(error) && error.code === 'CANCELLED')) throw cancelledError('The build');
    throw error;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
}

interface BuildContext {
  name: string;
  workDir: string;
  /** Where the root lives when it is a plain folder (no overlay). */
  copyRoot: string;
  /** Run in order when the build ends, before the work folder is removed (unmounts first). */
  cleanups: Array<() => Promise<unknown>>;
  dnfCacheDir: string;
  suffix: string;
  partials: string[];
  placed: string[];
}

async function executeBuild(options: BuildOptions & { outDir: string; cacheDir: string }, context: BuildContext): Promise<BuildResult> {
  const { signal } = options;
  const { dnfCacheDir, workDir } = context;
  const emit = (event: ProgressEvent): void => options.onProgress?.(event);
  const logger = (step: string) => (line: string, stream: 'stdout' | 'stderr'): void => emit({ kind: 'log', step, stream, text: line });
  const managerFor = (plan: BuildPlan, kind: PackageManagerKind, step: string, dbPath: string, epoch: SourceDateEpoch | undefined): PackageManager =>
    new PackageManager({ kind, plan, gpgCheck: options.gpgCheck, cacheDir: dnfCacheDir, homeDir: join(workDir, 'home'), dbPath, sourceDateEpoch: epoch?.value, signal, onLine: logger(step) });

  // 1. Resolve: what the repositories offer and dnf's solver decide the WSL transform; the
  //    target rpm decides where the database goes (once, for every phase); the repositories'
  //    metadata gives the build's clock (source-date-epoch.ts) and, later, the SBOM's facts;
  //    then the cache key.
  const resolved = await runStep(options, 'resolve', 'Reading the repositories', async () => {
    const kind = await detectPackageManager();
    const resolveOptions = { kind, gpgCheck: options.gpgCheck, dnfCacheDir, workDir, signal, onLine: logger('resolve') };
    const { plan, parity, rpmDatabase } = options.reviewed
      ? await reviewedResolution(options.reviewed, resolveOptions)
      : await resolveWslPlan({ ...resolveOptions, plan: options.plan });
    if (options.reviewed) emit({ kind: 'log', step: 'resolve', stream: 'stdout', text: `Building the reviewed plan (review ${options.reviewed.review.digest}); the repositories are as reviewed.` });
    emit({ kind: 'log', step: 'resolve', stream: 'stdout', text: `rpm database: ${rpmDatabase.path} (from ${rpmDatabase.from})` });
    const index = await readRepositoryIndex(plan.repositories, { dnfCacheDir, signal });
    for (const { repository, reason } of index.unreadable) emit({ kind: 'log', step: 'resolve', stream: 'stderr', text: `Repository ${repository.alias}: ${reason}` });
    const epoch = chooseSourceDateEpoch(options.sourceDateEpoch, index);
    if (epoch) emit({ kind: 'log', step: 'resolve', stream: 'stdout', text: `SOURCE_DATE_EPOCH=${epoch.value} (${epoch.from})` });
    const manager = managerFor(plan, kind, 'install', rpmDatabase.path, epoch);
    // The install records the epoch (rpm install times), so it is part of what the cached root is.
    const key = await rootCacheKey(plan, [...manager.solverFlags(), `SOURCE_DATE_EPOCH=${epoch?.value ?? 'none'}`], kind, dnfCacheDir, rpmDatabase.path);
    return { plan, parity, manager, key, dbPath: rpmDatabase.path, index, epoch };
  });
  const { plan, parity, manager, key, dbPath, index } = resolved;
  let epoch = resolved.epoch;
  context.name = outputNameFor(plan, options.outName);
  const cache = new RootCache(options.cacheDir);
  if (!options.fresh) {
    // Held until the build ends, so no other build's prune removes the entry under this one.
    const reference = await cache.acquire(key);
    context.cleanups.push(() => reference.release());
  }

  // 2. Packages: from the root cache when the same install was done before, else with dnf.
  //    With overlayfs the cached tree is the lower layer and nothing is copied either way.
  //    A fresh build (the second of --verify-reproducible) installs into its own root.
  const useOverlay = !options.fresh && (await overlaySupported(workDir));
  const mountOn = async (lower: string): Promise<string> => {
    const mount = await mountOverlay(lower, workDir, signal);
    if (!mount) throw new Error(`Mounting an overlay on ${lower} failed after the probe succeeded.`);
    context.cleanups.unshift(() => mount.unmount());
    return mount.merged;
  };
  let root: string;
  if (!options.fresh && (await cache.has(key))) {
    root = await runStep(options, 'install', 'Installing packages', async (report) => {
      report(undefined, 'restoring from the build cache');
      if (useOverlay) return mountOn(cache.entry(key));
      await cache.restore(key, context.copyRoot, signal);
      return context.copyRoot;
    });
  } else {
    const bootstrap = plan.packages.bootstrap.map((ref) => ref.name);
    const image = plan.packages.image.map((ref) => ref.name);
    const installRoot = useOverlay ? await cache.beginEntry(key) : context.copyRoot;
    if (useOverlay) context.cleanups.push(() => rm(installRoot, { recursive: true, force: true }));
    await runStep(options, 'install', 'Installing packages', async (report) => {
      const sets = [bootstrap, image].filter((set) => set.length > 0);
      const download = downloadReporter(emit);
      for (const [index, set] of sets.entries()) {
        await manager.install(installRoot, set, (progress) => report((index + progress.fraction) / sets.length, progress.detail), download.onLine);
        report((index + 1) / sets.length);
      }
      download.finish();
      if (options.fresh) {
        root = installRoot;
        return;
      }
      report(1, 'saving to the build cache');
      if (useOverlay) root = await mountOn(await cache.commitEntry(key, installRoot));
      else {
        await cache.store(key, installRoot, signal);
        root = installRoot;
      }
    });
  }
  root ??= context.copyRoot;
  throwIfAborted(signal, 'The build');

  // 3. Configure: overlays, files, accounts, scripts, removals, finishing steps; then tidy.
  const packages = await runStep(options, 'configure', 'Configuring the image', async (report) => {
    await prepareDevices(root, signal);
    await applyOverlays(root, plan.overlays, signal);
    await applyFiles(root, plan.files, signal);
    report(0.2, 'users and groups');
    await applyAccounts(root, plan, signal, epochEnvironment(epoch));
    await applySystemSettings(root, plan, signal);
    report(0.4, 'scripts');
    await runScripts(root, plan.scripts, { signal, onLine: logger('configure'), env: epochEnvironment(epoch) });
    report(0.6, 'removing packages');
    await manager.remove(root, plan.packages.uninstall.map((ref) => ref.name));
    await manager.erase(root, plan.packages.delete.map((ref) => ref.name));
    report(0.8, 'finishing');
    parity.entries.push(...(await runFinishSteps(root, plan.finish, signal)));
    const { packages: installed, details } = await queryInstalledPackages(root, dbPath, signal);
    // Without repository metadata the clock is the newest installed package's build time.
    epoch ??= newestInstalledBuildTime(details);
    await cleanPackageManagerLeftovers(root, dbPath, dnfCacheDir);
    if (plan.removeRpmDb) await removeRpmDatabase(root, dbPath);
    if (epoch) {
      const normalized = await normalizeRoot(root, { dbPath: plan.removeRpmDb ? undefined : dbPath, sourceDateEpoch: epoch.value, scratchDir: workDir, signal });
      for (const change of normalized.changed) emit({ kind: 'log', step: 'configure', stream: 'stdout', text: `reproducible: ${change}` });
    }
    const distro = await readDistroIdentity(root, { id: DEFAULT_DISTRO_ID, versionId: plan.releaseVersion.value });
    return { installed, details, distro };
  });
  throwIfAborted(signal, 'The build');

  // 4. Pack into a hidden partial file in the output folder, indexing the tar stream for
  //    validation as it is written (no second read of the archive), then validate.
  const fileName = context.name + archiveExtension(options.format);
  const partialImage = join(options.outDir, `.${fileName}.partial-${context.suffix}`);
  context.partials.push(partialImage);
  const streamValidation = new TarStreamValidation({ arch: plan.arch, signal });
  context.cleanups.push(async () => streamValidation.dispose());
  const packed = await runStep(options, 'pack', 'Packing the image', (report) =>
    packRoot(root, partialImage, {
      format: options.format,
      sourceDateEpoch: epoch?.value,
      signal,
      onTarData: (data) => streamValidation.write(data),
      // Compressed blocks reused across builds: a rebuild compresses only what changed.
      blockCacheDir: options.fresh ? undefined : join(options.cacheDir, 'gzip-blocks'),
      onProgress: (event) => {
        if (event.kind === 'step') report(event.fraction, event.detail);
        else if (event.kind === 'log') emit(event);
      },
    }),
  );
  const validation = await runStep(options, 'validate', 'Validating the image', async () =>
    adjustForFormat(await streamValidation.finish(partialImage), options.format),
  );
  if (validation.errors.length > 0) {
    throw new AzlError('VALIDATION_FAILED', `The image failed WSL validation with ${validation.errors.length} error(s): ${validation.errors.map((f) => f.rule).join(', ')}.`, {
      hint: 'Fix the profile (or report a bug if the transform should have handled it); the findings are in the details.',
      detail: validation.errors.map((f) => `${f.rule}: ${f.message}${f.path ? ` (${f.path})` : ''}`).join('\n'),
    });
  }
  throwIfAborted(signal, 'The build');

  // 4b. With --verify-reproducible: the whole build again, fresh, and the same bytes required.
  const verified = options.verifyReproducible
    ? await runStep(options, 'verify-reproducible', 'Building again to check the image is reproducible', (report) => rebuildAndCompare(options, context, partialImage, packed.sha256, report))
    : undefined;

  // 5. SBOM, manifest and checksum, then everything into place.
  const tool = { name: 'azl-wsl' as const, version: toolVersion() };
  const sbomName = sbomFileName(context.name);
  const sbomText = await runStep(options, 'sbom', 'Writing the SBOM', async () =>
    serializeSbom(
      createSbom({
        subject: { name: context.name, version: plan.releaseVersion.value, sha256: packed.sha256, file: fileName },
        distro: packages.distro,
        packages: sbomPackages(packages.installed, packages.details, index),
        descriptionFiles: options.plan.descriptionFiles ?? [],
        tool,
        timestamp: epoch?.value,
        phase: 'build',
        properties: { profile: plan.profileName },
      }),
    ),
  );
  const builtAt = new Date(epoch !== undefined ? epoch.value * 1000 : Date.now()).toISOString();
  const manifest: ImageManifest = {
    schemaVersion: 1,
    tool,
    builtAt,
    profile: {
      path: options.profileSource.path,
      sha256: options.profileSource.sha256,
      format: plan.format,
      imageName: plan.imageName,
      profileName: plan.profileName,
      files: options.plan.descriptionFiles ?? [],
    },
    plan,
    parity,
    packages: packages.installed,
    ...(epoch ? { sourceDateEpoch: epoch } : {}),
    ...(verified ? { reproducible: verified } : {}),
    output: { file: fileName, format: options.format, sha256: packed.sha256, bytes: packed.bytes },
    sbom: { file: sbomName, format: `CycloneDX ${SBOM_SPEC_VERSION}`, sha256: createHash('sha256').update(sbomText).digest('hex') },
    validation: { errors: validation.errors.length, warnings: validation.warnings.length, findings: [...validation.errors, ...validation.warnings] },
  };
  const manifestName = manifestFileName(context.name);
  const checksumName = checksumFileName(context.name);
  const partialManifest = join(options.outDir, `.${manifestName}.partial-${context.suffix}`);
  const partialChecksum = join(options.outDir, `.${checksumName}.partial-${context.suffix}`);
  const partialSbom = join(options.outDir, `.${sbomName}.partial-${context.suffix}`);
  context.partials.push(partialManifest, partialChecksum, partialSbom);
  await writeFile(partialSbom, sbomText, { mode: 0o644 });
  await writeFile(partialManifest, serializeManifest(manifest), { mode: 0o644 });
  await writeFile(partialChecksum, checksumLine(packed.sha256, fileName), { mode: 0o644 });
  throwIfAborted(signal, 'The build');

  const imagePath = join(options.outDir, fileName);
  const manifestPath = join(options.outDir, manifestName);
  const checksumPath = join(options.outDir, checksumName);
  const sbomPath = join(options.outDir, sbomName);
  for (const [from, to] of [
    [partialImage, imagePath],
    [partialSbom, sbomPath],
    [partialManifest, manifestPath],
    [partialChecksum, checksumPath],
  ] as const) {
    await rename(from, to);
    context.placed.push(to);
  }
  context.partials.length = 0;
  context.placed.length = 0;
  return { imagePath, manifestPath, checksumPath, sbomPath, manifest, validation };
}

/**
 * The second build of --verify-reproducible: the same options, fresh (its own work folder and
 * root, a fresh dnf install, no root or block cache), its outputs in a scratch folder of the
 * first build. Identical bytes pass; otherwise the members that differ are named.
 */
async function rebuildAndCompare(
  options: BuildOptions & { outDir: string; cacheDir: string },
  context: BuildContext,
  firstImage: string,
  firstSha256: string,
  report: (fraction?: number, detail?: string) => void,
): Promise<{ verified: true; secondSha256: string }> {
  const scratchOut = join(context.workDir, 'reproducible-check');
  const second = await buildImage({
    ...options,
    outDir: scratchOut,
    outName: context.name,
    verifyReproducible: false,
    fresh: true,
    onProgress: (event) => {
      if (event.kind === 'step' && event.label) report(undefined, `second build: ${event.label.toLowerCase()}`);
      else if (event.kind === 'log') options.onProgress?.({ ...event, step: 'verify-reproducible' });
    },
  });
  const secondSha256 = second.manifest.output.sha256;
  if (secondSha256 === firstSha256) {
    await rm(scratchOut, { recursive: true, force: true });
    return { verified: true, secondSha256 };
  }
  report(undefined, 'comparing the two images');
  const comparison = await compareArchives(firstImage, second.imagePath, { scratch: join(context.workDir, 'diffoscope'), signal: options.signal });
  const lines = comparison.differences.map((difference) => `${difference.path}: ${difference.what}`);
  if (comparison.total > comparison.differences.length) lines.push(`… and ${comparison.total - comparison.differences.length} more members`);
  if (comparison.diffoscope) lines.push('', 'diffoscope:', comparison.diffoscope);
  const first = comparison.differences[0];
  throw new AzlError('NOT_REPRODUCIBLE', `Two builds of this plan gave different images (SHA-256 ${firstSha256.slice(0, 12)}… and ${secondSha256.slice(0, 12)}…)${first ? `; the first difference is ${first.path} (${first.what})` : ''}.`, {
    hint: 'Something in the profile (a script, a package scriptlet) writes what changes on every build; docs/reproducibility.md lists what the build makes stable and what it cannot. Install diffoscope for a detailed comparison.',
    detail: lines.join('\n'),
  });
}
