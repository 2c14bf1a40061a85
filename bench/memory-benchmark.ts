// Peak memory of `azl-wsl validate` and `azl-wsl install --file` on a 1 GB image and on hostile
// archives of a few MB (issue 9 §2; goal: under 200 MB each), each command in a process of its
// own (bench/peak-memory.ts), install through the wsl.exe simulator with a first account.
// Usage: node --import tsx bench/memory-benchmark.ts [--baseline TREE] [--only NAME,...]
//   --baseline TREE  also run every case with an older checkout (e.g. a `git worktree` of the
//                    commit before) and print the ratio ours/baseline in the same table.
// Inputs are built once into .cache/bench-memory/ (the 1 GB image takes a minute or two).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { packRoot } from '../rootfs/archive/pack-root.js';
import { runChecked } from '../common/run-program.js';
import { createSimulatorEnv } from '../test/wsl-simulator/simulator-env.js';
import { accountImage } from '../test/integration/wsl/test-images.js';
import { archive, member, writePaxBomb } from '../test/fixtures/hostile-archives.js';

const project = fileURLToPath(new URL('..', import.meta.url));
const inputs = join(project, '.cache', 'bench-memory');
/** The goal of issue 9 for every case. */
const GOAL_MIB = 200;
const GIB = 1024 ** 3;
/** Random (incompressible) data in the big image: its .wsl is then about this size. */
const BIG_IMAGE_DATA = 1 * GIB;
/** Small files beside the data, so the big image has a realistic member count. */
const BIG_IMAGE_SMALL_FILES = 60_000;
/** Members of the member-count bomb: about 5 MB of gzip. */
const MEMBER_BOMB_COUNT = 800_000;
const PASSWORD = 'bench-Pa55word';

interface Input {
  name: string;
  what: string;
  file: string;
  build: (file: string) => Promise<void>;
  /** Skip install with the baseline tree (older code may take the whole machine's memory there). */
  installBaseline?: boolean;
}

async function buildBigImage(file: string): Promise<void> {
  const account = await accountImage();
  if ('skip' in account) throw new Error(`the account image cannot be built: ${account.skip}`);
  const work = await mkdtemp(join(tmpdir(), 'azl-bench-memory-'));
  try {
    const root = join(work, 'root');
    await mkdir(root);
    await runChecked('tar', ['--numeric-owner', '--xattrs', '--xattrs-include=*', '-C', root, '-xf', account.file], { name: 'tar extract' });
    const data = join(root, 'usr', 'share', 'bench-data');
    for (let i = 0; i < BIG_IMAGE_SMALL_FILES; i++) {
      const dir = join(data, 'small', String(Math.floor(i / 1000)));
      if (i % 1000 === 0) await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `f${i}.txt`), `file ${i}\n`.repeat(1 + (i % 100)));
    }
    await mkdir(join(data, 'big'), { recursive: true });
    for (let written = 0, i = 0; written < BIG_IMAGE_DATA; i++) {
      const size = Math.min(BIG_IMAGE_DATA - written, (64 << 10) << i % 7); // 64 KiB … 4 MiB
      await writeFile(join(data, 'big', `blob-${i}`), randomBytes(size));
      written += size;
    }
    await packRoot(root, file, { format: 'wsl' });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const INPUTS: Input[] = [
  { name: 'image-1g', what: '1 GB image (real userland + 60 000 small files + 1 GiB of data)', file: join(inputs, 'image-1g.wsl'), build: buildBigImage },
  { name: 'pax-3g', what: 'hostile: PAX header holding 3 GiB (the issue\'s case)', file: join(inputs, 'pax-bomb-3g.wsl'), build: (file) => writePaxBomb(file, 3 * GIB) },
  { name: 'pax-5g', what: 'hostile: PAX header holding 5 GiB', file: join(inputs, 'pax-bomb-5g.wsl'), build: (file) => writePaxBomb(file, 5 * GIB), installBaseline: false },
  {
    name: 'members',
    what: `hostile: ${MEMBER_BOMB_COUNT} empty members`,
    file: join(inputs, 'members-bomb.wsl'),
    build: async (file) => {
      const parts = Array.from({ length: MEMBER_BOMB_COUNT }, (_, i) => member({ name: `./d${Math.floor(i / 1000)}/f${i}`, type: 'file' }));
      await writeFile(file, gzipSync(archive(parts), { level: 9 }));
    },
  },
];

interface Measurement {
  peakMiB: number;
  seconds: number;
  outcome: string;
}

async function measure(tree: string, args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Measurement> {
  const result = join(await mkdtemp(join(tmpdir(), 'azl-peak-')), 'result.json');
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(project, 'bench', 'peak-memory.ts'), tree, result, '--', ...args], { env, input: stdin, encoding: 'utf8', cwd: project, maxBuffer: 64 << 20 });
  let data: { exitCode: number; crash?: string; peakKiB: number; ms: number };
  try {
    data = JSON.parse(await readFile(result, 'utf8')) as typeof data;
  } catch {
    // Killed (out of memory) before it could write its result.
    return { peakMiB: NaN, seconds: NaN, outcome: `killed (${run.signal ?? run.status})` };
  } finally {
    await rm(join(result, '..'), { recursive: true, force: true });
  }
  const text = `${run.stdout}\n${run.stderr}`;
  const firstLine = (pattern: RegExp): string => (text.split('\n').find((line) => pattern.test(line)) ?? '').trim();
  let outcome = data.exitCode === 0 ? 'ok' : `exit ${data.exitCode}`;
  const error = firstLine(/^azl-wsl: /);
  if (data.exitCode !== 0 && error) outcome += `: ${error.replace(/^azl-wsl: /, '').slice(0, 90)}`;
  if (data.crash) outcome += `: crash ${data.crash.slice(0, 90)}`;
  if (args[0] === 'validate') outcome = firstLine(/^\d+ errors?, /) || outcome;
  return { peakMiB: data.peakKiB / 1024, seconds: data.ms / 1000, outcome };
}

async function validateCase(tree: string, input: Input): Promise<Measurement> {
  return measure(tree, ['validate', input.file], process.env);
}

async function installCase(tree: string, input: Input): Promise<Measurement> {
  const sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  const work = await mkdtemp(join(tmpdir(), 'azl-bench-install-'));
  try {
    return await measure(tree, ['install', '--file', input.file, '--name', 'BenchMemory', '--location', join(work, 'distro'), '--method', 'import', '--user', 'bench', '--password-stdin', '--wsl', sim.wslPath], sim.env, `${PASSWORD}\n`);
  } finally {
    await sim.dispose();
    await rm(work, { recursive: true, force: true });
  }
}

function formatMiB(value: number): string {
  return Number.isNaN(value) ? '—' : value.toFixed(0);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const baselineAt = argv.indexOf('--baseline');
  const baseline = baselineAt >= 0 ? resolve(argv[baselineAt + 1]) : undefined;
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(argv[onlyAt + 1].split(',')) : undefined;
  if (baseline && !existsSync(join(baseline, 'cli', 'main.ts'))) throw new Error(`${baseline} is not an azl-wsl checkout`);
  await mkdir(inputs, { recursive: true });
  const selected = INPUTS.filter((input) => !only || only.has(input.name));
  for (const input of selected) {
    if (!existsSync(input.file)) {
      console.error(`building ${input.file} …`);
      await input.build(`${input.file}.tmp`);
      await runChecked('mv', ['-f', `${input.file}.tmp`, input.file]);
    }
  }
  console.log(`Node ${process.version}, load average ${loadavg()[0].toFixed(1)}; peak resident memory of the CLI process (VmHWM), goal < ${GOAL_MIB} MiB.\n`);
  const header = baseline ? '| input | size | command | ours: peak MiB | ours: s | ours: outcome | baseline: peak MiB | baseline: s | baseline: outcome | ours/baseline |' : '| input | size | command | peak MiB | s | outcome | goal |';
  console.log(header);
  console.log(header.replace(/[^|]+/g, '---'));
  for (const input of selected) {
    const size = `${((await stat(input.file)).size / 1e6).toFixed(1)} MB`;
    for (const [command, run] of [['validate', validateCase], ['install --file', installCase]] as const) {
      const ours = await run(project, input);
      const goal = ours.peakMiB < GOAL_MIB ? '✔' : '✘';
      if (!baseline) {
        console.log(`| ${input.what} | ${size} | ${command} | ${formatMiB(ours.peakMiB)} | ${ours.seconds.toFixed(1)} | ${ours.outcome} | ${goal} |`);
        continue;
      }
      const skipBaseline = command === 'install --file' && input.installBaseline === false;
      const before = skipBaseline ? { peakMiB: NaN, seconds: NaN, outcome: 'not run (see validate)' } : await run(baseline, input);
      const ratio = Number.isNaN(before.peakMiB) ? '—' : `${(ours.peakMiB / before.peakMiB).toFixed(3)}×`;
      console.log(`| ${input.what} | ${size} | ${command} | ${formatMiB(ours.peakMiB)} ${goal} | ${ours.seconds.toFixed(1)} | ${ours.outcome} | ${formatMiB(before.peakMiB)} | ${Number.isNaN(before.seconds) ? '—' : before.seconds.toFixed(1)} | ${before.outcome} | ${ratio} |`);
    }
  }
}

await main();
