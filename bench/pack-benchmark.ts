// Times packRoot (.wsl, gzip level 6) against GNU tar + gzip -6 on the same root.
// Usage: node --import tsx bench/pack-benchmark.ts [ROOT]
// Without ROOT, a synthetic root is made by copying folders of this machine's /usr into a
// temporary directory until it holds at least 200 MB (debootstrap would be too slow).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packRoot } from '../rootfs/archive/pack-root.js';

/** The size the project's goal is stated for. */
const MIN_ROOT_BYTES = 200 * 1024 * 1024;
const REPETITIONS = 3;

function duBytes(path: string): number {
  return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
}

async function makeSyntheticRoot(into: string): Promise<void> {
  execFileSync('mkdir', ['-p', join(into, 'usr')]);
  for (const top of ['lib', 'share', 'bin', 'libexec', 'sbin', 'include']) {
    const source = join('/usr', top);
    const entries = await readdir(source).catch(() => [] as string[]);
    execFileSync('mkdir', ['-p', join(into, 'usr', top)]);
    for (const name of entries.sort()) {
      execFileSync('cp', ['-a', join(source, name), join(into, 'usr', top)]);
      if (duBytes(into) >= MIN_ROOT_BYTES) return;
    }
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'azl-bench-'));
  try {
    let root = process.argv[2];
    if (!root) {
      root = join(work, 'root');
      await makeSyntheticRoot(root);
    }
    const rootBytes = duBytes(root);
    console.log(`root: ${root} (${(rootBytes / 1e6).toFixed(1)} MB)\n`);
    const ours: number[] = [];
    const gnu: number[] = [];
    let oursSize = 0;
    let gnuSize = 0;
    for (let i = 0; i < REPETITIONS; i++) {
      const ourFile = join(work, 'ours.wsl');
      let start = performance.now();
      const result = await packRoot(root, ourFile, { format: 'wsl', gzipLevel: 6 });
      ours.push((performance.now() - start) / 1000);
      oursSize = result.bytes;
      await rm(ourFile);

      const gnuFile = join(work, 'gnu.tar.gz');
      start = performance.now();
      execFileSync('tar', ['--xattrs', '--xattrs-include=*', '--numeric-owner', '-I', 'gzip -6', '-C', root, '-cf', gnuFile, '.']);
      gnu.push((performance.now() - start) / 1000);
      gnuSize = (await stat(gnuFile)).size;
      await rm(gnuFile);
    }
    const fmt = (values: number[]): string => values.map((v) => v.toFixed(2)).join(' / ');
    console.log('| tool | times (s) | median (s) | size (MB) |');
    console.log('|---|---|---|---|');
    console.log(`| packRoot wsl (gzip -6, parallel) | ${fmt(ours)} | ${median(ours).toFixed(2)} | ${(oursSize / 1e6).toFixed(2)} |`);
    console.log(`| GNU tar -I 'gzip -6' | ${fmt(gnu)} | ${median(gnu).toFixed(2)} | ${(gnuSize / 1e6).toFixed(2)} |`);
    console.log(`\nspeed ratio (tar / packRoot): ${(median(gnu) / median(ours)).toFixed(2)}x (goal >= 1.5x)`);
    console.log(`size ratio (packRoot / tar): ${(oursSize / gnuSize).toFixed(4)} (goal <= 1.02)`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
