import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { AzlError } from '../../../../common/errors.js';
import { COMMAND_LINE } from '../../../../common/source-location.js';
import { applyRepositoryOverrides } from '../../../../rootfs/plan/repository-overrides.js';
import { readProfile } from '../../../../rootfs/profile/read-profile.js';

const plan = await readProfile({ profilePath: resolve('rootfs/samples/azl4/images.toml'), image: 'wsl', arch: 'aarch64' });

test('add appends command-line repositories after the profile ones, with variables substituted', () => {
  const result = applyRepositoryOverrides(plan, { add: ['https://mirror.example/$releasever/$basearch', 'file:///srv/repo,gpgkey=/keys/k.asc'], set: [] });
  assert.equal(result.repositories.length, 3);
  assert.equal(result.repositories[0].alias, 'azurelinux-base');
  assert.deepEqual(result.repositories[1], { alias: 'cli-1', url: 'https://mirror.example/4.0/aarch64', gpgKeys: [], source: COMMAND_LINE });
  assert.deepEqual(result.repositories[2], { alias: 'cli-2', url: 'file:///srv/repo', gpgKeys: ['file:///keys/k.asc'], source: COMMAND_LINE });
  assert.equal(plan.repositories.length, 1, 'the input plan is not changed');
});

test('set replaces every profile repository; add still appends after it', () => {
  const result = applyRepositoryOverrides(plan, { set: ['https://packages.microsoft.com/azurelinux/$releasever/prod/base/$basearch,gpgkey=https://example/k'], add: ['/srv/local'] });
  assert.deepEqual(
    result.repositories.map((repo) => [repo.alias, repo.url, repo.gpgKeys]),
    [
      ['cli-1', 'https://packages.microsoft.com/azurelinux/4.0/prod/base/aarch64', ['https://example/k']],
      ['cli-2', 'file:///srv/local', []],
    ],
  );
});

test('no overrides leaves the plan as it is; bad entries are usage errors', () => {
  assert.equal(applyRepositoryOverrides(plan, { add: [], set: [] }), plan);
  assert.throws(() => applyRepositoryOverrides(plan, { add: ['not a url'], set: [] }), (error: unknown) => error instanceof AzlError && error.code === 'USAGE');
  assert.throws(() => applyRepositoryOverrides(plan, { add: ['https://x/,priority=1'], set: [] }), (error: unknown) => error instanceof AzlError && error.code === 'USAGE' && /priority=1/.test(error.message));
});

test('overrides applied twice never give two repositories the same alias', async () => {
  const plan = await readProfile({ profilePath: resolve('rootfs/samples/azl4/images.toml'), image: 'wsl', arch: 'x86_64' });
  const once = applyRepositoryOverrides(plan, { set: ['file:///a'], add: [] });
  const twice = applyRepositoryOverrides(once, { set: [], add: ['file:///b'] });
  assert.deepEqual(twice.repositories.map((repo) => [repo.alias, repo.url]), [['cli-1', 'file:///a'], ['cli-2', 'file:///b']]);
});
