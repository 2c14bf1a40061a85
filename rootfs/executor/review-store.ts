/**
 * Reviews kept between commands: `azl-wsl plan --transform` writes its review under the cache
 * folder, named by its digest, and `azl-wsl build --review-digest D` reads it back. A file that
 * no longer hashes to its name is refused, like a missing one: the build would not be the review.
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { AzlError } from '../../common/errors.js';
import { reviewDigest } from '../build/plan-review.js';
import type { ResolveResult } from './build-executor.js';

/** Reviews kept; the oldest beyond this go when a new one is written. */
const KEPT_REVIEWS = 32;

const DIGEST = /^[0-9a-f]{64}$/;

function reviewsDir(cacheDir: string): string {
  return join(cacheDir, 'reviews');
}

/** Writes `result` as `<cacheDir>/reviews/<digest>.json`; returns its path. */
export async function saveReview(cacheDir: string, result: ResolveResult): Promise<string> {
  const dir = reviewsDir(cacheDir);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${result.review.digest}.json`);
  await writeFileAtomic(path, JSON.stringify(result));
  const kept = await Promise.all((await readdir(dir)).filter((name) => name.endsWith('.json')).map(async (name) => ({ name, mtime: (await stat(join(dir, name))).mtimeMs })));
  for (const { name } of kept.sort((a, b) => b.mtime - a.mtime).slice(KEPT_REVIEWS)) await rm(join(dir, name), { force: true });
  return path;
}

/** The review named `digest`, as it was written. */
export async function loadReview(cacheDir: string, digest: string): Promise<ResolveResult> {
  const again = 'Run azl-wsl plan --transform with the same options again; it prints the digest to build.';
  if (!DIGEST.test(digest)) throw new AzlError('USAGE', `"${digest}" is not a review digest (64 hexadecimal digits).`, { hint: again });
  const path = join(reviewsDir(cacheDir), `${digest}.json`);
  let result: ResolveResult;
  try {
    result = JSON.parse(await readFile(path, 'utf8')) as ResolveResult;
  } catch {
    throw new AzlError('REVIEW_OUTDATED', `There is no review ${digest.slice(0, 12)}… in ${reviewsDir(cacheDir)}.`, { hint: again });
  }
  if (result.review?.digest !== digest || reviewDigest(result, result.review.repositories) !== digest) {
    throw new AzlError('REVIEW_OUTDATED', `The review file ${path} does not hold review ${digest.slice(0, 12)}….`, { hint: again });
  }
  return result;
}
