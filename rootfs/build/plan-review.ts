/**
 * The reviewed plan is the built plan. A review (executor `resolve`) ends with a stamp: a digest
 * of the resolved WSL plan (with its parity report and rpm database decision) plus the state of
 * every repository it read, and a digest of the profile as read. A build started from that review
 * (the app's wizard, `azl-wsl build --review-digest D`) checks the stamp where the files and dnf
 * are, refuses clearly when the profile or the repositories changed since, and otherwise builds
 * the reviewed plan without running the transform again.
 *
 * Every digest is over path-independent data (description files relative to their folder,
 * repositories by alias), so a review made inside a WSL builder's job folder and a build in
 * another job folder of the same profile agree.
 */
import { createHash } from 'node:crypto';
import { AzlError } from '../../common/errors.js';
import type { BuildPlan } from '../plan/build-plan.js';
import type { ParityReport } from '../transform/parity-report.js';
import type { RpmDatabasePath } from './rpm-database-path.js';
import { repositoryMetadataDigest } from './root-cache.js';

/** One repository's metadata as the review saw it (SHA-256 of repomd.xml; null when it could not be read). */
export interface RepositoryState {
  alias: string;
  metadata: string | null;
}

/** The review's stamp, returned with the resolved plan and given back with a build from it. */
export interface PlanReview {
  /** SHA-256 over the resolved plan, its parity report, the rpm database path and `repositories`: what a build from this review builds. */
  digest: string;
  /** SHA-256 over what the profile resolved to and every description file read (path-independent). */
  profile: string;
  repositories: RepositoryState[];
}

/** What a review resolved: the WSL plan, its parity report and where the image's rpm database goes. */
export interface ReviewedResolution {
  plan: BuildPlan;
  parity: ParityReport;
  rpmDatabase: RpmDatabasePath;
}

/** JSON with object keys sorted, so equal data always hashes alike (plans travel as JSON). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The plan without where its folder is: the description files by their relative paths. */
function withoutLocation(plan: BuildPlan): unknown {
  const replace = (text: string): string => (text === plan.descriptionDir ? '<description>' : text.startsWith(`${plan.descriptionDir}/`) ? `<description>${text.slice(plan.descriptionDir.length)}` : text);
  const strip = (value: unknown): unknown => {
    if (typeof value === 'string') return replace(value);
    if (Array.isArray(value)) return value.map(strip);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, strip(item)]));
    return value;
  };
  const { profilePath: _profilePath, descriptionDir: _descriptionDir, repositories, ...rest } = plan;
  // Repositories are named by alias: a local one's URL is the job folder's copy inside a builder.
  return strip({ ...rest, repositories: repositories.map(({ url: _url, gpgKeys: _keys, ...repository }) => repository) });
}

/** The profile as read (before the transform): what it resolved to and the bytes of every file read. */
export function profileDigest(sourcePlan: BuildPlan): string {
  const { format, imageName, profileName, arch, releaseVersion, imageType, descriptionFiles } = sourcePlan;
  return sha256(canonicalJson({ format, imageName, profileName, arch, releaseVersion: releaseVersion.value, imageType: imageType.value, descriptionFiles: descriptionFiles ?? [] }));
}

/** The digest of a review: the resolution (path-independent) and the repository state. */
export function reviewDigest(resolution: ReviewedResolution, repositories: readonly RepositoryState[]): string {
  return sha256(canonicalJson({ plan: withoutLocation(resolution.plan), parity: resolution.parity, rpmDatabase: resolution.rpmDatabase.path, repositories }));
}

/** The state of every repository of `plan`, as dnf's cache (or the local folder) has it now. */
export async function repositoryStates(plan: Pick<BuildPlan, 'repositories'>, dnfCacheDir: string): Promise<RepositoryState[]> {
  const states: RepositoryState[] = [];
  for (const repository of plan.repositories) states.push({ alias: repository.alias, metadata: (await repositoryMetadataDigest(repository.url, repository.alias, dnfCacheDir)) ?? null });
  return states;
}

/** The stamp of a review that resolved `resolution` from `sourcePlan`. */
export async function stampReview(sourcePlan: BuildPlan, resolution: ReviewedResolution, dnfCacheDir: string): Promise<PlanReview> {
  const repositories = await repositoryStates(resolution.plan, dnfCacheDir);
  return { digest: reviewDigest(resolution, repositories), profile: profileDigest(sourcePlan), repositories };
}

const REVIEW_AGAIN = 'Review the plan again (the wizard\'s Review step, or azl-wsl plan --transform), then build from the new review.';

/** Refuses when the profile as read now is not the one reviewed, naming the description files that changed. */
export function checkProfileUnchanged(review: PlanReview, reviewedPlan: BuildPlan, sourcePlan: BuildPlan): void {
  if (profileDigest(sourcePlan) === review.profile) return;
  const before = new Map((reviewedPlan.descriptionFiles ?? []).map((file) => [file.path, file.sha256]));
  const now = new Map((sourcePlan.descriptionFiles ?? []).map((file) => [file.path, file.sha256]));
  const changed = [...new Set([...before.keys(), ...now.keys()])].filter((path) => before.get(path) !== now.get(path)).sort();
  throw new AzlError('REVIEW_OUTDATED', `The profile changed since the review${changed.length > 0 ? `: ${changed.join(', ')}` : ''}.`, {
    hint: REVIEW_AGAIN,
    detail: changed.map((path) => `${path}: ${before.has(path) ? (now.has(path) ? 'changed' : 'no longer read') : 'newly read'}`).join('\n') || undefined,
  });
}

/** Refuses when a repository's metadata is not what the review saw (or cannot be read now). */
export function checkRepositoriesUnchanged(review: PlanReview, now: readonly RepositoryState[]): void {
  const current = new Map(now.map((state) => [state.alias, state.metadata]));
  const changed = review.repositories.filter((state) => state.metadata === null || current.get(state.alias) !== state.metadata).map((state) => state.alias);
  const added = now.filter((state) => !review.repositories.some((seen) => seen.alias === state.alias)).map((state) => state.alias);
  if (changed.length === 0 && added.length === 0) return;
  throw new AzlError('REVIEW_OUTDATED', `The repositories changed since the review: ${[...changed, ...added].join(', ')}.`, {
    hint: REVIEW_AGAIN,
    detail: [...changed.map((alias) => `${alias}: its metadata (repomd.xml) is not the one reviewed`), ...added.map((alias) => `${alias}: not in the review`)].join('\n'),
  });
}
