// Install-to-first-shell on the sample image through the wsl.exe simulator:
//   ours:     installDistro (preflight, import, first account, verify) + `wsl -d NAME -- id`
//   baseline: `wsl --import` + a useradd/chpasswd script as root + wsl.conf + terminate + `wsl -d NAME -- id`
// Same image, same simulator, same run, alternating; median of REPETITIONS. Goal: ours ≤ 1.2× baseline.
// Usage: node --import tsx bench/install-benchmark.ts [IMAGE.wsl]   (default: the demo's image, built by scripts/demo.sh)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSimulatorEnv, type SimulatorEnv } from '../test/wsl-simulator/simulator-env.js';
import { installDistro } from '../wsl/install/install-distro.js';

const REPETITIONS = 3;
const PASSWORD = 'bench-password-1';

function wsl(env: SimulatorEnv, args: string[], stdin?: string): string {
  const result = spawnSync(env.wslPath, args, { env: env.env, input: stdin, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wsl ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
  return result.stdout;
}

async function ours(env: SimulatorEnv, image: string, location: string, name: string): Promise<void> {
  await installDistro({
    file: image,
    name,
    location,
    method: 'import',
    wslPath: env.wslPath,
    env: env.env,
    account: { user: 'bench', password: { kind: 'plain', value: PASSWORD }, sudo: 'password' },
  });
  if (wsl(env, ['-d', name, '--', 'id', '-un']).trim() !== 'bench') throw new Error('ours: wrong default user');
}

function baseline(env: SimulatorEnv, image: string, location: string, name: string): void {
  wsl(env, ['--import', name, location, image, '--version', '2']);
  wsl(env, ['-d', name, '-u', 'root', '-e', 'sh', '-c',
    'useradd -m -u 1000 -G wheel -s /bin/bash bench && chpasswd && printf "[boot]\\nsystemd=true\\n[user]\\ndefault=bench\\n" > /etc/wsl.conf'],
    `bench:${PASSWORD}\n`);
  wsl(env, ['--terminate', name]);
  if (wsl(env, ['-d', name, '--', 'id', '-un']).trim() !== 'bench') throw new Error('baseline: wrong default user');
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const image = resolve(process.argv[2] ?? 'out/demo/AzureLinux-4.0-sample.wsl');
  if (!existsSync(image)) throw new Error(`${image} does not exist: run bash scripts/demo.sh first or pass an image.`);
  const times = { ours: [] as number[], baseline: [] as number[] };
  // wsl.exe calls per install, from the simulator's argv log: the noise-free part of the cost.
  const calls = { ours: 0, baseline: 0 };
  for (let round = 0; round < REPETITIONS; round++) {
    for (const kind of ['baseline', 'ours'] as const) {
      const env = await createSimulatorEnv();
      const work = await mkdtemp(join(tmpdir(), 'azl-install-bench-'));
      const started = performance.now();
      if (kind === 'ours') await ours(env, image, join(work, 'distro'), 'Bench');
      else baseline(env, image, join(work, 'distro'), 'Bench');
      times[kind].push(performance.now() - started);
      calls[kind] = (await env.readArgvLog()).length;
      await env.dispose();
      await rm(work, { recursive: true, force: true });
    }
  }
  const ratio = median(times.ours) / median(times.baseline);
  console.log(`Image: ${image}; ${REPETITIONS} runs each, alternating; median.\n`);
  console.log('| Install to first shell | wsl.exe calls | Runs (ms) | Median (ms) | Ratio |');
  console.log('|---|---:|---|---:|---:|');
  console.log(`| azl-wsl installDistro (preflight, import, account, verify) + wsl -d -- id | ${calls.ours} | ${times.ours.map(Math.round).join(' / ')} | ${Math.round(median(times.ours))} | ${ratio.toFixed(2)}× |`);
  console.log(`| wsl --import + useradd/chpasswd script + terminate + wsl -d -- id | ${calls.baseline} | ${times.baseline.map(Math.round).join(' / ')} | ${Math.round(median(times.baseline))} | 1.00× |`);
}

await main();
