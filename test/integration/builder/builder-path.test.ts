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
import type { ProgressEvent } from '../../../common/progress.js';
import type { BuildRequest } from '../../../rootfs/executor/build-executor.js';
import { resolveProxySettings } from '../../../rootfs/oci/proxy-settings.js';
import { builderStatus, ensureBuilder, removeBuilder } from '../../../wsl/builder/builder-distro.js';
import { builderLocation, builderName } from '../../../wsl/builder/builder-names.js';
import { WslDistroExecutor } from '../../../wsl/builder/wsl-distro-executor.js';
import { installDistro } from '../../../wsl/install/install-distro.js';
import { ensureFixtureRepos, type FixtureRepos } from '../../fixtures/fixture-repos.js';
import { ensureBuilderBaseLayout, pushBuilderBase, type BuilderBaseLayout } from '../../fixtures/builder-base/builder-base.js';
import { startRegistry, type RunningRegistry } from '../../fixtures/oci/docker-registry.js';
import { createHarness, type Harness } from '../wsl/sim-helpers.js';

const profiles = fileURLToPath(new URL('../../../rootfs/samples/', import.meta.url));
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
    assert.deepEqual((await readdir(outDir)).sort(), [result.imagePath, result.manifestPath, result.checksumPath].map((p) => p.slice(outDir.length + 1)).sort());
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

  test('a moved base image tag refreshes the builder', async () => {
    const before = await builderStatus(builderOptions());
    await pushBuilderBase(layout, 'v2', registry.host);
    const ensured = await ensureBuilder(builderOptions());
    assert.equal(ensured.action, 'refreshed');
    assert.notEqual(ensured.marker.baseDigest, before.marker?.baseDigest);
    assert.equal((await h.run(BUILDER, ['cat', '/etc/azl-builder-fixture'])).out.trim(), 'v2');
  });

  test('removing the builder leaves no registration and no folder', async () => {
    assert.equal(await removeBuilder(builderOptions()), true);
    assert.equal((await h.distroNames()).includes(BUILDER), false);
    await assert.rejects(readdir(builderLocation(dataDir, BUILDER)), { code: 'ENOENT' });
    const status = await builderStatus(builderOptions());
    assert.equal(status.registered, false);
    assert.equal(await removeBuilder(builderOptions()), false, 'removing again is a no-op');
  });
});
