// `azl-wsl export` against the simulator, which does what WSL does (WslClient.cpp
// ExportDistribution): wsl.exe truncates its target before looking the name up and deletes it
// on failure, and the service stops a running distribution first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulatorEnv, type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { busyboxImage } from '../wsl/test-images.js';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));
let sim: SimulatorEnv;
let work: string;

function azl(args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args, '--wsl', sim.wslPath], { env: sim.env, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function wsl(args: string[]): string {
  return spawnSync(sim.wslPath, args, { env: { ...sim.env, WSL_UTF8: '1' }, encoding: 'utf8' }).stdout;
}

before(async () => {
  sim = await createSimulatorEnv({ idleTimeoutMs: 600_000 });
  work = await mkdtemp(join(tmpdir(), 'azl-cli-export-'));
  const image = await busyboxImage(work);
  assert.match(wsl(['--import', 'Box', join(work, 'box'), image]), /completed successfully/);
});

after(async () => {
  await sim?.dispose();
  await rm(work, { recursive: true, force: true });
});

test('an existing file is refused before wsl.exe runs, and a typo with --replace still leaves it whole', async () => {
  const precious = join(work, 'existing.tar');
  await writeFile(precious, 'my earlier backup');
  const refused = azl(['export', 'Box', precious]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /already exists/);
  assert.match(refused.stderr, /--replace/);
  // The real wsl.exe, pointed at the file, would have truncated it and deleted it on the typo.
  const typo = azl(['export', 'Bxo', precious, '--replace']);
  assert.equal(typo.code, 1);
  assert.match(typo.stderr, /no WSL distribution with this name/i);
  assert.equal(await readFile(precious, 'utf8'), 'my earlier backup');
  assert.deepEqual((await readdir(work)).filter((name) => name.includes('azl-export')), [], 'no temporary file left');
});

test('--replace with the right name replaces the file once the export is complete', async () => {
  const target = join(work, 'replaced.tar');
  await writeFile(target, 'old');
  const replaced = azl(['export', 'Box', target, '--replace']);
  assert.equal(replaced.code, 0, replaced.stderr);
  const listing = spawnSync('tar', ['-tf', target], { encoding: 'utf8' }).stdout;
  assert.match(listing, /^\.\/etc\/passwd$/m);
});

test('exporting a running distribution warns that WSL stops it, and it is stopped afterwards', async () => {
  wsl(['-d', 'Box', '--', 'true']);
  assert.match(wsl(['-l', '-v']), /Box\s+Running/);
  const exported = azl(['export', 'Box', join(work, 'running.tar')]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /warning: Box is running; WSL stops it to export it, and its open shells close\./);
  assert.match(wsl(['-l', '-v']), /Box\s+Stopped/);
  const stopped = azl(['export', 'Box', join(work, 'stopped.tar')]);
  assert.doesNotMatch(stopped.stderr, /is running/);
});
