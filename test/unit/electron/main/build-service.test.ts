import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { BuildService } from '../../../../electron/main/build-service.js';
import { JobManager } from '../../../../electron/main/job-manager.js';
import { standardCatalog } from '../../../../electron/main/catalog.js';
import type { BuildExecutor, BuildRequest, ExecutorKind, ExecutorResult, ResolveRequest } from '../../../../rootfs/executor/build-executor.js';
import type { ImageManifest } from '../../../../rootfs/manifest/image-manifest.js';
import { fakeResolution } from './fake-resolution.js';
import { choicesOf } from '../../../../rootfs/executor/build-request.js';

const profilesDir = fileURLToPath(new URL('../../../../rootfs/samples', import.meta.url));

/** An executor that records the request and "builds" (or resolves) instantly. */
function fakeExecutor(kind: ExecutorKind, description: string) {
  const requests: BuildRequest[] = [];
  const resolves: ResolveRequest[] = [];
  const executor: BuildExecutor = {
    kind,
    description,
    async build(request) {
      requests.push(request);
      const manifest = { output: { bytes: 1234, sha256: 'ab'.repeat(32), file: 'x.wsl' }, packages: [{}, {}, {}], validation: { warnings: 0 } } as unknown as ImageManifest;
      const result: ExecutorResult = { imagePath: `${request.outDir}/x.wsl`, manifestPath: `${request.outDir}/x.manifest.json`, checksumPath: `${request.outDir}/x.wsl.sha256`, manifest };
      return result;
    },
    async resolve(request) {
      resolves.push(request);
      return fakeResolution(request, ['bash', 'wsl-setup']);
    },
  };
  return { executor, requests, resolves };
}

function service(executor: BuildExecutor) {
  const jobs = new JobManager({ onUpdate: () => {}, onLog: () => {}, onFinished: () => {} });
  const builds = new BuildService({
    catalog: standardCatalog(profilesDir),
    jobs,
    outputDir: () => '/images',
    repositories: () => ({ add: [], set: ['file:///repo,gpgkey=file:///key'] }),
    gpgCheck: true,
    cacheDir: '/cache',
    executor: async () => executor,
  });
  return { jobs, builds };
}

test('a build runs on the executor chosen for this machine, with the catalog entry\'s profile, image and repositories', async () => {
  const { executor, requests } = fakeExecutor('local', 'this machine');
  const { jobs, builds } = service(executor);
  const job = await builds.start({ kind: 'catalog', id: 'azl4-marketplace-gen2' });
  const done = await jobs.settled(job.id);
  assert.equal(done?.state, 'succeeded');
  assert.equal(done?.image?.packageCount, 3);
  assert.equal(requests.length, 1);
  const request = requests[0]!;
  assert.equal(request.profilePath, `${profilesDir}/azl4/images.toml`);
  assert.equal(request.image, 'marketplace-gen2');
  assert.deepEqual([request.repo, request.setRepo], [[], ['file:///repo,gpgkey=file:///key']]);
  assert.equal(request.outDir, '/images');
  assert.equal(request.format, 'wsl');
  assert.equal(request.cacheDir, '/cache');
  assert.ok(jobs.log(job.id)?.some((line) => line.text === 'Building on this machine.'));
});

test('on the WSL builder the local cache folder is not passed (the builder keeps its own) and the log says where it ran', async () => {
  const { executor, requests } = fakeExecutor('wsl-distro', 'WSL distro azl-wsl-builder-4.0');
  const { jobs, builds } = service(executor);
  const job = await builds.start({ kind: 'catalog', id: 'azl4-wsl' });
  assert.equal((await jobs.settled(job.id))?.state, 'succeeded');
  assert.equal(requests[0]!.cacheDir, undefined);
  assert.ok(jobs.log(job.id)?.some((line) => line.text === 'Building on WSL distro azl-wsl-builder-4.0.'));
});

test('the review job asks the executor chosen for this machine (the WSL builder on Windows) and shows its plan and parity', async () => {
  const { executor, resolves } = fakeExecutor('wsl-distro', 'the WSL builder distro');
  const { jobs, builds } = service(executor);
  const job = await builds.startReview({ kind: 'catalog', id: 'azl4-marketplace-gen2' });
  assert.equal(job.kind, 'review');
  const done = await jobs.settled(job.id);
  assert.equal(done?.state, 'succeeded');
  const review = done.review!;
  assert.equal(review.outputFile, '/images/AzureLinux-4-x86_64.wsl', 'the review says which file the build writes');
  assert.equal(review.arch, 'x86_64');
  assert.equal(resolves.length, 1, 'resolved once, by the executor');
  assert.equal(resolves[0]!.image, 'marketplace-gen2');
  assert.deepEqual(resolves[0]!.setRepo, ['file:///repo,gpgkey=file:///key']);
  assert.equal(resolves[0]!.cacheDir, undefined, 'the builder keeps its own cache');
  assert.equal(review.imageType, 'oem');
  assert.equal(review.transformed, true);
  assert.deepEqual(review.packages, ['bash', 'filesystem', 'wsl-setup']);
  assert.deepEqual(review.repositories, ['file:///repo']);
  assert.deepEqual(review.parity.map((entry) => [entry.subject, entry.source]), [['WALinuxAgent', 'AzureLinux.kiwi:12']]);
});

test('a build started from a review carries out that review\'s plan; an unknown review or another source is refused before any job', async () => {
  const { executor, requests, resolves } = fakeExecutor('local', 'this machine');
  const { jobs, builds } = service(executor);
  const source = { kind: 'catalog', id: 'azl4-marketplace-gen2' } as const;
  const reviewJob = await builds.startReview(source);
  const digest = (await jobs.settled(reviewJob.id))?.review?.digest;
  assert.match(digest ?? '', /^[0-9a-f]{64}$/, 'the review names its plan');

  const job = await builds.start(source, { reviewDigest: digest });
  assert.equal((await jobs.settled(job.id))?.state, 'succeeded');
  assert.equal(resolves.length, 1, 'not resolved again');
  assert.equal(requests[0]!.reviewed?.review.digest, digest, 'the executor builds the reviewed plan');
  assert.deepEqual(requests[0]!.reviewed?.choices, choicesOf(resolves[0]!), 'with the choices it was reviewed with');
  assert.ok(jobs.log(job.id)?.some((line) => line.text === 'Building the reviewed plan on this machine.'));

  await assert.rejects(builds.start(source, { reviewDigest: 'f'.repeat(64) }), (error: Error & { code?: string }) => error.code === 'REVIEW_OUTDATED');
  await assert.rejects(builds.start({ kind: 'catalog', id: 'azl4-wsl' }, { reviewDigest: digest }), (error: Error & { code?: string }) => error.code === 'INVALID_ARGUMENT');
  assert.equal(requests.length, 1, 'no build was started for either');
});

test('a local profile file: its choices with descriptions; a relative path is refused with the reason', async () => {
  const { executor } = fakeExecutor('local', 'this machine');
  const { builds } = service(executor);
  const samples = new URL('../../../../rootfs/samples/azl4/', import.meta.url).pathname;
  const kiwi = await builds.inspectProfile(`${samples}AzureLinux.kiwi`);
  assert.equal(kiwi.selects, 'kiwi-profile');
  assert.equal(kiwi.required, true);
  for (const name of ['core', 'marketplace-gen2', 'wsl']) assert.ok(kiwi.choices.some((choice) => choice.name === name), name);
  assert.equal(kiwi.choices.find((choice) => choice.name === 'wsl')?.description, 'Azure Linux WSL Image');
  const toml = await builds.inspectProfile(`${samples}images.toml`);
  assert.equal(toml.selects, 'image');
  assert.equal(toml.choices.find((choice) => choice.name === 'wsl')?.kiwiProfile, 'wsl');
  await assert.rejects(builds.inspectProfile('AzureLinux.kiwi'), (error: Error & { code?: string; hint?: string }) => error.code === 'PROFILE_NOT_FOUND' && /not a full path/.test(error.message) && /Browse/.test(error.hint ?? ''));
  await assert.rejects(builds.startReview({ kind: 'profile', path: 'images.toml' }), /not a full path/);
  await assert.rejects(builds.startReview({ kind: 'image', path: 'backup.wsl' }), /not a full path/);
});
