/**
 * First-account flows against the wsl.exe simulator with a real userland (useradd, chpasswd,
 * sudo, the wsl-setup first-run script) installed by dnf from the fixture repositories.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDistro, installDistro, setupUser } from '../../../wsl/install/install-distro.js';
import { installFromFile } from '../../../wsl/driver/wsl-install-from-file.js';
import { launchDistro } from '../../../wsl/driver/wsl-exec.js';
import { parseAnswerFile } from '../../../wsl/answers/answer-file.js';
import type { AzlError } from '../../../common/errors.js';
import { accountImage, imageVariant } from './test-images.js';
import { createHarness, listDir, type Harness } from './sim-helpers.js';

const PASSWORD = 'Tr0ub4dor&3 horse';
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0123456789abcdefghijkl jane@laptop';
/** A valid-looking SHA-512 crypt hash (chpasswd -e stores it as given). */
const HASH = '$6$fixturesalt$' + 'x'.repeat(86);

let dir: string;
let image: string | undefined;
let skipReason: string | undefined;
let h: Harness;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-account-flows-'));
  const built = await accountImage();
  if ('skip' in built) {
    skipReason = built.skip;
    console.log(`\n*** SKIPPING the account flows: ${skipReason} ***\n`);
  } else {
    image = built.file;
  }
  h = await createHarness();
});
after(async () => {
  await h?.sim.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('import + installer setup: default user after terminate, wsl.conf kept, password set, keys, no secret anywhere', async (t) => {
  if (!image) return t.skip(skipReason);
  const result = await installDistro({
    ...h.call,
    file: image,
    name: 'Dev',
    location: join(dir, 'dev'),
    method: 'import',
    onProgress: h.onProgress,
    account: { user: 'jane', password: { kind: 'plain', value: PASSWORD }, sudo: 'password', sshPublicKeys: [SSH_KEY], wslConfExtra: { interop: { appendWindowsPath: 'false' } } },
  });
  assert.equal(result.method, 'import');
  assert.equal(result.account?.uid, 1000);

  // Plain `wsl -d Dev` starts as jane now.
  assert.equal((await h.runAsDefault('Dev', ['id', '-un'])).out.trim(), 'jane');
  // The image's wsl.conf keys survive the merge.
  const conf = (await h.run('Dev', ['cat', '/etc/wsl.conf'])).out;
  assert.match(conf, /\[boot\]\nsystemd=true\n/);
  assert.match(conf, /\[interop\]\nappendWindowsPath=false\n/);
  assert.match(conf, /\[user\]\ndefault=jane\n/);
  assert.equal((await h.run('Dev', ['stat', '-c', '%a %U', '/etc/wsl.conf'])).out.trim(), '644 root');
  // The install record, written by the account script's own call: root's, 0644, naming this install.
  const record = JSON.parse((await h.run('Dev', ['cat', '/etc/azl-wsl/install.json'])).out) as { installId: string; image: { sha256: string } };
  assert.equal(record.installId, result.record.installId);
  assert.equal(record.image.sha256, result.record.image.sha256);
  assert.equal((await h.run('Dev', ['stat', '-c', '%a %U', '/etc/azl-wsl/install.json'])).out.trim(), '644 root');
  // The password is set (a hash in shadow), and jane is in wheel.
  assert.match((await h.run('Dev', ['sh', '-c', 'grep ^jane: /etc/shadow'])).out, /^jane:\$[0-9a-z]+\$[^:]{20,}:/);
  assert.match((await h.run('Dev', ['id', '-nG', 'jane'])).out, /\bwheel\b/);
  // SSH keys with the modes sshd insists on, owned by jane.
  assert.equal((await h.run('Dev', ['stat', '-c', '%a %U', '/home/jane/.ssh', '/home/jane/.ssh/authorized_keys'])).out, '700 jane\n600 jane\n');
  assert.equal((await h.run('Dev', ['cat', '/home/jane/.ssh/authorized_keys'])).out, SSH_KEY + '\n');

  // The password never travelled in argv, the log or progress.
  const argv = JSON.stringify(await h.sim.readArgvLog());
  assert.ok(argv.includes('chpasswd'), 'the argv log is really being read');
  assert.ok(!argv.includes(PASSWORD) && !argv.includes('Tr0ub4dor'), 'no password in any wsl.exe argv');
  assert.ok(!JSON.stringify(h.logs).includes('Tr0ub4dor'));
  assert.ok(h.events.length > 5 && !JSON.stringify(h.events).includes('Tr0ub4dor'));
});

test('re-installing the same name (any case) is refused and changes nothing', async (t) => {
  if (!image) return t.skip(skipReason);
  const before = JSON.stringify(await h.sim.registry());
  await assert.rejects(
    installDistro({ ...h.call, file: image, name: 'dev', location: join(dir, 'dev2'), method: 'auto', account: { user: 'bob', password: { kind: 'none' }, sudo: 'nopasswd' } }),
    (error: AzlError) => error.code === 'DISTRO_EXISTS' && /Nothing was changed/.test(error.hint ?? ''),
  );
  assert.equal(JSON.stringify(await h.sim.registry()), before);
  assert.equal(await listDir(join(dir, 'dev2')), undefined);
  assert.equal((await h.runAsDefault('Dev', ['id', '-un'])).out.trim(), 'jane');
});

test('setup-user refuses existing, reserved and invalid names and a password with a newline, changing nothing', async (t) => {
  if (!image) return t.skip(skipReason);
  const passwd = (await h.run('Dev', ['cat', '/etc/passwd'])).out;
  const base = { ...h.call, distro: 'DEV', sudo: 'password' as const, password: { kind: 'plain' as const, value: PASSWORD } };
  await assert.rejects(setupUser({ ...base, user: 'jane' }), { code: 'USER_EXISTS' });
  await assert.rejects(setupUser({ ...base, user: 'root' }), { code: 'USER_NAME_INVALID' });
  await assert.rejects(setupUser({ ...base, user: 'Bad.Name' }), { code: 'USER_NAME_INVALID' });
  await assert.rejects(setupUser({ ...base, user: 'bob', uid: 1000 }), { code: 'USER_EXISTS', message: /uid 1000 already belongs to "jane"/ });
  await assert.rejects(setupUser({ ...base, user: 'bob', uid: 1001, password: { kind: 'plain', value: 'line1\nbob2:x' } }), (error: AzlError) => {
    assert.equal(error.code, 'PASSWORD_INVALID');
    assert.doesNotMatch(JSON.stringify(error.toJSON()), /line1/);
    return true;
  });
  await assert.rejects(setupUser({ ...base, distro: 'Nope', user: 'bob' }), { code: 'DISTRO_NOT_FOUND' });
  assert.equal((await h.run('Dev', ['cat', '/etc/passwd'])).out, passwd);
});

test('a failing step rolls back: user removed, wsl.conf restored, still usable as root, retry hint', async (t) => {
  if (!image) return t.skip(skipReason);
  await installDistro({ ...h.call, file: image, name: 'Roll', location: join(dir, 'roll'), method: 'import' });
  const confBefore = (await h.run('Roll', ['cat', '/etc/wsl.conf'])).out;
  // Break chpasswd so the password step fails after the user was created.
  const broken = await h.run('Roll', ['sh', '-c', 'printf "#!/bin/sh\\necho chpasswd: PAM failure >&2\\nexit 1\\n" > /usr/sbin/chpasswd']);
  assert.equal(broken.exitCode, 0);
  await assert.rejects(
    setupUser({ ...h.call, distro: 'Roll', user: 'carol', password: { kind: 'plain', value: PASSWORD }, sudo: 'nopasswd', onProgress: h.onProgress }),
    (error: AzlError) => {
      assert.equal(error.code, 'ACCOUNT_SETUP_FAILED');
      assert.match(error.message, /"Setting the password"/);
      assert.match(error.hint!, /azl-wsl setup-user Roll/);
      assert.match(error.detail!, /PAM failure/);
      assert.doesNotMatch(JSON.stringify(error.toJSON()), /Tr0ub4dor/);
      return true;
    },
  );
  assert.doesNotMatch((await h.run('Roll', ['cat', '/etc/passwd'])).out, /^carol:/m);
  assert.equal((await h.run('Roll', ['sh', '-c', 'ls /home; ls /etc/sudoers.d'])).out.includes('carol'), false);
  assert.equal((await h.run('Roll', ['cat', '/etc/wsl.conf'])).out, confBefore);
  assert.equal((await h.runAsDefault('Roll', ['id', '-un'])).out.trim(), 'root');
});

test("from-file: the image's own first-run script creates the user from piped answers", async (t) => {
  if (!image) return t.skip(skipReason);
  await installFromFile({ ...h.call, file: image, name: 'Oobe', location: join(dir, 'oobe') });
  const first = await launchDistro('Oobe', { ...h.call, stdin: `bob\n${PASSWORD}\n` });
  assert.equal(first.exitCode, 0, first.text + first.stderr);
  assert.equal((await h.runAsDefault('Oobe', ['id', '-un'])).out.trim(), 'bob');
  assert.match((await h.run('Oobe', ['sh', '-c', 'grep ^bob: /etc/shadow'])).out, /^bob:\$/);
  // The first-run is done: an empty launch no longer asks.
  const again = await launchDistro('Oobe', { ...h.call, stdin: '' });
  assert.equal(again.exitCode, 0);
});

test('unattended answer file (from-file, passwordless with NOPASSWD sudo) is idempotent and clears the first-run', async (t) => {
  if (!image) return t.skip(skipReason);
  const answersPath = join(dir, 'answers.yaml');
  await writeFile(
    answersPath,
    ['version: 1', 'name: Fleet', 'location: ./fleet', 'image:', `  path: ${image}`, 'method: from-file', 'user: ops', 'password: none', 'groups: [docker]', 'wslConf:', '  boot:', '    command: "echo booted"', ''].join('\n'),
  );
  const answers = await parseAnswerFile(answersPath);
  const options = { ...h.call, file: (answers.image as { path: string }).path, name: answers.name, location: answers.location, method: answers.method, account: answers.account };
  const first = await ensureDistro(options);
  assert.equal(first.status, 'installed');
  assert.equal(first.status === 'installed' && first.install.method, 'from-file');
  assert.equal(first.status === 'installed' && first.install.account?.firstRunCleared, true);

  // An interactive-style launch with no input no longer runs the first-run prompt, and starts as ops.
  const launch = await launchDistro('Fleet', { ...h.call, stdin: 'id -un\n' });
  assert.equal(launch.exitCode, 0, launch.text + launch.stderr);
  assert.equal(launch.stdout.toString('utf8').trim(), 'ops');
  const reg = (await h.sim.registry()) as { subkeys: Record<string, { DistributionName: string; RunOOBE: number }> };
  assert.equal(Object.values(reg.subkeys).find((key) => key.DistributionName === 'Fleet')?.RunOOBE, 0);

  assert.equal((await h.run('Fleet', ['stat', '-c', '%a %U', '/etc/sudoers.d/ops'])).out.trim(), '440 root');
  assert.match((await h.run('Fleet', ['cat', '/etc/sudoers.d/ops'])).out, /^ops ALL=\(ALL\) NOPASSWD: ALL$/m);
  assert.match((await h.run('Fleet', ['id', '-nG', 'ops'])).out, /\bwheel\b.*\bdocker\b|\bdocker\b.*\bwheel\b/);
  assert.match((await h.run('Fleet', ['cat', '/etc/wsl.conf'])).out, /command=echo booted/);

  const second = await ensureDistro(options);
  assert.equal(second.status, 'unchanged');
  assert.match(second.message, /already installed with the user ops, as requested/);

  // setup-user with a hash: stored verbatim through chpasswd -e, and the new user becomes the default.
  const added = await setupUser({ ...h.call, distro: 'fleet', user: 'dana', uid: 1001, password: { kind: 'hash', value: HASH }, sudo: 'password' });
  assert.equal(added.uid, 1001);
  assert.equal((await h.run('Fleet', ['sh', '-c', 'grep ^dana: /etc/shadow | cut -d: -f2'])).out.trim(), HASH);
  assert.equal((await h.runAsDefault('Fleet', ['id', '-un'])).out.trim(), 'dana');
});

// WSL counts a pending first run with no command as a success: RunOOBE is cleared and
// `[oobe] defaultUid` becomes the default and the first interactive shell's user (init.cpp).
test('from-file image whose [oobe] has a defaultUid but no command: the first run is completed, the first interactive shell is the new user', async (t) => {
  if (!image) return t.skip(skipReason);
  const variant = await imageVariant(image, join(dir, 'no-command.tar'), { 'usr/lib/wsl-distribution.conf': '[oobe]\ndefaultUid = 1001\ndefaultName = NoCommand\n' });
  const result = await installDistro({ ...h.call, file: variant, name: 'NoCommand', location: join(dir, 'no-command'), method: 'from-file', account: { user: 'jane', password: { kind: 'none' }, sudo: 'nopasswd' } });
  assert.equal(result.account?.uid, 1000);
  assert.equal(result.account?.firstRunCleared, true);
  const reg = (await h.sim.registry()) as { subkeys: Record<string, { DistributionName: string; RunOOBE: number; DefaultUid: number }> };
  const key = Object.values(reg.subkeys).find((candidate) => candidate.DistributionName === 'NoCommand');
  assert.deepEqual({ RunOOBE: key?.RunOOBE, DefaultUid: key?.DefaultUid }, { RunOOBE: 0, DefaultUid: 1000 }, 'our user, not the image’s uid 1001, is the registry default');
  const launch = await launchDistro('NoCommand', { ...h.call, stdin: 'id -un\n' });
  assert.equal(launch.stdout.toString('utf8').trim(), 'jane', 'the first interactive shell (what Terminal opens) is jane, not uid 1001 or root');
});
