/**
 * Pull-and-flatten of a multi-layer image from a loopback docker-registry: azl-wsl's one
 * streaming flatten vs `skopeo copy` + `umoci unpack` + `tar` on the same image.
 * Run: node --import tsx bench/pull-benchmark.ts   (prints a markdown table)
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runChecked } from '../common/run-program.js';
import { pullImage } from '../rootfs/oci/pull-image.js';
import { flattenImage } from '../rootfs/oci/flatten-image.js';
import { pushLayout, startRegistry } from '../test/fixtures/oci/docker-registry.js';
import { buildLayerTar, compressLayer, writeOciLayout, type LayerEntry } from '../test/fixtures/oci/layer-builder.js';

/** Runs per variant; the median is reported (the first run also warms the page cache for both). */
const RUNS = 3;
/** Files per layer and layers: roughly a small distro root (about 100 MB uncompressed). */
const FILES_PER_LAYER = 3000;
const LAYERS = 4;

/** Text-like content (compresses like binaries and configs do) with some random bytes. */
function fileContent(seed: number): Buffer {
  const size = 1024 + ((seed * 7919) % 16384);
  const text = Buffer.from(`line ${seed} of a fairly ordinary file in /usr/lib with some repeated words\n`.repeat(Math.ceil(size / 80))).subarray(0, size);
  return seed % 5 === 0 ? Buffer.concat([text, randomBytes(4096)]) : text;
}

function layerEntries(layer: number): LayerEntry[] {
  const entries: LayerEntry[] = [{ path: 'usr', type: 'directory' }, { path: `usr/lib${layer}`, type: 'directory' }];
  for (let dir = 0; dir < FILES_PER_LAYER / 100; dir += 1) {
    entries.push({ path: `usr/lib${layer}/d${dir}`, type: 'directory' });
    for (let file = 0; file < 100; file += 1) entries.push({ path: `usr/lib${layer}/d${dir}/f${file}`, content: fileContent(layer * 100_000 + dir * 100 + file) });
  }
  // Each upper layer changes and deletes some of the layer below.
  if (layer > 0) {
    entries.push({ path: `usr/lib${layer - 1}`, type: 'directory' }, { path: `usr/lib${layer - 1}/d0`, type: 'directory' });
    for (let file = 0; file < 20; file += 1) entries.push({ path: `usr/lib${layer - 1}/d0/.wh.f${file}` });
    entries.push({ path: `usr/lib${layer - 1}/d1`, type: 'directory' }, { path: `usr/lib${layer - 1}/d1/f0`, content: 'replaced' });
  }
  return entries;
}

async function time(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'azl-pull-bench-'));
  const registry = await startRegistry();
  try {
    const layers = [];
    let uncompressed = 0;
    for (let i = 0; i < LAYERS; i += 1) {
      const layer = await compressLayer(buildLayerTar(layerEntries(i)), 'gzip', work);
      uncompressed += layer.tar.length;
      layers.push(layer);
    }
    const compressed = layers.reduce((sum, l) => sum + l.blob.length, 0);
    await writeOciLayout(join(work, 'layout'), 'v1', [{ architecture: 'amd64', layers }]);
    await pushLayout(join(work, 'layout'), 'v1', registry.host, 'bench/image');
    const reference = `${registry.host}/bench/image:v1`;

    const ours: number[] = [];
    const theirs: number[] = [];
    let ourSize = 0;
    let theirSize = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const dir = join(work, `run-${run}`);
      await mkdir(dir);
      ours.push(
        await time(async () => {
          const image = await pullImage(reference, { cacheDir: join(dir, 'cache'), plainHttp: true });
          await flattenImage(image, join(dir, 'ours.tar'));
        }),
      );
      ourSize = (await stat(join(dir, 'ours.tar'))).size;
      theirs.push(
        await time(async () => {
          await runChecked('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${reference}`, `oci:${join(dir, 'oci')}:v1`]);
          await runChecked('umoci', ['unpack', '--image', `${join(dir, 'oci')}:v1`, join(dir, 'bundle')]);
          await runChecked('tar', ['--xattrs', '--xattrs-include=*', '--numeric-owner', '-cpf', join(dir, 'theirs.tar'), '-C', join(dir, 'bundle', 'rootfs'), '.']);
        }),
      );
      theirSize = (await stat(join(dir, 'theirs.tar'))).size;
      await rm(dir, { recursive: true, force: true });
    }
    const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
    const a = median(ours);
    const b = median(theirs);
    console.log(`Image: ${LAYERS} gzip layers, ${LAYERS * FILES_PER_LAYER} files, ${mb(compressed)} MB compressed, ${mb(uncompressed)} MB uncompressed; loopback docker-registry; median of ${RUNS} runs; ${process.platform}/${process.arch}, Node ${process.version}.`);
    console.log('');
    console.log('| Pull + flatten to one root tar | Time (ms) | Output tar (MB) | Ratio |');
    console.log('|---|---:|---:|---:|');
    console.log(`| azl-wsl pullImage + flattenImage (one streaming write) | ${a.toFixed(0)} | ${mb(ourSize)} | ${(a / b).toFixed(2)}× |`);
    console.log(`| skopeo copy + umoci unpack + tar | ${b.toFixed(0)} | ${mb(theirSize)} | 1.00× |`);
  } finally {
    await registry.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
