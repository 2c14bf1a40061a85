// The install side of the CLI as a user runs it: real processes, no terminal, the wsl.exe
// simulator, and a real-userland image built by the engine's fixture pipeline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulatorEnv, type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { accountImage } from '../wsl/test-images.js';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));
const PASSWORD = 'cli-secret-Pa55';
let sim: SimulatorEnv;
let work: string;
let image: string | undefined;
let skipReason: string | undefined;

function azl(args: string[], stdin = ''): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args, '--wsl', sim.wslPath], { env: sim.env, input: stdin, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function wsl(args: string[]): string {
  return spawnSync(sim.wslPath, args, { env: sim.env, encoding: 'utf8' }).stdout;
}

before(async () => {
  const built = await accountImage();
  if ('skip' in built) skipReason = built.skip;
  else image = built.file;
  sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  work = await mkdtemp(join(tmpdir(), 'azl-cli-install-'));
});

after(async () => {
  await sim?.dispose();
  await rm(work, { recursive: true, force: true });
});

test('install → list → set-default-user → export → remove, as a script would run them', async (t) => {
  if (!image) return t.skip(skipReason);
  const location = join(work, 'CliTest');
  const installed = azl(['install', '--file', image, '--name', 'CliTest', '--location', location, '--method', 'import', '--user', 'dev', '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(installed.code, 0, installed.stderr);
  assert.match(installed.stdout, /Installed CliTest \(import\) with the default user dev/);
  assert.equal(wsl(['-d', 'CliTest', '--', 'id', '-un']).trim(), 'dev');

  const listed = azl(['list', '--json']);
  assert.equal(listed.code, 0);
  assert.deepEqual((JSON.parse(listed.stdout) as { name: string }[]).map((d) => d.name), ['CliTest']);

  const again = azl(['install', '--file', image, '--name', 'clitest', '--method', 'import', '--user', 'dev', '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(again.code, 1, 'a case-insensitive name clash is refused');
  assert.match(again.stderr, /Nothing was changed/);
  assert.equal(wsl(['-d', 'CliTest', '--', 'id', '-un']).trim(), 'dev', 'the existing distribution is untouched');

  const ghost = azl(['set-default-user', 'CliTest', 'ghost']);
  assert.equal(ghost.code, 1);
  assert.match(ghost.stderr, /There is no user "ghost"/);
  assert.equal(azl(['set-default-user', 'CliTest', 'root']).code, 0);
  assert.equal(wsl(['-d', 'CliTest', '--', 'id', '-un']).trim(), 'root');
  assert.match(wsl(['-d', 'CliTest', '-u', 'root', '-e', 'cat', '/etc/wsl.conf']), /\[boot\][\s\S]*default ?= ?root/, 'other wsl.conf settings are kept');

  const exported = join(work, 'backup.tar.gz');
  assert.equal(azl(['export', 'CliTest', exported]).code, 0);
  assert.ok(existsSync(exported));
  const listing = spawnSync('tar', ['-tzf', exported], { encoding: 'utf8' }).stdout;
  assert.match(listing, /(^|\n)(\.\/)?etc\/passwd\n/);

  const unconfirmed = azl(['remove', 'CliTest']);
  assert.equal(unconfirmed.code, 2, 'without a terminal, remove needs --yes');
  assert.equal(azl(['remove', 'CliTest', '--yes']).code, 0);
  assert.deepEqual(JSON.parse(azl(['list', '--json']).stdout), []);

  const argvLog = JSON.stringify(await sim.readArgvLog());
  assert.ok(!argvLog.includes(PASSWORD), 'the password never reached any wsl.exe argv');
  assert.ok(!(installed.stdout + installed.stderr).includes(PASSWORD));
});

test('without a terminal, install asks for flags instead of prompting (exit 2)', async (t) => {
  if (!image) return t.skip(skipReason);
  const result = azl(['install', '--file', image, '--name', 'NoUser']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--user is required when not running on a terminal/);
  const noPassword = azl(['install', '--file', image, '--name', 'NoUser', '--user', 'dev']);
  assert.equal(noPassword.code, 2);
  assert.match(noPassword.stderr, /--password-stdin, --password-hash or --no-password/);
  const trap = azl(['install', '--file', image, '--name', 'NoUser', '--user', 'dev', '--no-password', '--sudo', 'password']);
  assert.equal(trap.code, 2, 'a passwordless user with password sudo could never administer the distro');
  const newline = azl(['install', '--file', image, '--name', 'NoUser', '--user', 'dev', '--password-stdin'], 'a\nb\n');
  assert.equal(newline.code, 1);
  assert.match(newline.stderr, /line breaks/);
  assert.deepEqual(JSON.parse(azl(['list', '--json']).stdout), [], 'nothing was registered');
});

test('doctor reports a usable WSL, and a clear sentence when WSL is disabled by policy', async () => {
  const ok = azl(['doctor', '--json']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as { ok: boolean }).ok, true);
  const off = await createSimulatorEnv({ faults: ['policy-disabled'] });
  try {
    const result = spawnSync(process.execPath, [cli, 'doctor', '--wsl', off.wslPath], { env: off.env, encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /polic/i);
  } finally {
    await off.dispose();
  }
});

test('an answer file with a plaintext password is refused before anything happens', async () => {
  const answers = join(work, 'bad.yaml');
  await import('node:fs/promises').then((fs) => fs.writeFile(answers, 'name: X\nimage:\n  path: ./x.wsl\nuser: dev\npassword: hunter2\n'));
  const result = azl(['install', '--answers', answers]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /bad\.yaml:5/);
  assert.ok(!(result.stdout + result.stderr).includes('hunter2'), 'the plaintext is not echoed back');
  assert.equal(await readFile(answers, 'utf8').then(() => true), true);
});

test('--password-stdin reads at most 4 KiB: a flood on stdin and an over-long password are refused before WSL is asked', async (t) => {
  if (!image) return t.skip(skipReason);
  const importsBefore = (await sim.readArgvLog()).filter((argv) => argv[0] === '--import' || argv[0] === '--install').length;
  const flood = azl(['install', '--file', image, '--name', 'Flood', '--method', 'import', '--user', 'dev', '--password-stdin'], 'x'.repeat(5 * 1024 * 1024));
  assert.equal(flood.code, 1, flood.stderr);
  assert.match(flood.stderr, /More than 4096 bytes arrived on stdin.*\n.*Nothing was changed/s);
  const long = azl(['install', '--file', image, '--name', 'Long', '--method', 'import', '--user', 'dev', '--password-stdin'], `${'y'.repeat(4097)}\n`);
  assert.equal(long.code, 1, long.stderr);
  assert.match(long.stderr, /at most 4096 bytes long/);
  assert.equal((await sim.readArgvLog()).filter((argv) => argv[0] === '--import' || argv[0] === '--install').length, importsBefore, 'nothing was registered');
  assert.doesNotMatch(long.stderr + long.stdout, /yyyy/, 'the password is not echoed');
});

test('an answer file value the installer would refuse (uid 0) is refused with file:line before WSL is asked', async () => {
  const answers = join(work, 'uid0.yaml');
  await import('node:fs/promises').then((fs) => fs.writeFile(answers, 'name: Uid0\nimage:\n  path: ./x.wsl\nuser: dev\npassword: none\nuid: 0\n'));
  const before = (await sim.readArgvLog()).length;
  const result = azl(['install', '--answers', answers]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /uid0\.yaml:6: "uid" 0 is not a uid for a person's account/);
  assert.equal((await sim.readArgvLog()).length, before, 'wsl.exe was never called');
});

test('list hides azl-wsl builder distributions unless --all', async () => {
  const { busyboxImage } = await import('../wsl/test-images.js');
  const tarball = await busyboxImage(work);
  for (const name of ['azl-wsl-builder-4.0', 'Mine']) {
    const imported = spawnSync(sim.wslPath, ['--import', name, join(work, `loc-${name}`), tarball], { env: sim.env });
    assert.equal(imported.status, 0);
  }
  const names = (args: string[]) => (JSON.parse(azl(['list', '--json', ...args]).stdout) as { name: string }[]).map((d) => d.name).sort();
  assert.deepEqual(names([]), ['Mine']);
  assert.deepEqual(names(['--all']), ['Mine', 'azl-wsl-builder-4.0']);
  for (const name of ['azl-wsl-builder-4.0', 'Mine']) spawnSync(sim.wslPath, ['--unregister', name], { env: sim.env });
});
