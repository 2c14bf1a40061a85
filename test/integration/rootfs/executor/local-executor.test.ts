/**
 * LocalExecutor.resolve on the fixture repository: the review's answer (WSL plan, parity report,
 * source summary, the stamp a build from it is checked against) from a real dnf query, with the
 * build's own available-names cache; a build from a review refused when the profile or the
 * repositories changed since.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '../../../../common/progress.js';
import { availableNamesCacheDir } from '../../../../rootfs/build/available-names-cache.js';
import { findOnPath } from '../../../../rootfs/build/package-manager.js';
import type { ResolveRequest } from '../../../../rootfs/executor/build-executor.js';
import { LocalExecutor } from '../../../../rootfs/executor/local-executor.js';
import { buildRequest, resolveRequest } from '../../../../rootfs/executor/build-request.js';
import type { AzlError } from '../../../../common/errors.js';
import { ensureFixtureRepos, type FixtureRepos } from '../../../fixtures/fixture-repos.js';
import { startHeldRepository } from '../../../fixtures/held-repository.js';

const profile = fileURLToPath(new URL('../../../../rootfs/samples/azl4/images.toml', import.meta.url));
const noDnf = (await findOnPath('dnf')) === undefined && (await findOnPath('dnf5')) === undefined;
const skip = noDnf ? 'dnf is not installed here: resolve asks the repositories with dnf' : false;

let repos: FixtureRepos;
let work: string;

before(async () => {
  if (skip) return;
  repos = await ensureFixtureRepos();
  work = await mkdtemp(join(tmpdir(), 'azl-resolve-'));
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function request(extra: Partial<ResolveRequest> = {}): ResolveRequest {
  return {
    profilePath: profile,
    image: 'marketplace-gen2',
    repo: [],
    setRepo: [`file://${repos.azl4},gpgkey=file://${repos.gpgKey}`],
    gpgCheck: true,
    cacheDir: join(work, 'cache'),
    ...extra,
  };
}

test('resolve turns the 4.0 marketplace-gen2 profile into the WSL plan and says what changed and why', { skip }, async () => {
  const scratch = join(work, 'scratch');
  const events: ProgressEvent[] = [];
  const result = await new LocalExecutor({ workDir: scratch }).resolve(request(), { onProgress: (event) => events.push(event) });

  const agent = result.parity.entries.find((entry) => entry.subject === 'WALinuxAgent');
  assert.equal(agent?.action, 'removed-package');
  assert.match(agent?.reason ?? '', /Azure VM agent/);
  assert.equal(agent?.source?.file, 'components/common.xml', 'the CloudCore block names it');
  // A dependent of a removed package goes with its chain, and the review names the file the build will write.
  assert.match(result.parity.entries.find((entry) => entry.subject === 'grubby')?.reason ?? '', /requires `grub2-tools-minimal`, which WSL removes/);
  assert.equal(result.outputName, 'AzureLinux-4-marketplace-gen2-x86_64');
  // The swap happens only because the query found azurelinux-release-wsl in the repository.
  const swap = result.parity.entries.find((entry) => entry.action === 'swapped-package');
  assert.deepEqual([swap?.subject, swap?.replacement], ['azurelinux-release-cloud', 'azurelinux-release-wsl']);
  assert.equal(result.parity.transformed, true);

  const names = [...result.plan.packages.bootstrap, ...result.plan.packages.image].map((ref) => ref.name);
  assert.equal(result.plan.imageType.value, 'wsl');
  assert.ok(names.includes('wsl-setup') && !names.includes('WALinuxAgent') && !names.includes('kernel'));
  assert.deepEqual(result.plan.repositories.map((repo) => repo.url), [`file://${repos.azl4}`]);

  assert.equal(result.sourcePlan.profileName, 'marketplace-gen2');
  assert.equal(result.sourcePlan.imageType, 'oem');
  assert.equal(result.sourcePlan.profilePath, profile);
  assert.ok(result.sourcePlan.packages.image > 0 && result.sourcePlan.packages.bootstrap > 0);

  assert.ok(events.some((event) => event.kind === 'step-done' && event.step === 'resolve'), 'the resolve step is reported');
  assert.deepEqual(await readdir(scratch), [], 'the query root and dnf HOME are removed');
  assert.equal((await readdir(availableNamesCacheDir(join(work, 'cache', 'dnf')))).length, 1, 'the build\'s available-names cache was filled');
});

test('a profile that already describes a WSL image resolves unchanged, with an empty parity report', { skip }, async () => {
  const result = await new LocalExecutor().resolve(request({ image: 'wsl' }));
  assert.equal(result.parity.transformed, false);
  assert.deepEqual(result.parity.entries, []);
  assert.equal(result.sourcePlan.imageType, 'wsl');
});

test('a cancelled resolve reports CANCELLED', { skip }, async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(new LocalExecutor().resolve(request(), { signal: controller.signal }), { code: 'CANCELLED' });
});

test('a repository over HTTP: the names dnf found are remembered under that URL\'s own metadata, so the next review reuses them', { skip }, async () => {
  const served = await startHeldRepository(repos.azl4);
  served.release();
  try {
    const cacheDir = join(work, 'http-cache');
    const overHttp = request({ image: 'wsl', setRepo: [`${served.url},gpgkey=file://${repos.gpgKey}`], cacheDir });
    await new LocalExecutor().resolve(overHttp);
    // The entry is written only if the metadata folder dnf really created is the one looked for.
    const entries = await readdir(availableNamesCacheDir(join(cacheDir, 'dnf')));
    assert.equal(entries.length, 1, `dnf's folders: ${(await readdir(join(cacheDir, 'dnf'))).join(', ')}`);
    const again = await new LocalExecutor().resolve(overHttp);
    assert.deepEqual(await readdir(availableNamesCacheDir(join(cacheDir, 'dnf'))), entries, 'the same repository state, the same entry');
    assert.equal(again.parity.transformed, false);
  } finally {
    await served.close();
  }
});

test('a build from a review refuses, before installing anything, when the profile or a repository changed since', { skip }, async () => {
  const dir = await mkdtemp(join(work, 'reviewed-'));
  const profileDir = join(dir, 'profile');
  await cp(fileURLToPath(new URL('../../../../rootfs/samples/azl4/', import.meta.url)), profileDir, { recursive: true, verbatimSymlinks: true });
  // The fixture repository's packages, with metadata of its own that this test can change.
  const repo = join(dir, 'repo');
  await mkdir(repo);
  for (const name of await readdir(repos.azl4)) {
    if (name === 'repodata') await cp(join(repos.azl4, name), join(repo, name), { recursive: true });
    else await symlink(join(repos.azl4, name), join(repo, name));
  }
  const choices = { profilePath: join(profileDir, 'images.toml'), image: 'wsl', repo: [], setRepo: [`file://${repo},gpgkey=file://${repos.gpgKey}`], gpgCheck: true };
  const place = { cacheDir: join(work, 'cache') };
  const executor = new LocalExecutor({ workDir: join(dir, 'work') });
  const reviewed = await executor.resolve(resolveRequest(choices, place));
  assert.match(reviewed.review.digest, /^[0-9a-f]{64}$/);
  assert.deepEqual(reviewed.review.repositories.map((state) => state.alias), ['cli-1']);
  assert.equal((await executor.resolve(resolveRequest(choices, place))).review.digest, reviewed.review.digest, 'the same profile and repositories, the same review');
  const outDir = join(dir, 'out');
  const refused = (pattern: RegExp) => (error: AzlError) => error.code === 'REVIEW_OUTDATED' && pattern.test(error.message) && /Review the plan again/.test(error.hint ?? '');

  const toml = join(profileDir, 'images.toml');
  const original = await readFile(toml, 'utf8');
  await appendFile(toml, '\n# edited after the review\n');
  await assert.rejects(executor.build(buildRequest(choices, place, { outDir, format: 'wsl' }, reviewed)), refused(/profile changed since the review: images\.toml/));
  await writeFile(toml, original);

  await appendFile(join(repo, 'repodata', 'repomd.xml'), '<!-- republished -->\n');
  await assert.rejects(executor.build(buildRequest(choices, place, { outDir, format: 'wsl' }, reviewed)), refused(/repositories changed since the review: cli-1/));
  assert.deepEqual(await readdir(outDir).catch(() => []), [], 'nothing was written');
});
