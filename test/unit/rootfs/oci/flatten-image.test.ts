import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { flattenImage } from '../../../../rootfs/oci/flatten-image.js';
import { LayerReader } from '../../../../rootfs/oci/layer-reader.js';
import { layerCompression } from '../../../../rootfs/oci/media-types.js';
import { RegistryError, type RegistryFailure } from '../../../../rootfs/oci/registry-error.js';
import { buildLayerTar, compressLayer, writeLocalImage, type LayerEntry } from '../../../fixtures/oci/layer-builder.js';
import { CAP_NET_RAW } from '../../../fixtures/oci/sample-image.js';

interface Listed {
  path: string;
  type: string;
  header: Buffer;
  data: string;
}

async function list(tar: Buffer): Promise<Listed[]> {
  const reader = new LayerReader((async function* () {
    yield tar;
  })(), 'output');
  const out: Listed[] = [];
  for (let entry = await reader.next(); entry; entry = await reader.next()) {
    const chunks: Buffer[] = [];
    await reader.copyData((chunk) => {
      chunks.push(chunk);
    });
    out.push({ path: entry.path, type: entry.type, header: entry.header, data: Buffer.concat(chunks).subarray(0, entry.size).toString() });
  }
  return out;
}

function failsWith(reason: RegistryFailure) {
  return (error: unknown) => error instanceof RegistryError && error.reason === reason && Boolean(error.hint);
}

describe('flattenImage', () => {
  let work: string;
  let count = 0;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'azl-flatten-'));
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const flatten = async (layers: LayerEntry[][], compression: 'gzip' | 'zstd' | 'none' = 'gzip'): Promise<{ entries: Listed[]; bytes: Buffer; sha256: string }> => {
    const dir = join(work, `image-${++count}`);
    const built = [];
    for (const layer of layers) built.push(await compressLayer(buildLayerTar(layer), compression, work));
    const image = await writeLocalImage(dir, built);
    const out = join(dir, 'out.tar');
    const result = await flattenImage(image, out);
    const bytes = await readFile(out);
    return { entries: await list(bytes), bytes, sha256: result.sha256 };
  };

  it('applies whiteouts, opaque directories and replacements, parents before children', async () => {
    const { entries } = await flatten([
      [
        { path: 'a', type: 'directory', mode: 0o755 },
        { path: 'a/keep', content: 'keep' },
        { path: 'a/gone', content: 'gone' },
        { path: 'b', type: 'directory' },
        { path: 'b/old', content: 'old' },
        { path: 'c', type: 'directory' },
        { path: 'c/inside', content: 'x' },
      ],
      [
        { path: 'a', type: 'directory', mode: 0o700 },
        { path: 'a/.wh.gone' },
        { path: 'a/keep', content: 'changed' },
        { path: 'b', type: 'directory' },
        { path: 'b/.wh..wh..opq' },
        { path: 'b/new', content: 'new' },
        { path: 'c', content: 'now a file' },
      ],
    ]);
    assert.deepEqual(entries.map((e) => `${e.type} ${e.path}`), ['directory a', 'directory b', 'file a/keep', 'file b/new', 'file c']);
    assert.equal(entries.find((e) => e.path === 'a/keep')?.data, 'changed');
    // The directory keeps its top-most header (mode 0700) at its first position.
    assert.equal(entries[0].header.subarray(100, 107).toString(), '0000700');
  });

  it('copies PAX records byte for byte, binary capability values included', async () => {
    const { entries } = await flatten([[{ path: 'ping', content: 'p', xattrs: { 'security.capability': CAP_NET_RAW } }]]);
    assert.ok(entries[0].header.includes(Buffer.concat([Buffer.from('SCHILY.xattr.security.capability='), CAP_NET_RAW])));
  });

  it('reads zstd and uncompressed layers', async () => {
    const layers: LayerEntry[][] = [[{ path: 'etc', type: 'directory' }, { path: 'etc/x', content: 'x' }], [{ path: 'etc/.wh.x' }, { path: 'etc/y', content: 'y' }]];
    const zstd = await flatten(layers, 'zstd');
    const plain = await flatten(layers, 'none');
    assert.deepEqual(zstd.entries.map((e) => e.path), ['etc', 'etc/y']);
    assert.equal(zstd.sha256, plain.sha256, 'same root whatever the compression');
  });

  it('writes hard links after their targets when a higher layer replaces the target', async () => {
    const { entries } = await flatten([
      [{ path: 'f', content: 'v1' }, { path: 'link', type: 'hardlink', linkPath: 'f' }],
      [{ path: 'f', content: 'v2' }],
    ]);
    assert.deepEqual(entries.map((e) => e.path), ['f', 'link']);
  });

  it('is deterministic', async () => {
    const layers: LayerEntry[][] = [[{ path: 'd', type: 'directory' }, { path: 'd/1', content: '1' }], [{ path: 'd/2', content: '2' }]];
    const a = await flatten(layers);
    const b = await flatten(layers);
    assert.equal(a.sha256, b.sha256);
    assert.deepEqual(a.bytes, b.bytes);
  });

  it('refuses a path escaping the root and leaves no output behind', async () => {
    const dir = join(work, 'escape');
    const image = await writeLocalImage(dir, [await compressLayer(buildLayerTar([{ path: 'etc', type: 'directory' }, { path: '../../etc/evil', content: 'x' }]), 'gzip', work)]);
    await assert.rejects(flattenImage(image, join(dir, 'out.tar')), failsWith('LAYER_PATH_ESCAPE'));
    assert.deepEqual((await readdir(dir)).filter((f) => f.includes('out.tar')), []);
  });

  it('refuses a hard link target escaping the root and writing through a symlink', async () => {
    const link = await writeLocalImage(join(work, 'hl'), [await compressLayer(buildLayerTar([{ path: 'x', type: 'hardlink', linkPath: '../etc/shadow' }]), 'none', work)]);
    await assert.rejects(flattenImage(link, join(work, 'hl', 'out.tar')), failsWith('LAYER_PATH_ESCAPE'));
    const through = await writeLocalImage(join(work, 'sl'), [
      await compressLayer(buildLayerTar([{ path: 'etc', type: 'symlink', linkPath: '/' }, { path: 'etc/passwd', content: 'x' }]), 'none', work),
    ]);
    await assert.rejects(flattenImage(through, join(work, 'sl', 'out.tar')), failsWith('LAYER_PATH_ESCAPE'));
  });

  it('rejects a layer that does not match its diff_id, and a damaged gzip layer', async () => {
    const dir = join(work, 'diff');
    const image = await writeLocalImage(dir, [await compressLayer(buildLayerTar([{ path: 'a', content: 'a' }]), 'gzip', work)]);
    image.layers[0].diffId = `sha256:${'0'.repeat(64)}`;
    await assert.rejects(flattenImage(image, join(dir, 'out.tar')), failsWith('DIGEST_MISMATCH'));
    const damaged = await writeLocalImage(join(work, 'damaged'), [{ tar: Buffer.alloc(0), blob: Buffer.from('not gzip at all'), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }]);
    await assert.rejects(flattenImage(damaged, join(work, 'damaged', 'out.tar')), failsWith('LAYER_INVALID'));
  });

  it('names unknown layer media types', () => {
    assert.throws(() => layerCompression('application/vnd.example.squashfs'), (error: unknown) => failsWith('MEDIA_TYPE_UNSUPPORTED')(error) && /squashfs/.test((error as Error).message));
    assert.equal(layerCompression('application/vnd.docker.image.rootfs.diff.tar.gzip'), 'gzip');
  });

  it('can leave the archive open so the caller appends entries', async () => {
    const image = await writeLocalImage(join(work, 'open'), [await compressLayer(buildLayerTar([{ path: 'a', content: 'a' }]), 'gzip', work)]);
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const result = await flattenImage(image, stream, { closeArchive: false });
    assert.equal(result.entries, 1);
    assert.equal(stream.writableEnded, false);
    assert.equal(Buffer.concat(chunks).length, 1024, 'header and one data block, no end marker');
  });
});
