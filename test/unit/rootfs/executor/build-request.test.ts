import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AzlError } from '../../../../common/errors.js';
import { buildRequest, resolveRequest } from '../../../../rootfs/executor/build-request.js';
import type { BuildChoices, ReviewedBuild } from '../../../../rootfs/executor/build-executor.js';

const choices: BuildChoices = { profilePath: '/profiles/images.toml', image: 'wsl', repo: [], setRepo: ['file:///repo'], gpgCheck: true };
const output = { outDir: '/out', format: 'wsl' as const };

test('one request for a review and a build of the same choices; the place is not a choice', () => {
  const review = resolveRequest(choices, { cacheDir: '/cache' });
  const build = buildRequest(choices, { cacheDir: '/other-cache' }, output);
  const { cacheDir: _a, network: _b, ...reviewed } = review;
  const { cacheDir: _c, network: _d, outDir: _e, format: _f, ...built } = build;
  assert.deepEqual(built, reviewed);
});

test('a build of a review asks for exactly what was reviewed, or is refused naming what differs', () => {
  const reviewed = { choices: resolveRequest(choices) } as unknown as ReviewedBuild;
  assert.equal(buildRequest(choices, {}, output, reviewed).reviewed, reviewed);
  assert.throws(
    () => buildRequest({ ...choices, setRepo: ['file:///mirror'], gpgCheck: false }, {}, output, reviewed),
    (error: unknown) => error instanceof AzlError && error.code === 'REVIEW_OUTDATED' && /the repositories \(--set-repo\), signature checking \(--no-gpgcheck\) differ/.test(error.message),
  );
  // The builder's job checks nothing here: its choices were checked on the caller's side.
  assert.doesNotThrow(() => buildRequest({ ...choices, profilePath: '/opt/azl-wsl/jobs/1/profile/images.toml' }, {}, output, { ...reviewed, choices: undefined }));
});
