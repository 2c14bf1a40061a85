/**
 * Our own first-run script (shipped when the repositories have no wsl-setup, e.g. Azure Linux
 * 3.0) in a real image built from the 3.0 cloud sample, run by the simulator exactly as WSL
 * runs it: `--install --from-file`, then the first interactive launch with piped answers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage } from '../../../rootfs/build/build-image.js';
import { applyRepositoryOverrides } from '../../../rootfs/plan/repository-overrides.js';
import { readProfile } from '../../../rootfs/profile/read-profile.js';
import { ensureFixtureRepos } from '../../fixtures/fixture-repos.js';
import { createSimulatorEnv, type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';

const SAMPLE = fileURLToPath(new URL('../../../rootfs/samples/azl3/marketplace-gen2.json', import.meta.url));
const SECRET = 'first-run-Secret-7';
let work: string;
let sim: SimulatorEnv;
let image: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'azl-own-first-run-'));
  const repos = await ensureFixtureRepos();
  const plan = applyRepositoryOverrides(await readProfile({ profilePath: SAMPLE }), { set: [`file://${repos.azl3},gpgkey=file://${repos.gpgKey}`], add: [] });
  const result = await buildImage({
    plan,
    outDir: join(work, 'out'),
    outName: 'azl3',
    format: 'wsl',
    gpgCheck: true,
    profileSource: { path: SAMPLE, sha256: '0'.repeat(64) },
  });
  image = result.imagePath;
  sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
});

after(async () => {
  await sim?.dispose();
  await rm(work, { recursive: true, force: true });
});

function wsl(args: string[], input = ''): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(sim.wslPath, args, { env: { ...sim.env, WSL_UTF8: '1' }, input, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function runOobe(): number {
  const registry = JSON.parse(spawnSync('cat', [join(sim.stateDir, `registry-tester.json`)], { encoding: 'utf8' }).stdout) as {
    subkeys: Record<string, { DistributionName: string; RunOOBE: number; DefaultUid: number }>;
  };
  return Object.values(registry.subkeys).find((key) => key.DistributionName === 'Azl3')!.RunOOBE;
}

test('from-file install: the first launch asks, a bad answer keeps asking next time, a good one sets up the user for good', async () => {
  const installed = wsl(['--install', '--from-file', image, '--name', 'Azl3', '--location', join(work, 'Azl3'), '--no-launch']);
  assert.equal(installed.code, 0, installed.stdout + installed.stderr);
  assert.equal(runOobe(), 1);

  // A reserved name, then end of input: the script must fail, so WSL keeps RunOOBE and asks again.
  const refused = wsl(['-d', 'Azl3'], 'root\n');
  assert.notEqual(refused.code, 0);
  assert.match(refused.stdout + refused.stderr, /system account/);
  assert.equal(runOobe(), 1, 'a failed first run is retried at the next interactive launch');
  assert.equal(wsl(['-d', 'Azl3', '-u', 'root', '-e', 'getent', 'passwd', '1000']).code, 2, 'nothing was created');

  // A valid name and the password twice: the user exists, is in wheel, and is the default user.
  const ok = wsl(['-d', 'Azl3'], `maria\n${SECRET}\n${SECRET}\nid -un\nexit\n`);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.ok(!(ok.stdout + ok.stderr).includes(SECRET), 'the password is not echoed');
  assert.equal(runOobe(), 0);
  assert.equal(wsl(['-d', 'Azl3', '--', 'id', '-un']).stdout.trim(), 'maria');
  assert.match(wsl(['-d', 'Azl3', '--', 'id', '-Gn']).stdout, /\bwheel\b/);
  assert.match(wsl(['-d', 'Azl3', '-u', 'root', '-e', 'grep', '^maria:', '/etc/shadow']).stdout, /^maria:\$/, 'a password hash was set through chpasswd');
  assert.ok(!JSON.stringify(await sim.readArgvLog()).includes(SECRET));

  // Idempotent: later interactive launches do not ask again.
  const later = wsl(['-d', 'Azl3'], 'id -un\nexit\n');
  assert.equal(later.code, 0);
  assert.doesNotMatch(later.stdout, /Enter new UNIX username/);
});
