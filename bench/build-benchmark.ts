/**
 * Whole build of the 4.0 `wsl` sample against the raw baseline, in one run:
 *   baseline = `dnf --installroot` of the same package set (same repository, same GPG check)
 *              + `tar --xattrs -czf` of the root;
 *   ours     = buildImage (resolve, install, configure, pack, validate, manifest), cold (fresh
 *              dnf and root caches) and warm (caches reused).
 * Prints a markdown table with overhead = ours_cold / baseline (goal ≤ 1.10) and
 * warm / cold (goal ≤ 0.3). Run as root: `node --import tsx bench/build-benchmark.ts [--rounds N]`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage } from '../rootfs/build/build-image.js';
import { applyRepositoryOverrides } from '../rootfs/plan/repository-overrides.js';
import type { BuildPlan } from '../rootfs/plan/build-plan.js';
import { readProfile } from '../rootfs/profile/read-profile.js';
import { toWslPlan } from '../rootfs/transform/wsl-transform.js';
import { runChecked } from '../common/run-program.js';
import { ensureFixtureRepos } from '../test/fixtures/fixture-repos.js';

const GOAL_OVERHEAD = 1.1;
const GOAL_WARM = 0.3;

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The raw baseline: one dnf transaction with the same packages and flags, then GNU tar + gzip. */
async function baseline(plan: BuildPlan, work: string): Promise<void> {
  const root = join(work, 'root');
  const home = join(work, 'home');
  await mkdir(home, { recursive: true });
  await writeFile(join(home, '.rpmmacros'), '%_dbpath /var/lib/rpm\n');
  const args = [
    `--installroot=${root}`,
    `--releasever=${plan.releaseVersion.value}`,
    '--setopt=reposdir=/dev/null',
    `--setopt=cachedir=${join(work, 'cache')}`,
    `--setopt=install_weak_deps=${plan.installWeakDeps ? 'True' : 'False'}`,
  ];
  for (const repo of plan.repositories) {
    args.push(`--repofrompath=${repo.alias},${repo.url}`, `--setopt=${repo.alias}.gpgcheck=1`, `--setopt=${repo.alias}.gpgkey=${repo.gpgKeys.join(' ')}`);
  }
  const names = [...plan.packages.bootstrap, ...plan.packages.image].map((ref) => ref.name);
  await runChecked('dnf', [...args, '-q', '-y', 'install', ...names], { env: { PATH: process.env.PATH, HOME: home } });
  await runChecked('tar', ['--xattrs', '--xattrs-include=*', '--numeric-owner', '-czf', join(work, 'baseline.tar.gz'), '-C', root, '.']);
}

async function main(): Promise<void> {
  const roundsIndex = process.argv.indexOf('--rounds');
  const rounds = roundsIndex > 0 ? Number(process.argv[roundsIndex + 1]) : 1;
  const repos = await ensureFixtureRepos();
  const profilePath = fileURLToPath(new URL('../rootfs/samples/azl4/images.toml', import.meta.url));
  const plan = applyRepositoryOverrides(await readProfile({ profilePath, image: 'wsl' }), {
    set: [`file://${repos.azl4},gpgkey=file://${repos.gpgKey}`],
    add: [],
  });
  // The wsl profile builds as it is: no package leaves, nothing to resolve.
  const installed = toWslPlan(plan, { available: { has: () => true }, removals: { removed: [], expanded: [], transaction: [], rounds: 0 } }).plan;
  const rows: Array<{ baseline: number; cold: number; warm: number }> = [];
  for (let round = 0; round < rounds; round += 1) {
    const work = await mkdtemp(join(tmpdir(), 'azl-build-bench-'));
    try {
      const options = {
        plan,
        outDir: join(work, 'out'),
        format: 'wsl' as const,
        gpgCheck: true,
        cacheDir: join(work, 'cache'),
        profileSource: { path: profilePath, sha256: '0'.repeat(64) },
      };
      const base = await timed(() => baseline(installed, join(work, 'baseline')));
      await rm(join(work, 'baseline'), { recursive: true, force: true });
      const cold = await timed(() => buildImage(options));
      const warm = await timed(() => buildImage(options));
      rows.push({ baseline: base, cold, warm });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const base = median(rows.map((r) => r.baseline));
  const cold = median(rows.map((r) => r.cold));
  const warm = median(rows.map((r) => r.warm));
  const lines = [
    `Build of the 4.0 \`wsl\` sample (${plan.packages.bootstrap.length + plan.packages.image.length} requested packages), median of ${rounds} round(s):`,
    '',
    '| run | seconds | ratio | goal |',
    '|---|---:|---:|---:|',
    `| baseline (dnf --installroot + tar -czf) | ${base.toFixed(2)} | 1.00 | |`,
    `| azl-wsl cold (fresh caches) | ${cold.toFixed(2)} | overhead ${(cold / base).toFixed(2)} | ≤ ${GOAL_OVERHEAD} |`,
    `| azl-wsl warm (caches reused) | ${warm.toFixed(2)} | warm/cold ${(warm / cold).toFixed(2)} | ≤ ${GOAL_WARM} |`,
  ];
  console.log(lines.join('\n'));
}

await main();
