// Upgrade of a distribution with a 1 GB home, through the wsl.exe simulator:
//   ours:     upgradeDistro (check, verified snapshot streamed while the new image takes /home,
//             accounts and settings carried, checked, swapped in under the same name, default
//             user and Terminal profile re-applied)
//   baseline: `wsl --export NAME FILE` + `wsl --import NAME2 DIR FILE` of the same distribution
//             (what people do by hand today, carrying nothing over and checking nothing)
// Same simulator, same run, alternating; median of REPETITIONS. Goal: ours ≤ 1.2× baseline.
// Usage: node --import tsx bench/upgrade-benchmark.ts [HOME_MB]   (default 1024)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSimulatorEnv, type SimulatorEnv } from '../test/wsl-simulator/simulator-env.js';
import { lifecycleImage } from '../test/integration/wsl/lifecycle/lifecycle-images.js';
import { PREPARE_OLD } from '../test/integration/wsl/lifecycle/lifecycle-harness.js';
import { upgradeDistro } from '../wsl/lifecycle/upgrade-distro.js';
import { SnapshotStore } from '../wsl/lifecycle/snapshot-store.js';

const REPETITIONS = 5;
/** The home is made of files this big (a developer's checkout, build outputs, datasets). */
const FILE_BYTES = 4 * 1024 * 1024;

function wsl(env: SimulatorEnv, args: string[], input?: string): string {
  const result = spawnSync(env.wslPath, args, { env: env.env, input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wsl ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** The simulator keeps a distribution's files in <BasePath>/ext4.vhdx/rootfs. */
function rootfsOf(env: SimulatorEnv, name: string): string {
  const registry = JSON.parse(spawnSync('cat', [join(env.stateDir, 'registry-tester.json')], { encoding: 'utf8' }).stdout) as { subkeys: Record<string, { DistributionName: string; BasePath: string }> };
  const key = Object.values(registry.subkeys).find((candidate) => candidate.DistributionName === name)!;
  return join(key.BasePath, 'ext4.vhdx', 'rootfs');
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const homeMb = Number(process.argv[2] ?? 1024);
  const work = await mkdtemp(join(tmpdir(), 'azl-upgrade-bench-'));
  const env = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  const snapshotDir = join(work, 'snapshots');
  const call = { wslPath: env.wslPath, env: { ...env.env, AZL_WSL_SNAPSHOT_DIR: snapshotDir } };
  try {
    const images = [await lifecycleImage(work, 'v4-1', { version: '4.1' }), await lifecycleImage(work, 'v4-0', { version: '4.0' })];
    wsl(env, ['--import', 'Dev', join(work, 'dev'), images[1]]);
    wsl(env, ['-d', 'Dev', '-u', 'root', '-e', 'sh', '-c', PREPARE_OLD]);
    wsl(env, ['--terminate', 'Dev']);
    // The home's data, written straight into the simulator's copy of the disk (setup, not measured).
    const data = join(rootfsOf(env, 'Dev'), 'home', 'jane', 'data');
    await mkdir(data, { recursive: true });
    const chunk = randomBytes(FILE_BYTES);
    for (let index = 0; index < Math.ceil((homeMb * 1024 * 1024) / FILE_BYTES); index++) {
      chunk.writeUInt32LE(index, 0);
      await writeFile(join(data, `part-${index}.bin`), chunk);
      await chown(join(data, `part-${index}.bin`), 1001, 1001);
    }
    await chown(data, 1001, 1001);
    spawnSync('sync');

    const times = { ours: [] as number[], baseline: [] as number[] };
    for (let round = 0; round < REPETITIONS; round++) {
      // baseline: export + import of the same distribution.
      const exported = join(work, 'export.tar');
      let started = performance.now();
      wsl(env, ['--export', 'Dev', exported]);
      wsl(env, ['--import', 'Copy', join(work, 'copy'), exported]);
      times.baseline.push(performance.now() - started);
      wsl(env, ['--unregister', 'Copy']);
      await rm(exported, { force: true });

      // ours: the upgrade (to the other image each round).
      started = performance.now();
      const result = await upgradeDistro({ ...call, distro: 'Dev', file: images[round % 2] });
      times.ours.push(performance.now() - started);
      if (!result.carried.users.includes('jane') || wsl(env, ['-d', 'Dev', '--', 'sh', '-c', 'id -un; ls ~/data | wc -l']).split('\n')[0] !== 'jane') throw new Error('ours: jane or her data is missing');
      await new SnapshotStore(snapshotDir).prune(0);
      console.log(`round ${round + 1}: baseline ${(times.baseline[round] / 1000).toFixed(2)} s, upgrade ${(times.ours[round] / 1000).toFixed(2)} s`);
    }
    const baseline = median(times.baseline);
    const ours = median(times.ours);
    console.log(`home ${homeMb} MB; median baseline (export + import) ${(baseline / 1000).toFixed(2)} s; median upgrade ${(ours / 1000).toFixed(2)} s; ratio ${(ours / baseline).toFixed(2)}x (goal ≤ 1.2x)`);
  } finally {
    await env.dispose();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
