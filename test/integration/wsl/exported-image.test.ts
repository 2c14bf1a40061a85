/**
 * Installing an exported distribution again: its uid 1000 account (jdoe) is already in the
 * image. Creating a first account at uid 1000 is refused with a next step that works (keep
 * jdoe with --existing-user, or another account at the next free uid), and both ways work, in
 * the engine and the CLI, against the wsl.exe simulator with a real userland.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installDistro } from '../../../wsl/install/install-distro.js';
import { exportDistro } from '../../../wsl/driver/wsl-export.js';
import { AccountClashError } from '../../../wsl/account/validate-account.js';
import { accountImage } from './test-images.js';
import { createHarness, type Harness } from './sim-helpers.js';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));
const PASSWORD = 'first-Pa55 word';
const NEW_PASSWORD = 'second-Pa55 word';

let dir: string;
let exported = '';
let skipReason: string | undefined;
let h: Harness;

function azl(args: string[], stdin = ''): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args, '--wsl', h.sim.wslPath], { env: h.sim.env, input: stdin, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-exported-'));
  h = await createHarness();
  const built = await accountImage();
  if ('skip' in built) {
    skipReason = built.skip;
    return;
  }
  // A distribution with jdoe at uid 1000, exported as a .wsl (gzip tar), as a user backs one up.
  await installDistro({ ...h.call, file: built.file, name: 'Original', location: join(dir, 'original'), method: 'import', account: { user: 'jdoe', password: { kind: 'plain', value: PASSWORD }, sudo: 'password' } });
  exported = join(dir, 'original.wsl');
  await exportDistro({ ...h.call, name: 'Original', file: exported, format: 'tar.gz' });
});

after(async () => {
  await h?.sim.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('a new account at uid 1000 clashes with jdoe: refused with the next free uid, nothing left behind', async (t) => {
  if (!exported) return t.skip(skipReason);
  const attempt = installDistro({ ...h.call, file: exported, name: 'Copy-Refused', location: join(dir, 'refused'), method: 'import', account: { user: 'jane', password: { kind: 'plain', value: PASSWORD }, sudo: 'password' } });
  await assert.rejects(attempt, (error: Error & { code?: string; cause?: unknown }) => {
    const clash = error.cause instanceof AccountClashError ? error.cause : error;
    assert.equal(error.code, 'USER_EXISTS');
    assert.ok(clash instanceof AccountClashError);
    assert.equal(clash.clash, 'uid');
    assert.equal(clash.existingUser, 'jdoe');
    assert.equal(clash.nextFreeUid, 1001);
    return true;
  });
  assert.equal((await h.distroNames()).includes('Copy-Refused'), false);

  const cliAttempt = azl(['install', '--file', exported, '--name', 'Copy-Refused', '--method', 'import', '--location', join(dir, 'refused'), '--user', 'jane', '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(cliAttempt.code, 1);
  assert.match(cliAttempt.stderr, /The uid 1000 already belongs to "jdoe"/);
  assert.match(cliAttempt.stderr, /Next step: Keep jdoe: run the install again with --existing-user jdoe .*, or create another account with --uid 1001\./);
});

test('following the hint: --existing-user jdoe (with a new password) starts as jdoe; --uid 1001 makes a second account', async (t) => {
  if (!exported) return t.skip(skipReason);
  const shadowBefore = (await h.run('Original', ['grep', '^jdoe:', '/etc/shadow'])).out;
  const kept = azl(['install', '--file', exported, '--name', 'Copy-Kept', '--method', 'import', '--location', join(dir, 'kept'), '--existing-user', 'jdoe', '--password-stdin'], `${NEW_PASSWORD}\n`);
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(kept.stdout, /with the default user jdoe/);
  assert.equal((await h.runAsDefault('Copy-Kept', ['id', '-un'])).out.trim(), 'jdoe');
  assert.notEqual((await h.run('Copy-Kept', ['grep', '^jdoe:', '/etc/shadow'])).out, shadowBefore, 'jdoe has the new password');

  const another = azl(['install', '--file', exported, '--name', 'Copy-Another', '--method', 'import', '--location', join(dir, 'another'), '--user', 'jane', '--uid', '1001', '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(another.code, 0, another.stderr);
  assert.equal((await h.runAsDefault('Copy-Another', ['id', '-un'])).out.trim(), 'jane');
  assert.equal((await h.runAsDefault('Copy-Another', ['id', '-u'])).out.trim(), '1001');
  assert.match((await h.run('Copy-Another', ['grep', '^jdoe:', '/etc/passwd'])).out, /^jdoe:x:1000:/, 'jdoe is still there');

  const wrongUser = azl(['install', '--file', exported, '--name', 'Copy-Ghost', '--method', 'import', '--location', join(dir, 'ghost'), '--existing-user', 'ghost']);
  assert.equal(wrongUser.code, 1);
  assert.match(wrongUser.stderr, /The image original\.wsl has no user "ghost"\.\nNext step: Keep one of its accounts \(jdoe\), or create a new account instead\. Nothing was changed\./);
  assert.equal((await h.distroNames()).includes('Copy-Ghost'), false, 'nothing was registered');
});

test('setup-user in a distribution that has jdoe: the hint names set-default-user and the free uid, and --uid works', async (t) => {
  if (!exported) return t.skip(skipReason);
  const clash = azl(['setup-user', 'Copy-Kept', '--user', 'kim', '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(clash.code, 1);
  assert.match(clash.stderr, /Next step: Keep jdoe: make it the default with `azl-wsl set-default-user Copy-Kept jdoe`, or create another account with --uid 1001\./);
  const named = azl(['setup-user', 'Copy-Kept', '--user', 'jdoe', '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(named.code, 1);
  assert.match(named.stderr, /The user "jdoe" already exists.*\nNext step: Keep jdoe: make it the default with `azl-wsl set-default-user Copy-Kept jdoe`, or create another account with another --user and --uid 1001\./s);
  const made = azl(['setup-user', 'Copy-Kept', '--user', 'kim', '--uid', '1001', '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(made.code, 0, made.stderr);
  assert.match(made.stdout, /Copy-Kept now starts as kim \(uid 1001\)/);
  const badUid = azl(['setup-user', 'Copy-Kept', '--user', 'lee', '--uid', '12'], '');
  assert.equal(badUid.code, 2);
  assert.match(badUid.stderr, /--uid 12 is not a uid for a person's account/);
});
