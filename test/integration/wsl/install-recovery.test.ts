/**
 * Installs racing for one name and installs killed half-way, against the wsl.exe simulator:
 * the loser of a race never removes the winner's distribution, a name taken by another program
 * at registration is refused touching nothing, and a kill -9 of the CLI mid-install is found and
 * repaired by the next install or ensure of that name, which says what it did. Every wait polls
 * for state; nothing sleeps for a fixed time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AzlError } from '../../../common/errors.js';
import type { JournalOwner } from '../../../common/journal-store.js';
import { installDistro, ensureDistro } from '../../../wsl/install/install-distro.js';
import { installJournal, type InstallJournalData } from '../../../wsl/install/install-journal.js';
import { INSTALL_RECORD_PATH } from '../../../wsl/install/install-record.js';
import { importDistro } from '../../../wsl/driver/wsl-import.js';
import { accountImage, busyboxImage } from './test-images.js';
import { createHarness, listDir, type Harness } from './sim-helpers.js';
import { waitFor } from '../../support/wait-for.js';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));
let dir: string;
let image: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-install-recovery-'));
  image = await busyboxImage(dir);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function recordOf(h: Harness, name: string): Promise<{ installId: string; image: { sha256: string } } | undefined> {
  const result = await h.run(name, ['cat', INSTALL_RECORD_PATH]);
  return result.exitCode === 0 ? (JSON.parse(result.out) as { installId: string; image: { sha256: string } }) : undefined;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

test('two installs of one name at once: one wins, the other is refused and removes nothing', async () => {
  const h = await createHarness();
  try {
    const attempts = await Promise.allSettled(
      ['a', 'b'].map((suffix) => installDistro({ ...h.call, file: image, name: 'Race', location: join(dir, `race-${suffix}`), method: 'import' })),
    );
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const lost = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
    assert.equal(won.length, 1, 'exactly one install wins');
    assert.equal(lost.length, 1);
    const error = lost[0].reason as AzlError;
    assert.equal(error.code, 'DISTRO_EXISTS', error.message);
    assert.match(`${error.message} ${error.hint}`, /Another azl-wsl install of "Race" is running.*Nothing was changed/s);
    assert.deepEqual(await h.distroNames(), ['Race'], "the winner's distribution is still registered");
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof installDistro>>>).value;
    assert.equal((await recordOf(h, 'Race'))?.installId, winner.record.installId, 'its record names the winning install');
    assert.equal(await listDir(winner.location === join(dir, 'race-a') ? join(dir, 'race-b') : join(dir, 'race-a')), undefined, "the loser's folder was never made");
  } finally {
    await h.sim.dispose();
  }
});

test('a name another program registers between preflight and registration is refused, and its distribution is left alone', async () => {
  const h = await createHarness();
  try {
    // A wsl.exe that lets a squatter register the name first, the moment our import starts.
    const wrapper = join(dir, 'squatting-wsl.exe');
    const squatterHome = join(dir, 'squatter');
    await writeFile(wrapper, `#!/bin/sh\nif [ "$1" = "--import" ]; then "${h.sim.wslPath}" --import "$2" "${squatterHome}" "$4" >/dev/null; fi\nexec "${h.sim.wslPath}" "$@"\n`);
    await chmod(wrapper, 0o755);
    const location = join(dir, 'clash-ours');
    await assert.rejects(installDistro({ ...h.call, wslPath: wrapper, file: image, name: 'Clash', location, method: 'import' }), (error: AzlError) => {
      assert.equal(error.code, 'DISTRO_EXISTS');
      assert.match(`${error.message} ${error.hint}`, /registered by another program.*Nothing was changed/s);
      assert.doesNotMatch(error.hint ?? '', /removed/);
      return true;
    });
    assert.deepEqual(await h.distroNames(), ['Clash'], "the other program's distribution is still there");
    assert.equal((await h.registryKey('Clash'))?.BasePath, squatterHome);
    assert.equal(await recordOf(h, 'Clash'), undefined, 'and it was never marked as ours');
    assert.equal(await listDir(location), undefined);
  } finally {
    await h.sim.dispose();
  }
});

/** Starts the CLI installing into the simulator, WSL's import slowed so the kill lands mid-registration. */
function startSlowInstall(h: Harness, args: string[], input = '') {
  const env = { ...h.sim.env, AZL_WSL_SIM_FAULT: 'slow-import', AZL_WSL_SIM_SLOW_IMPORT_MS: '1500' };
  const child = spawn(process.execPath, [cli, 'install', ...args, '--wsl', h.sim.wslPath], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  child.stdin.end(input);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  /** Waits for the registration to start, failing at once when the CLI stopped before it. */
  const registering = (name: string) =>
    waitFor('the registration to start', async () => {
      if (child.exitCode !== null) throw new Error(`The install ended before registering (exit ${child.exitCode}): ${stderr}`);
      return (await h.registryKey(name))?.State === 3;
    });
  return { child, registering };
}

function runCli(h: Harness, args: string[], input = ''): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args, '--wsl', h.sim.wslPath], { env: h.sim.env, input, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

test('kill -9 of the CLI while WSL registers: the next install removes the half-made distribution and installs it again', async () => {
  const h = await createHarness();
  try {
    const location = join(dir, 'killed');
    const { child, registering } = startSlowInstall(h, ['--file', image, '--name', 'Killed', '--location', location, '--method', 'import', '--no-user']);
    await registering('Killed');
    child.kill('SIGKILL');
    // wsl.exe goes on without the CLI and finishes the registration on its own.
    await waitFor('WSL to finish registering', async () => (await h.registryKey('Killed'))?.State === 1);
    assert.equal(await recordOf(h, 'Killed'), undefined, 'the killed install never wrote its record');
    assert.ok(await installJournal(h.sim.env).read('Killed'), 'but its journal is there');

    const again = runCli(h, ['install', '--file', image, '--name', 'Killed', '--location', location, '--method', 'import', '--no-user']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Removed the half-made Killed left by an install of Killed interrupted at .* \(process \d+\)\.\nInstalled Killed/);
    assert.ok(await recordOf(h, 'Killed'), 'the new install is recorded');
    assert.equal(await installJournal(h.sim.env).read('Killed'), undefined, 'and no journal is left');
  } finally {
    await h.sim.dispose();
  }
});

test('kill -9 before the account step: the next unattended run completes the account setup (never a root-only distro)', async (t) => {
  const built = await accountImage();
  if ('skip' in built) return t.skip(built.skip);
  const h = await createHarness();
  try {
    const location = join(dir, 'fleet');
    const { child, registering } = startSlowInstall(h, ['--file', built.file, '--name', 'Fleet', '--location', location, '--method', 'import', '--user', 'ops', '--password-stdin'], 'Fleet-Pa55word\n');
    await registering('Fleet');
    child.kill('SIGKILL');
    await waitFor('WSL to finish registering', async () => (await h.registryKey('Fleet'))?.State === 1);
    assert.equal((await h.runAsDefault('Fleet', ['id', '-un'])).out.trim(), 'root', 'the interrupted install left a root-only distribution');

    const answers = join(dir, 'fleet.yaml');
    await writeFile(answers, ['version: 1', 'name: Fleet', `location: ${location}`, 'image:', `  path: ${built.file}`, 'method: import', 'user: ops', 'password: none', 'sudo: nopasswd', ''].join('\n'));
    const ensured = runCli(h, ['install', '--answers', answers]);
    assert.equal(ensured.code, 0, ensured.stderr);
    assert.match(ensured.stdout, /Completed an install of Fleet interrupted at .*\nFleet was installed; added the account ops\./);
    assert.equal((await h.runAsDefault('Fleet', ['id', '-un'])).out.trim(), 'ops');
    assert.ok(await recordOf(h, 'Fleet'), 'the install record was written');
    assert.equal(await installJournal(h.sim.env).read('Fleet'), undefined);
    const rerun = runCli(h, ['install', '--answers', answers]);
    assert.match(rerun.stdout, /already installed with the user ops/);
  } finally {
    await h.sim.dispose();
  }
});

/** Leaves a journal as a process killed in `phase` would (its lock too, held by a dead pid). */
async function leaveJournal(h: Harness, data: InstallJournalData): Promise<void> {
  const journal = installJournal(h.sim.env);
  const owner: JournalOwner = { pid: deadPid(), id: data.installId, startedAt: new Date().toISOString() };
  await journal.write(data.name, owner, data);
  await writeFile(join(journal.dir, `install-${data.name.toLowerCase()}.lock`), JSON.stringify(owner));
}

test('a journal killed mid-account is removed and installed afresh by ensure; one that never registered only loses its folders', async () => {
  const h = await createHarness();
  try {
    // Mid-account: registered at the journal's location, no record.
    const location = join(dir, 'mid-account');
    await importDistro({ ...h.call, name: 'Mid', location, file: image, version: 2 });
    await h.run('Mid', ['sh', '-c', 'echo half-made > /root/marker']);
    await leaveJournal(h, { name: 'Mid', installId: 'dead-1', phase: 'account', method: 'import', file: image, location, createdDirs: [location] });
    const ensured = await ensureDistro({ ...h.call, file: image, name: 'Mid', location, method: 'import' });
    assert.equal(ensured.status, 'installed');
    assert.match(ensured.recovered ?? '', /Removed the half-made Mid/);
    assert.equal((await h.run('Mid', ['cat', '/root/marker'])).exitCode, 1, 'the half-made distribution was replaced');

    // Never registered: the folders it made go, WSL is not touched.
    const parent = join(dir, 'never', 'deep');
    const never = join(parent, 'Never');
    await mkdir(never, { recursive: true });
    await leaveJournal(h, { name: 'Never', installId: 'dead-2', phase: 'registering', method: 'import', file: image, location: never, createdDirs: [never, parent, join(dir, 'never')] });
    const installed = await installDistro({ ...h.call, file: image, name: 'Never', location: join(dir, 'never-2'), method: 'import' });
    assert.match(installed.recovered ?? '', /WSL had not registered it/);
    assert.equal(await listDir(join(dir, 'never')), undefined, 'the folders the dead install created are gone');
  } finally {
    await h.sim.dispose();
  }
});

test("a journal whose name now belongs to someone else leaves that distribution alone", async () => {
  const h = await createHarness();
  try {
    const theirs = join(dir, 'theirs');
    await importDistro({ ...h.call, name: 'Taken', location: theirs, file: image, version: 2 });
    const mine = join(dir, 'mine-never-made');
    await leaveJournal(h, { name: 'Taken', installId: 'dead-3', phase: 'registering', method: 'import', file: image, location: mine, createdDirs: [mine] });
    await assert.rejects(installDistro({ ...h.call, file: image, name: 'Taken', location: join(dir, 'other'), method: 'import' }), (error: AzlError) => error.code === 'DISTRO_EXISTS');
    assert.deepEqual(await h.distroNames(), ['Taken']);
    assert.equal((await h.registryKey('Taken'))?.BasePath, theirs);
    assert.equal(await installJournal(h.sim.env).read('Taken'), undefined, 'the dead journal is settled');
    assert.ok(JSON.parse(await readFile(join(h.sim.stateDir, 'registry-tester.json'), 'utf8')));
  } finally {
    await h.sim.dispose();
  }
});
