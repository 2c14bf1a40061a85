import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AzlError } from '../../../../common/errors.js';
import { checkProfileUnchanged, checkRepositoriesUnchanged, profileDigest, reviewDigest, type PlanReview, type ReviewedResolution } from '../../../../rootfs/build/plan-review.js';
import type { BuildPlan } from '../../../../rootfs/plan/build-plan.js';
import { samplePlan } from './sample-plan.js';

const here = { file: 'test.kiwi', line: 1 };

/** The sample plan as if read from `dir` (its files, a script and a carried repository in that folder). */
function planIn(dir: string, files: Record<string, string> = { 'test.kiwi': 'a'.repeat(64), 'config.sh': 'b'.repeat(64) }): BuildPlan {
  return samplePlan({
    profilePath: `${dir}/test.kiwi`,
    descriptionDir: dir,
    scripts: [{ kind: 'config-sh', path: `${dir}/config.sh`, args: [], env: {}, source: here }],
    repositories: [{ alias: 'cli-1', url: `file://${dir}-repos/1`, gpgKeys: [`file://${dir}-keys/1-key.asc`], source: here }],
    descriptionFiles: Object.entries(files).map(([path, sha256]) => ({ path, sha256 })),
  });
}

function resolution(plan: BuildPlan): ReviewedResolution {
  return { plan, parity: { sourceProfile: 'wsl', sourceImageType: 'wsl', transformed: false, entries: [] }, rpmDatabase: { path: '/usr/lib/sysimage/rpm', from: 'the macros of rpm.rpm' } };
}

const states = [{ alias: 'cli-1', metadata: 'c'.repeat(64) }];

test('the digests do not depend on where the profile was read (a builder job folder, this machine)', () => {
  const inJob = planIn('/opt/azl-wsl/jobs/1/profile');
  const inOtherJob = planIn('/opt/azl-wsl/jobs/2/profile');
  assert.equal(reviewDigest(resolution(inJob), states), reviewDigest(resolution(inOtherJob), states));
  assert.equal(profileDigest(inJob), profileDigest(inOtherJob));
  // …but they do depend on what was read and resolved.
  assert.notEqual(reviewDigest(resolution(inJob), [{ alias: 'cli-1', metadata: 'd'.repeat(64) }]), reviewDigest(resolution(inJob), states));
  assert.notEqual(reviewDigest(resolution({ ...inJob, packages: { ...inJob.packages, image: [{ name: 'tar', source: here }] } }), states), reviewDigest(resolution(inJob), states));
  assert.notEqual(profileDigest(planIn('/p', { 'test.kiwi': 'a'.repeat(64), 'config.sh': 'e'.repeat(64) })), profileDigest(planIn('/p')));
});

test('a changed, added or dropped description file is named; a changed repository is named', () => {
  const reviewed = planIn('/p');
  const review: PlanReview = { digest: reviewDigest(resolution(reviewed), states), profile: profileDigest(reviewed), repositories: states };
  assert.doesNotThrow(() => checkProfileUnchanged(review, reviewed, planIn('/elsewhere')));
  assert.throws(
    () => checkProfileUnchanged(review, reviewed, planIn('/p', { 'test.kiwi': 'a'.repeat(64), 'config.sh': 'f'.repeat(64), 'include.xml': '1'.repeat(64) })),
    (error: unknown) => error instanceof AzlError && error.code === 'REVIEW_OUTDATED' && /changed since the review: config\.sh, include\.xml/.test(error.message) && /include\.xml: newly read/.test(error.detail ?? ''),
  );
  assert.doesNotThrow(() => checkRepositoriesUnchanged(review, states));
  for (const now of [[{ alias: 'cli-1', metadata: 'd'.repeat(64) }], [{ alias: 'cli-1', metadata: null }], [...states, { alias: 'cli-2', metadata: '2'.repeat(64) }]]) {
    assert.throws(() => checkRepositoriesUnchanged(review, now), (error: unknown) => error instanceof AzlError && error.code === 'REVIEW_OUTDATED' && /repositories changed since the review: cli-/.test(error.message));
  }
});
