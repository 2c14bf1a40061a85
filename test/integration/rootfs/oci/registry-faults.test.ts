import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pullImage, type PullOptions } from '../../../../rootfs/oci/pull-image.js';
import { RegistryError, type RegistryFailure } from '../../../../rootfs/oci/registry-error.js';
import { pushLayout, startRegistry, type RunningRegistry } from '../../../fixtures/oci/docker-registry.js';
import { buildLayerTar, compressLayer, sha256, writeOciLayout, type BuiltLayer } from '../../../fixtures/oci/layer-builder.js';
import { baseLayer, changeLayer } from '../../../fixtures/oci/sample-image.js';
import { startFrontEnd, type FrontAction, type FrontRequest } from '../../../fixtures/oci/test-servers.js';

/** Short back-off so fault tests stay fast; the policy itself is what is under test. */
const FAST_RETRY = { attempts: 3, baseDelayMs: 5 };

function failsWith(reason: RegistryFailure, pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof RegistryError, `expected a RegistryError, got ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    assert.ok(error.hint, 'a next step is given');
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

describe('registry faults', () => {
  let work: string;
  let registry: RunningRegistry;
  let layers: BuiltLayer[];
  let rule: (request: FrontRequest) => FrontAction;
  let front: Awaited<ReturnType<typeof startFrontEnd>>;
  let cacheDir: string;
  let cacheCount = 0;

  const pull = (tag = 'v1', extra: Partial<PullOptions> = {}) =>
    pullImage(`${front.origin}/azl/faults:${tag}`, { cacheDir, plainHttp: true, retry: FAST_RETRY, ...extra });

  /** Files in the cache that are not verified blobs (a partial download is allowed only where said). */
  const cacheFiles = async (): Promise<string[]> => (await readdir(cacheDir, { recursive: true }).catch(() => [] as string[])).filter((f) => /[a-f0-9]{64}/.test(f)).map((f) => f.slice(f.lastIndexOf('/') + 1));

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'azl-oci-faults-'));
    registry = await startRegistry();
    // A big, incompressible layer so a truncated body really is cut half-way.
    const noise = { path: 'noise', content: (await import('node:crypto')).randomBytes(256 * 1024) };
    layers = [await compressLayer(buildLayerTar([...baseLayer('amd64'), noise]), 'gzip', work), await compressLayer(buildLayerTar(changeLayer()), 'gzip', work)];
    await writeOciLayout(join(work, 'layout'), 'v1', [{ architecture: 'amd64', layers }]);
    await pushLayout(join(work, 'layout'), 'v1', registry.host, 'azl/faults');
    front = await startFrontEnd({ upstreamPort: registry.port, rule: (request) => rule(request) });
  });

  beforeEach(() => {
    rule = () => ({ kind: 'forward' });
    cacheDir = join(work, `cache-${++cacheCount}`);
    front.requests.length = 0;
  });

  after(async () => {
    await front?.close();
    await registry?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('rejects a blob whose bytes do not match its digest and leaves nothing of it in the cache', async () => {
    const bad = sha256(layers[0].blob);
    rule = (request) => (request.url.endsWith(bad) ? { kind: 'corrupt' } : { kind: 'forward' });
    await assert.rejects(pull(), failsWith('DIGEST_MISMATCH', new RegExp(bad)));
    assert.ok(!(await cacheFiles()).some((file) => file.startsWith(bad.slice(7))), 'no file for the bad blob');
  });

  it('resumes a truncated blob download with a Range request', async () => {
    const big = sha256(layers[0].blob);
    let cut = false;
    rule = (request) => {
      if (request.url.endsWith(big) && !cut) {
        cut = true;
        return { kind: 'truncate', bytes: 100_000 };
      }
      return { kind: 'forward' };
    };
    const image = await pull();
    assert.equal(image.layers[0].digest, big);
    const blobGets = front.requests.filter((r) => r.url.endsWith(big));
    assert.equal(blobGets.length, 2);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(String(blobGets[1].headers.range))?.[1]);
    assert.ok(resumedAt > 0 && resumedAt <= 100_000, `resumed from the bytes already received (${blobGets[1].headers.range})`);
    assert.deepEqual((await cacheFiles()).filter((f) => f.endsWith('.partial')), []);
  });

  it('says clearly when the tag does not exist', async () => {
    await assert.rejects(pull('no-such-tag'), failsWith('IMAGE_NOT_FOUND', /no-such-tag/));
  });

  it('says clearly when the registry wants credentials the client does not have', async () => {
    rule = () => ({ kind: 'respond', status: 401, headers: { 'www-authenticate': 'Basic realm="corp"' } });
    await assert.rejects(pull(), failsWith('REGISTRY_UNAUTHORIZED', /requires credentials/));
  });

  it('says clearly when the token service refuses an anonymous token', async () => {
    const guarded = await startFrontEnd({ upstreamPort: registry.port, bearer: { token: 'never', refuse: true } });
    try {
      await assert.rejects(
        pullImage(`${guarded.origin}/azl/faults:v1`, { cacheDir, plainHttp: true, retry: FAST_RETRY }),
        failsWith('REGISTRY_UNAUTHORIZED', /anonymous pull token/),
      );
    } finally {
      await guarded.close();
    }
  });

  it('waits and retries after 429 Too Many Requests, and gives up with a clear error if it persists', async () => {
    let limited = 0;
    rule = (request) => (request.url.includes('/manifests/') && limited++ < 1 ? { kind: 'respond', status: 429, headers: { 'retry-after': '0' } } : { kind: 'forward' });
    const logs: string[] = [];
    const image = await pull('v1', { onProgress: (event) => event.kind === 'log' && logs.push(event.text) });
    assert.equal(image.layers.length, 2);
    assert.ok(logs.some((line) => /429/.test(line) && /Trying again/.test(line)));

    rule = (request) => (request.url.includes('/manifests/') ? { kind: 'respond', status: 429 } : { kind: 'forward' });
    await assert.rejects(pull(), failsWith('REGISTRY_RATE_LIMITED'));
  });

  it('retries server errors and then reports them', async () => {
    rule = (request) => (request.url.includes('/blobs/') ? { kind: 'respond', status: 503 } : { kind: 'forward' });
    await assert.rejects(pull(), failsWith('REGISTRY_FAILED', /503/));
    assert.equal(front.requests.filter((r) => r.url.includes('/blobs/')).length, FAST_RETRY.attempts, 'each try counted');
    const layerFiles = layers.map((layer) => sha256(layer.blob).slice(7));
    assert.deepEqual((await cacheFiles()).filter((file) => layerFiles.some((hex) => file.startsWith(hex))), [], 'no layer was stored');
  });

  it('refuses a layer of unknown media type before downloading anything', async () => {
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(Buffer.from('x')), size: 1 },
      layers: [{ mediaType: 'application/vnd.example.squashfs', digest: sha256(Buffer.from('y')), size: 1 }],
    });
    rule = (request) =>
      request.url.endsWith('/manifests/weird')
        ? { kind: 'respond', status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest }
        : { kind: 'forward' };
    await assert.rejects(pull('weird'), failsWith('MEDIA_TYPE_UNSUPPORTED', /vnd\.example\.squashfs/));
    assert.equal(front.requests.filter((r) => r.url.includes('/blobs/')).length, 0);
  });

  it('cuts off a blob larger than its descriptor says, and keeps nothing of it', async () => {
    const big = sha256(layers[0].blob);
    rule = (request) => (request.url.endsWith(big) ? { kind: 'oversize', bytes: 4096 } : { kind: 'forward' });
    await assert.rejects(pull(), failsWith('DIGEST_MISMATCH', /is larger than the \d+ bytes its descriptor gives/));
    assert.ok(!(await cacheFiles()).some((file) => file.startsWith(big.slice(7))), 'nothing of it is cached');
  });

  it('cuts a slow-drip download below the minimum rate, retries it, then gives up saying so', async () => {
    const big = sha256(layers[0].blob);
    rule = (request) => (request.url.endsWith(big) ? { kind: 'drip', bytes: 64, everyMs: 20 } : { kind: 'forward' });
    const downloadLimits = { minBytesPerSecond: 1024 * 1024, rateWindowMs: 150, deadlineBaseMs: 60_000, deadlineBytesPerSecond: 1024 * 1024 };
    await assert.rejects(pull('v1', { downloadLimits }), failsWith('REGISTRY_UNREACHABLE', /too slow: fewer than 1048576 bytes per second/));
    assert.equal(front.requests.filter((r) => r.url.endsWith(big)).length, FAST_RETRY.attempts, 'each cut transfer was retried');
  });

  it('gives up a blob whose download passes its deadline, even at an acceptable rate', async () => {
    const big = sha256(layers[0].blob);
    rule = (request) => (request.url.endsWith(big) ? { kind: 'drip', bytes: 512, everyMs: 10 } : { kind: 'forward' });
    const downloadLimits = { minBytesPerSecond: 1, rateWindowMs: 60_000, deadlineBaseMs: 300, deadlineBytesPerSecond: 1024 ** 3 };
    await assert.rejects(pull('v1', { downloadLimits }), failsWith('REGISTRY_UNREACHABLE', /took longer than 0\.3 s, retries included/));
    assert.equal(front.requests.filter((r) => r.url.endsWith(big)).length, 1, 'a deadline is not retried');
  });

  it('follows redirects only to http and https: a redirect to file: is refused, not attempted', async () => {
    const big = sha256(layers[0].blob);
    for (const location of ['file:///etc/passwd', 'ftp://example.test/blob', 'data:,hello']) {
      rule = (request) => (request.url.endsWith(big) ? { kind: 'respond', status: 307, headers: { location } } : { kind: 'forward' });
      await assert.rejects(pull(), failsWith('REGISTRY_FAILED', /only http and https are followed/), location);
    }
  });
});
