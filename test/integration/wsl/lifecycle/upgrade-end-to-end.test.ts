/**
 * The upgrade as a user runs it, on a real userland (useradd, chpasswd, sudo, visudo from the
 * fixture repositories): a distribution installed with a user, files in their home, a custom
 * sudoers file, wsl.conf settings, SSH host keys, a tool under /opt and a hand-edited /etc file
 * is upgraded with `azl-wsl upgrade` to a newer image; afterwards everything is there, the same
 * default user starts, sudo works for them, the new packages are in, the edited /etc file is
 * listed for review, and the snapshot taken first is verified.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installDistro } from '../../../../wsl/install/install-distro.js';
import { accountImage } from '../test-images.js';
import { createLifecycleHarness, type LifecycleHarness } from './lifecycle-harness.js';
import { newerAccountImage } from './newer-image.js';

const PASSWORD = 'Upgrade-me 2 times!';
let h: LifecycleHarness;
let dir: string;
let oldImage: string | undefined;
let newImage: string | undefined;
let skipReason: string | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-upgrade-e2e-'));
  const [old, newer] = await Promise.all([accountImage(), newerAccountImage()]);
  if ('skip' in old) skipReason = old.skip;
  else if ('skip' in newer) skipReason = newer.skip;
  else {
    oldImage = old.file;
    newImage = newer.file;
  }
  h = await createLifecycleHarness();
});
after(async () => {
  await h?.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('upgrade to a newer image: home, account, password, groups, sudoers, wsl.conf, SSH host keys and --keep all carried; new packages in', async (t) => {
  if (!oldImage || !newImage) return t.skip(skipReason);
  await installDistro({
    ...h.call,
    file: oldImage,
    name: 'AzlDev',
    location: join(dir, 'azldev'),
    method: 'import',
    account: { user: 'jane', password: { kind: 'plain', value: PASSWORD }, sudo: 'password', wslConfExtra: { interop: { appendWindowsPath: 'false' }, automount: { options: 'metadata' } } },
  });
  const prepared = await h.run('AzlDev', `set -e
groupadd -r docker && usermod -aG docker jane
mkdir -p /home/jane/projects/app && echo 'console.log(1)' > /home/jane/projects/app/main.js && printf 'export EDITOR=vim\\n' >> /home/jane/.bashrc
chown -R jane:jane /home/jane/projects
echo 'jane ALL=(root) NOPASSWD: /usr/bin/id' > /etc/sudoers.d/90-jane-tools && chmod 0440 /etc/sudoers.d/90-jane-tools && visudo -c -q
mkdir -p /etc/ssh && echo 'PRIVATE KEY' > /etc/ssh/ssh_host_ed25519_key && chmod 0600 /etc/ssh/ssh_host_ed25519_key && echo 'ssh-ed25519 AAAA host' > /etc/ssh/ssh_host_ed25519_key.pub
mkdir -p /opt/tools && echo 'v1' > /opt/tools/VERSION
echo 'Welcome to the team box' > /etc/motd
`);
  assert.equal(prepared.code, 0, prepared.out);
  const shadowBefore = (await h.run('AzlDev', 'grep ^jane: /etc/shadow')).out;
  assert.match(shadowBefore, /^jane:\$/);

  const upgraded = h.azl(['upgrade', 'AzlDev', '--file', newImage, '--keep', '/opt/tools', '--yes']);
  assert.equal(upgraded.status, 0, upgraded.stderr);
  assert.match(upgraded.stdout, /^Upgraded AzlDev to .*; it starts as jane\.$/m);
  assert.match(upgraded.stdout, /Carried over: \/home, \/opt\/tools; accounts jane;.*\/etc\/sudoers\.d\/90-jane-tools.*2 SSH host key files/);
  assert.match(upgraded.stdout, /^ {2}\/etc\/motd {2}\(changed\)$/m, 'the edited /etc file is listed for review');

  // Same name, same default user, with a working shell and sudo rules.
  assert.deepEqual(await h.names(), ['AzlDev']);
  assert.equal((await h.run('AzlDev', 'id -un; id -nG', null)).out.split('\n')[0], 'jane');
  assert.match((await h.run('AzlDev', 'id -nG jane')).out, /\bwheel\b.*\bdocker\b|\bdocker\b.*\bwheel\b/);
  assert.equal((await h.run('AzlDev', 'grep ^jane: /etc/shadow')).out, shadowBefore, 'the password is the same');
  assert.equal((await h.run('AzlDev', 'sudo -n /usr/bin/id -un', 'jane')).out, 'root\n', 'the custom sudoers rule works');
  assert.equal((await h.run('AzlDev', 'cat /home/jane/projects/app/main.js; tail -n 1 /home/jane/.bashrc; stat -c %U /home/jane/projects/app/main.js')).out, "console.log(1)\nexport EDITOR=vim\njane\n");
  const conf = (await h.run('AzlDev', 'cat /etc/wsl.conf')).out;
  assert.match(conf, /\[user\]\ndefault=jane/);
  assert.match(conf, /appendWindowsPath=false/);
  assert.match(conf, /options=metadata/);
  assert.equal((await h.run('AzlDev', 'stat -c "%a %U" /etc/ssh/ssh_host_ed25519_key; cat /etc/ssh/ssh_host_ed25519_key.pub')).out, '600 root\nssh-ed25519 AAAA host\n');
  assert.equal((await h.run('AzlDev', 'cat /opt/tools/VERSION')).out, 'v1\n');
  // The new image's packages and build are what runs now.
  assert.equal((await h.run('AzlDev', 'cat /etc/azl-image-build; ls /usr/share/doc/jq /usr/share/doc/less')).code, 0);
  const record = JSON.parse((await h.run('AzlDev', 'cat /etc/azl-wsl/install.json')).out) as { image: { file: string }; history: Array<{ kind: string }> };
  assert.equal(record.image.file, 'newer.tar');
  assert.equal(record.history.at(-1)?.kind, 'upgrade');

  const listed = h.azl(['snapshots', 'AzlDev', '--verify']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /upgrade +jane +"before the upgrade to newer\.tar" +ok/);
  assert.deepEqual(await h.journals(), []);
});
