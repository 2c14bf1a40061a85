/**
 * The WSL builder path end to end through the wsl.exe simulator: the fixture builder base
 * (Debian userland + dnf + rpm + Node, in a loopback registry) is pulled, flattened and
 * imported as the hidden builder; the azl4 sample profile is built inside it by the bundled
 * engine; the .wsl comes back checked and installs. Also: reuse, refresh on a moved tag,
 * cancel, removal, and proxy credentials that never leak.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressEvent } from '../../../../common/progress.js';
import type { BuildRequest } from '../../../../rootfs/executor/build-executor.js';
import { resolveProxySettings } from '../../../../rootfs/oci/proxy-settings.js';
import type { ImageManifest } from '../../../../rootfs/manifest/image-manifest.js';
import { runProgram } from '../../../../common/run-program.js';
import { builderStatus, ensureBuilder, removeBuilder } from '../../../../wsl/builder/builder-distro.js';
import { builderLocation, builderName } from '../../../../wsl/builder/builder-names.js';
import { WslDistroExecutor } from '../../../../wsl/builder/wsl-distro-executor.js';
import { installDistro } from '../../../../wsl/install/install-distro.js';
import { ensureFixtureRepos, type FixtureRepos } from '../../../fixtures/fixture-repos.js';
import { ensureBuilderBaseLayout, pushBuilderBase, type BuilderBaseLayout } from '../../../fixtures/builder-base/builder-base.js';
import { startRegistry, type RunningRegistry } from '../../../fixtures/oci/docker-registry.js';
import { createHarness, type Harness } from '../sim-helpers.js';

const profiles = fileURLToPath(new URL('../../../../rootfs/samples/', import.meta.url));
const cli = fileURLToPath(new URL('../../../../cli/azl-wsl.mjs', import.meta.url));
const SECRET = 's3cr3t-Pa55';
const BUILDER = builderName('4.0');

let repos: FixtureRepos;
let layout: BuilderBaseLayout;
let registry: RunningRegistry;
let reference: string;
let h: Harness;
let work: string;
let dataDir: string;

before(async () => {
  [repos, layout] = await Promise.all([ensureFixtureRepos(), ensureBuilderBaseLayout()]);
  registry = await startRegistry();
  reference = await pushBuilderBase(layout, 'v1', registry.host);
  h = await createHarness({ idleTimeoutMs: 60_000 });
  work = await mkdtemp(join(tmpdir(), 'azl-builder-it-'));
  dataDir = join(work, 'data');
});
after(async () => {
  await h?.sim.dispose();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function builderOptions() {
  return { ...h.call, baseImage: reference, plainHttp: true, dataDir };
}

function request(outDir: string, extra: Partial<BuildRequest> = {}): BuildRequest {
  return {
    profilePath: join(profiles, 'azl4/images.toml'),
    image: 'wsl',
    repo: [],
    setRepo: [`file://${repos.azl4},gpgkey=file://${repos.gpgKey}`],
    outDir,
    format: 'wsl',
    gpgCheck: true,
    ...extra,
  };
}

/** The CLI as a user runs it, against the simulator and this test's registry and data folder. */
async function azl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...h.call.env, AZL_WSL_DATA_DIR: dataDir, HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' };
  // Asynchronous on purpose: the simulator may answer from this process.
  const result = await runProgram(process.execPath, [cli, ...args, '--wsl', h.call.wslPath!], { env, name: 'azl-wsl' });
  return { code: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function jobsInBuilder(): Promise<string> {
  return (await h.run(BUILDER, ['sh', '-c', 'ls -A /opt/azl-wsl/jobs 2>/dev/null || true'])).out.trim();
}

describe('the WSL builder path', { concurrency: false }, () => {
  test('builds the sample profile inside the builder, brings the .wsl back and installs it; no proxy secret leaks', async () => {
    const events: ProgressEvent[] = [];
    const outDir = join(work, 'out-1');
    const proxy = resolveProxySettings({ HTTPS_PROXY: `http://builder:${SECRET}@proxy.example.test:3128`, NO_PROXY: 'localhost,127.0.0.1' });
    const executor = new WslDistroExecutor(builderOptions());
    const result = await executor.build(
      request(outDir, { network: { proxy, caFiles: [], proxyIntoImage: true, caIntoImage: false } }),
      { onProgress: (event) => events.push(event) },
    );
    assert.equal((await h.distroNames()).includes(BUILDER), true, 'the builder is registered');
    assert.deepEqual((await readdir(outDir)).sort(), [result.imagePath, result.manifestPath, result.checksumPath, result.sbomPath!].map((p) => p.slice(outDir.length + 1)).sort());
    const image = await readFile(result.imagePath);
    const sha = createHash('sha256').update(image).digest('hex');
    assert.equal(result.manifest.output.sha256, sha);
    assert.match(await readFile(result.checksumPath, 'utf8'), new RegExp(`^${sha}  `));
    assert.equal(result.manifest.validation.errors, 0, 'the validator finds no errors');
    assert.equal(result.manifest.profile.path, join(profiles, 'azl4/images.toml'));
    assert.ok(result.manifest.parity.entries.some((entry) => entry.action === 'note' && entry.subject === 'proxy'), 'the proxy note is in the parity report');
    assert.ok(events.some((event) => event.kind === 'step' && event.step === 'builder-import'), 'builder import was reported');
    assert.ok(events.some((event) => event.kind === 'step-done' && event.step === 'resolve'), 'the engine\'s own steps come back as progress');
    assert.equal(await jobsInBuilder(), '', 'the job folder is gone from the builder');

    // Credentials: nowhere in the manifest, the progress, the wsl.exe argv or the builder's dnf.conf.
    assert.equal((await readFile(result.manifestPath, 'utf8')).includes(SECRET), false, 'manifest');
    assert.equal(JSON.stringify(events).includes(SECRET), false, 'progress events');
    assert.equal(JSON.stringify(h.logs).includes(SECRET), false, 'wsl.exe log entries');
    assert.equal(JSON.stringify(await h.sim.readArgvLog()).includes(SECRET), false, 'wsl.exe argv');
    assert.equal((await h.run(BUILDER, ['sh', '-c', 'cat /etc/dnf/dnf.conf 2>/dev/null; true'])).out.includes(SECRET), false, 'builder dnf.conf restored');

    const installed = await installDistro({
      ...h.call,
      file: result.imagePath,
      name: 'Built',
      location: join(work, 'built'),
      method: 'import',
      account: { user: 'maria', password: { kind: 'none' }, sudo: 'nopasswd' },
    });
    assert.equal(installed.name, 'Built');
    assert.equal((await h.runAsDefault('Built', ['id', '-un'])).out.trim(), 'maria');
    const proxyProfile = (await h.run('Built', ['cat', '/etc/profile.d/azl-proxy.sh'])).out;
    assert.match(proxyProfile, /https_proxy='http:\/\/proxy\.example\.test:3128'/);
    assert.equal(proxyProfile.includes(SECRET), false, 'no credentials in the image');
    assert.equal((await h.run('Built', ['grep', '-rl', SECRET, '/etc'])).out.trim(), '', 'no credentials anywhere in /etc');
  });

  test('a second build reuses the builder without importing again', async () => {
    const importsBefore = (await h.sim.readArgvLog()).filter((argv) => argv.includes('--import')).length;
    const ensured = await ensureBuilder(builderOptions());
    assert.equal(ensured.action, 'reused');
    const importsAfter = (await h.sim.readArgvLog()).filter((argv) => argv.includes('--import')).length;
    assert.equal(importsAfter, importsBefore);
  });

  test('the review resolves inside the builder: the WSL plan and parity come back with this side\'s paths, nothing left behind', async () => {
    const importsBefore = (await h.sim.readArgvLog()).filter((argv) => argv.includes('--import')).length;
    const events: ProgressEvent[] = [];
    const result = await new WslDistroExecutor(builderOptions()).resolve(
      { profilePath: join(profiles, 'azl4/images.toml'), image: 'marketplace-gen2', repo: [], setRepo: [`file://${repos.azl4},gpgkey=file://${repos.gpgKey}`], gpgCheck: true },
      { onProgress: (event) => events.push(event) },
    );
    const agent = result.parity.entries.find((entry) => entry.subject === 'WALinuxAgent');
    assert.equal(agent?.action, 'removed-package');
    assert.match(agent?.reason ?? '', /Azure VM agent/);
    assert.ok(result.parity.entries.some((entry) => entry.action === 'swapped-package' && entry.replacement === 'azurelinux-release-wsl'), 'the builder\'s dnf query found the WSL release package');
    assert.equal(result.plan.imageType.value, 'wsl');
    assert.equal(result.sourcePlan.imageType, 'oem');
    assert.equal(result.plan.profilePath, join(profiles, 'azl4/images.toml'), 'the profile is named as on this side');
    assert.deepEqual(result.plan.repositories.map((repo) => [repo.url, repo.gpgKeys]), [[`file://${repos.azl4}`, [`file://${repos.gpgKey}`]]]);
    assert.equal(JSON.stringify(result).includes('/opt/azl-wsl/jobs'), false, 'no path inside the builder leaks into the result');
    assert.ok(events.some((event) => event.kind === 'step-done' && event.step === 'resolve'), 'the engine\'s resolve step comes back as progress');
    assert.equal(await jobsInBuilder(), '', 'the job folder is gone from the builder');
    assert.equal((await h.sim.readArgvLog()).filter((argv) => argv.includes('--import')).length, importsBefore, 'the existing builder was used');
  });

  test('cancel mid-build leaves no partial output and no job folder', async () => {
    const outDir = join(work, 'out-cancel');
    const controller = new AbortController();
    const executor = new WslDistroExecutor(builderOptions());
    let caught: (Error & { code?: string }) | undefined;
    try {
      await executor.build(request(outDir), {
        signal: controller.signal,
        onProgress: (event) => {
          if (event.kind === 'step' && event.step === 'resolve' && !controller.signal.aborted) controller.abort();
        },
      });
    } catch (error) {
      caught = error as Error & { code?: string };
    }
    assert.equal(caught?.code, 'CANCELLED', caught?.message);
    assert.deepEqual(await readdir(outDir).catch(() => []), [], 'nothing in the output folder');
    assert.equal(await jobsInBuilder(), '', 'no job folder in the builder');
  });

  test('the CLI: builder status, a review (plan --transform) and the build of that review (build --review-digest) through the existing builder, status again', async () => {
    const builderArgs = ['--base-image', reference, '--plain-http'];
    const before = await azl(['builder', 'status', '--json', ...builderArgs]);
    assert.equal(before.code, 0, before.stderr);
    const statusBefore = JSON.parse(before.stdout) as { kind: string; name: string; registered: boolean; marker?: { baseDigest: string } };
    assert.equal(statusBefore.name, BUILDER);
    assert.equal(statusBefore.registered, true);
    assert.match(statusBefore.marker?.baseDigest ?? '', /^sha256:/);

    const importsBefore = (await h.sim.readArgvLog()).filter((argv) => argv.includes('--import')).length;
    const outDir = join(work, 'out-cli');
    const choices = ['--profile', join(profiles, 'azl4/images.toml'), '--image', 'wsl', '--set-repo', `file://${repos.azl4},gpgkey=file://${repos.gpgKey}`, '--cache-dir', join(work, 'cli-cache')];
    const reviewed = await azl(['plan', '--transform', '--builder', 'wsl', ...builderArgs, ...choices, '--json']);
    assert.equal(reviewed.code, 0, reviewed.stderr);
    const { review } = JSON.parse(reviewed.stdout) as { review: { digest: string } };
    assert.match(review.digest, /^[0-9a-f]{64}$/);
    const built = await azl(['build', '--builder', 'wsl', ...builderArgs, ...choices, '--review-digest', review.digest, '--out', outDir, '--json']);
    assert.equal(built.code, 0, built.stderr + built.stdout.slice(-2000));
    const lines = jsonLines(built.stdout);
    assert.ok(lines.some((line) => line.kind === 'log' && String(line.text).includes(`Building the reviewed plan (review ${review.digest})`)), 'the builder built the reviewed plan, without the transform');
    const result = lines.at(-1) as { kind: string; image: string; manifest: string; checksum: string; sbom: string; sha256: string };
    assert.equal(result.kind, 'result');
    assert.ok(lines.some((line) => line.kind === 'step' && line.step === 'builder-pull'), 'the builder check is reported');
    assert.ok(lines.some((line) => line.kind === 'step-done' && line.step === 'resolve'), 'the engine\'s steps inside the builder come through as JSON lines');
    assert.deepEqual((await readdir(outDir)).sort(), [result.image, result.manifest, result.checksum, result.sbom].map((p) => p.slice(outDir.length + 1)).sort());
    assert.match(result.image, /\.wsl$/);
    const sha = createHash('sha256').update(await readFile(result.image)).digest('hex');
    assert.equal(result.sha256, sha);
    assert.match(await readFile(result.checksum, 'utf8'), new RegExp(`^${sha}  `));
    const manifest = JSON.parse(await readFile(result.manifest, 'utf8')) as ImageManifest;
    assert.equal(manifest.output.sha256, sha);
    assert.equal(manifest.profile.path, join(profiles, 'azl4/images.toml'), 'the manifest names the profile on this side');
    assert.equal((await h.sim.readArgvLog()).filter((argv) => argv.includes('--import')).length, importsBefore, 'the existing builder was reused');
    assert.equal(await jobsInBuilder(), '', 'no job folder left in the builder');

    const after = await azl(['builder', 'status', '--json', ...builderArgs]);
    const statusAfter = JSON.parse(after.stdout) as typeof statusBefore;
    assert.equal(statusAfter.registered, true);
    assert.equal(statusAfter.marker?.baseDigest, statusBefore.marker?.baseDigest);
  });

  test('a moved base image tag refreshes the builder', async () => {
    const before = await builderStatus(builderOptions());
    await pushBuilderBase(layout, 'v2', registry.host);
    const ensured = await ensureBuilder(builderOptions());
    assert.equal(ensured.action, 'refreshed');
    assert.notEqual(ensured.marker.baseDigest, before.marker?.baseDigest);
    assert.equal((await h.run(BUILDER, ['cat', '/etc/azl-builder-fixture'])).out.trim(), 'v2');
  });

  test('azl-wsl builder remove leaves no registration and no folder', async () => {
    const removed = await azl(['builder', 'remove', '--json']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(JSON.parse(removed.stdout), { kind: 'result', removed: true, name: BUILDER });
    assert.equal((await h.distroNames()).includes(BUILDER), false);
    await assert.rejects(readdir(builderLocation(dataDir, BUILDER)), { code: 'ENOENT' });
    const status = await azl(['builder', 'status', '--json']);
    assert.equal((JSON.parse(status.stdout) as { registered: boolean }).registered, false);
    assert.equal((await builderStatus(builderOptions())).registered, false);
    assert.equal(await removeBuilder(builderOptions()), false, 'removing again is a no-op');
    assert.equal((JSON.parse((await azl(['builder', 'remove', '--json'])).stdout) as { removed: boolean }).removed, false);
  });

  test('a base lacking a prerequisite gets it from its own package manager and repositories when the builder is made', async () => {
    const lacking = await pushBuilderBase(layout, 'without-xz', registry.host, 'without-xz');
    const events: ProgressEvent[] = [];
    try {
      const ensured = await ensureBuilder({ ...builderOptions(), baseImage: lacking, onProgress: (event) => events.push(event) });
      assert.equal(ensured.action, 'created');
      assert.ok(events.some((event) => event.kind === 'step-done' && event.step === 'builder-prerequisites'), 'the prerequisites step is reported');
      // dnf installed it: the rpm database knows the package, and the command is there again.
      const installed = await h.run(BUILDER, ['sh', '-c', 'rpm -q --qf "%{NAME} %{RELEASE}\\n" xz && command -v xz']);
      assert.equal(installed.out, 'xz 1.builder\n/usr/bin/xz\n');
    } finally {
      await removeBuilder(builderOptions());
    }
  });
});

