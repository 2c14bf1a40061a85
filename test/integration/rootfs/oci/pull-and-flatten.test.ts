import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecked } from '../../../../common/run-program.js';
import type { ProgressEvent } from '../../../../common/progress.js';
import { pullImage } from '../../../../rootfs/oci/pull-image.js';
import { flattenImage } from '../../../../rootfs/oci/flatten-image.js';
import { resolveProxySettings } from '../../../../rootfs/oci/proxy-settings.js';
import { RegistryError } from '../../../../rootfs/oci/registry-error.js';
import { pushLayout, startRegistry, type RunningRegistry } from '../../../fixtures/oci/docker-registry.js';
import { buildLayerTar, compressLayer, writeOciLayout } from '../../../fixtures/oci/layer-builder.js';
import { baseLayer, changeLayer, topLayer } from '../../../fixtures/oci/sample-image.js';
import { describeTree } from '../../../fixtures/oci/tree-compare.js';
import { makeTestCertificates, startForwardProxy, startFrontEnd, type TestCertificates } from '../../../fixtures/oci/test-servers.js';

const FAST_RETRY = { attempts: 3, baseDelayMs: 10 };

describe('pulling from a loopback docker-registry and flattening', () => {
  let work: string;
  let registry: RunningRegistry;
  let certificates: TestCertificates;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'azl-oci-pull-'));
    registry = await startRegistry();
    const sample = [];
    for (const layer of [baseLayer('amd64'), changeLayer(), topLayer()]) sample.push(await compressLayer(buildLayerTar(layer), 'gzip', work));
    await writeOciLayout(join(work, 'sample'), 'v1', [{ architecture: 'amd64', layers: sample }]);
    const multi = [];
    for (const arch of ['amd64', 'arm64']) multi.push({ architecture: arch, layers: [await compressLayer(buildLayerTar(baseLayer(arch)), 'gzip', work)] });
    await writeOciLayout(join(work, 'multi'), 'v1', multi);
    await pushLayout(join(work, 'sample'), 'v1', registry.host, 'azl/sample');
    await pushLayout(join(work, 'multi'), 'v1', registry.host, 'azl/multi');
    await mkdir(join(work, 'certs'));
    certificates = await makeTestCertificates(join(work, 'certs'));
  });

  after(async () => {
    await registry?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('gives the same root as umoci unpack, file by file (caps, setuid, owners, whiteouts, opaque dirs, hard links)', async () => {
    const cacheDir = join(work, 'cache-compare');
    const image = await pullImage(`${registry.host}/azl/sample:v1`, { cacheDir, plainHttp: true, arch: 'amd64' });
    assert.equal(image.layers.length, 3);
    const result = await flattenImage(image, join(work, 'flat.tar'));

    const ours = join(work, 'ours');
    await mkdir(ours);
    await runChecked('tar', ['--xattrs', "--xattrs-include=*", '--numeric-owner', '-xpf', join(work, 'flat.tar'), '-C', ours]);
    await runChecked('umoci', ['unpack', '--image', `${join(work, 'sample')}:v1`, join(work, 'bundle')]);
    const expected = await describeTree(join(work, 'bundle', 'rootfs'));
    const actual = await describeTree(ours);
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
    for (const [path, entry] of expected) assert.deepEqual(actual.get(path), entry, path);
    assert.equal(result.entries, expected.size, 'one tar entry per file');
    // The outcomes that matter, spelled out.
    assert.equal(actual.get('usr/bin/ping')?.xattrs, 'security.capability=0x0000000220000000000000000000000000000000');
    assert.equal(actual.get('usr/bin/su')?.mode, '4755');
    assert.equal(actual.has('etc/old.conf'), false);
    assert.equal(actual.has('var/cache/stale-1'), false);
    assert.equal(actual.has('opt/tool/data'), false);
    assert.equal(actual.get('home/user')?.owner, '1000:1000');
  });

  it('writes the same bytes every time and pulls a second time from the cache', async () => {
    const cacheDir = join(work, 'cache-repeat');
    const front = await startFrontEnd({ upstreamPort: registry.port });
    try {
      const first = await pullImage(`${front.origin}/azl/sample:v1`, { cacheDir, plainHttp: true });
      const blobRequests = front.requests.filter((r) => r.url.includes('/blobs/')).length;
      assert.equal(blobRequests, 4, 'config and three layers');
      const again = await pullImage(`${front.origin}/azl/sample:v1`, { cacheDir, plainHttp: true });
      assert.equal(front.requests.filter((r) => r.url.includes('/blobs/')).length, blobRequests, 'no blob downloaded twice');
      const a = await flattenImage(first, join(work, 'a.tar'));
      const b = await flattenImage(again, join(work, 'b.tar'));
      assert.equal(a.sha256, b.sha256);
      assert.deepEqual(await readFile(join(work, 'a.tar')), await readFile(join(work, 'b.tar')));
      assert.ok(front.requests.every((r) => r.method === 'GET'), 'only GET is used');
    } finally {
      await front.close();
    }
  });

  it('picks the wanted architecture from a multi-architecture index', async () => {
    const cacheDir = join(work, 'cache-multi');
    const arm = await pullImage(`${registry.host}/azl/multi:v1`, { cacheDir, plainHttp: true, arch: 'arm64' });
    const amd = await pullImage(`${registry.host}/azl/multi:v1`, { cacheDir, plainHttp: true, arch: 'x64' });
    assert.equal(arm.platform.architecture, 'arm64');
    assert.ok(arm.indexDigest);
    assert.notEqual(arm.manifestDigest, amd.manifestDigest);
    const listing = await runChecked('tar', ['-xOf', '-', 'etc/os-release'], { stdin: await (async () => {
      await flattenImage(arm, join(work, 'arm.tar'));
      return readFile(join(work, 'arm.tar'));
    })() });
    assert.match(listing.stdout.toString(), /ARCH=arm64/);
    await assert.rejects(
      pullImage(`${registry.host}/azl/multi:v1`, { cacheDir, plainHttp: true, arch: 's390x' }),
      (error: unknown) => error instanceof RegistryError && error.reason === 'PLATFORM_NOT_FOUND' && /linux\/amd64/.test(error.hint ?? ''),
    );
  });

  it('goes through an authenticating proxy to an HTTPS registry with a private CA and a bearer token, never logging the proxy password', async () => {
    const front = await startFrontEnd({ upstreamPort: registry.port, tls: { key: certificates.key, cert: certificates.cert }, bearer: { token: 'test-token' } });
    const proxy = await startForwardProxy({ credentials: { user: 'alice', password: 's3cret-pass' } });
    const events: ProgressEvent[] = [];
    try {
      const settings = resolveProxySettings({ HTTPS_PROXY: `http://alice:s3cret-pass@127.0.0.1:${proxy.port}` });
      const image = await pullImage(`${front.origin}/azl/sample:v1`, {
        cacheDir: join(work, 'cache-proxy'),
        proxy: settings,
        caFiles: [certificates.caFile],
        onProgress: (event) => events.push(event),
      });
      assert.equal(image.layers.length, 3);
      assert.ok(proxy.requests.some((r) => r.method === 'CONNECT' && r.url === front.origin), 'the tunnel went through the proxy');
      assert.ok(front.requests.some((r) => r.url.startsWith('/token')), 'a bearer token was fetched');

      // Without the CA: a clear trust error. With a wrong proxy password: a clear 407 error.
      await assert.rejects(
        pullImage(`${front.origin}/azl/sample:v1`, { cacheDir: join(work, 'cache-proxy-2'), proxy: settings, retry: FAST_RETRY }),
        (error: unknown) => error instanceof RegistryError && error.reason === 'REGISTRY_UNREACHABLE' && /not trusted/.test(error.message),
      );
      const wrong = resolveProxySettings({ https_proxy: `http://alice:wrong-pass@127.0.0.1:${proxy.port}` });
      let refusal: unknown;
      await pullImage(`${front.origin}/azl/sample:v1`, { cacheDir: join(work, 'cache-proxy-3'), proxy: wrong, caFiles: [certificates.caFile], retry: FAST_RETRY }).catch((error: unknown) => {
        refusal = error;
      });
      assert.ok(refusal instanceof RegistryError && refusal.reason === 'PROXY_REFUSED', String(refusal));
      const text = JSON.stringify(events) + JSON.stringify(refusal) + (refusal as Error).message + JSON.stringify(image);
      assert.doesNotMatch(text, /s3cret-pass|wrong-pass/);
      const cached = await readdir(join(work, 'cache-proxy'), { recursive: true });
      for (const file of cached) {
        if (file.endsWith('sha256')) continue;
        assert.doesNotMatch((await readFile(join(work, 'cache-proxy', file)).catch(() => Buffer.alloc(0))).toString('latin1'), /s3cret-pass/);
      }
    } finally {
      await proxy.close();
      await front.close();
    }
  });

  it('sends plain-http registry requests to the proxy in absolute form', async () => {
    const proxy = await startForwardProxy();
    try {
      await pullImage(`${registry.host}/azl/sample:v1`, {
        cacheDir: join(work, 'cache-http-proxy'),
        plainHttp: true,
        proxy: resolveProxySettings({ HTTP_PROXY: `127.0.0.1:${proxy.port}` }),
      });
      assert.ok(proxy.requests.some((r) => r.url === `http://${registry.host}/v2/azl/sample/manifests/v1`));
    } finally {
      await proxy.close();
    }
  });
});
