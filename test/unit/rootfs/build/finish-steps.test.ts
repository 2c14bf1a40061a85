import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockRootInShadow, runFinishSteps, setBootSystemd, stripBootFromFstab } from '../../../../rootfs/build/finish-steps.js';

const rule = { file: '<wsl transform>', line: 0 };

test('locking root puts ! before a hash and * in an empty field, other users untouched', () => {
  assert.equal(lockRootInShadow('root:$6$abc:19000::::::\nme:$6$x:1::::::'), 'root:!$6$abc:19000::::::\nme:$6$x:1::::::');
  assert.equal(lockRootInShadow('root::19000:0:99999:7:::'), 'root:*:19000:0:99999:7:::');
  assert.equal(lockRootInShadow('root:!$6$abc:1::::::'), 'root:!$6$abc:1::::::');
});

test('fstab keeps everything but /boot and /boot/efi', () => {
  const fstab = '# comment /boot\nUUID=1 / ext4 defaults 0 1\nUUID=2 /boot ext4 defaults 0 2\nUUID=3 /boot/efi vfat umask=0077 0 2\n';
  assert.equal(stripBootFromFstab(fstab), '# comment /boot\nUUID=1 / ext4 defaults 0 1\n');
});

test('finish steps change the root as a WSL image needs, keeping /etc/shadow mode 0000', async () => {
  const root = await mkdtemp(join(tmpdir(), 'azl-finish-'));
  try {
    await mkdir(join(root, 'etc'), { recursive: true });
    await writeFile(join(root, 'etc/shadow'), 'root:$6$hash:19000:0:99999:7:::\n', { mode: 0 });
    await writeFile(join(root, 'etc/fstab'), 'UUID=2 /boot ext4 defaults 0 2\n');
    await writeFile(join(root, 'etc/resolv.conf'), 'nameserver 1.1.1.1\n');
    await runFinishSteps(root, [
      { kind: 'lock-root', source: rule },
      { kind: 'machine-id-uninitialized', source: rule },
      { kind: 'strip-boot-fstab', source: rule },
      { kind: 'remove-path', path: '/etc/resolv.conf', source: rule },
      { kind: 'mask-unit', unit: 'tmp.mount', source: rule },
      { kind: 'write-file', path: '/usr/lib/wsl/x.conf', content: 'a=1\n', mode: 0o644, source: rule },
    ]);
    assert.match(await readFile(join(root, 'etc/shadow'), 'utf8'), /^root:!\$6\$hash:/);
    assert.equal((await stat(join(root, 'etc/shadow'))).mode & 0o7777, 0);
    assert.equal(await readFile(join(root, 'etc/machine-id'), 'utf8'), 'uninitialized\n');
    assert.equal(await readFile(join(root, 'etc/fstab'), 'utf8'), '');
    await assert.rejects(lstat(join(root, 'etc/resolv.conf')));
    assert.equal(await readlink(join(root, 'etc/systemd/system/tmp.mount')), '/dev/null');
    assert.equal((await stat(join(root, 'usr/lib/wsl/x.conf'))).mode & 0o7777, 0o644);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a remove-path through an escaping link is refused', async () => {
  const root = await mkdtemp(join(tmpdir(), 'azl-finish-'));
  try {
    await symlink('../../../../../../..', join(root, 'up'));
    await assert.rejects(runFinishSteps(root, [{ kind: 'remove-path', path: '/up/etc/passwd', source: rule }]), { code: 'PATH_ESCAPE' });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('every discouraged unit a package left enabled is masked and reported; the ones WSLg needs stay', async () => {
  const root = await mkdtemp(join(tmpdir(), 'azl-mask-'));
  try {
    const wants = join(root, 'usr/lib/systemd/system/multi-user.target.wants');
    await mkdir(wants, { recursive: true });
    await mkdir(join(root, 'etc/systemd/system/network-online.target.wants'), { recursive: true });
    await mkdir(join(root, 'usr/lib/systemd/system/sysinit.target.wants'), { recursive: true });
    await symlink('../NetworkManager.service', join(wants, 'NetworkManager.service'));
    await symlink('../sshd.service', join(wants, 'sshd.service'));
    await symlink('/usr/lib/systemd/system/NetworkManager-wait-online.service', join(root, 'etc/systemd/system/network-online.target.wants/NetworkManager-wait-online.service'));
    await symlink('../systemd-tmpfiles-setup.service', join(root, 'usr/lib/systemd/system/sysinit.target.wants/systemd-tmpfiles-setup.service'));
    // Already masked by the release package: left as it is, not reported twice.
    await symlink('../systemd-resolved.service', join(wants, 'systemd-resolved.service'));
    await symlink('/dev/null', join(root, 'etc/systemd/system/systemd-resolved.service'));
    const entries = await runFinishSteps(root, [{ kind: 'mask-enabled-discouraged-units', source: { file: '<wsl transform>', line: 0 } }]);
    assert.deepEqual(entries.map((entry) => entry.subject).sort(), ['NetworkManager-wait-online.service', 'NetworkManager.service']);
    assert.match(entries.find((entry) => entry.subject === 'NetworkManager.service')!.reason, /usr\/lib\/systemd\/system\/multi-user\.target\.wants\/NetworkManager\.service/);
    for (const unit of ['NetworkManager.service', 'NetworkManager-wait-online.service']) assert.equal(await readlink(join(root, 'etc/systemd/system', unit)), '/dev/null');
    await assert.rejects(lstat(join(root, 'etc/systemd/system/sshd.service')));
    await assert.rejects(lstat(join(root, 'etc/systemd/system/systemd-tmpfiles-setup.service')), 'WSLg needs it');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('[boot] systemd is set in place in wsl.conf, keeping every other line', async () => {
  assert.equal(setBootSystemd('[boot]\nsystemd=true\n', false), '[boot]\nsystemd=false\n');
  assert.equal(setBootSystemd('[user]\ndefault=jane\n\n[boot]\ncommand=echo\n', false), '[user]\ndefault=jane\n\n[boot]\nsystemd=false\ncommand=echo\n');
  assert.equal(setBootSystemd('[network]\nhostname=x', false), '[network]\nhostname=x\n[boot]\nsystemd=false\n');
  assert.equal(setBootSystemd('', false), '[boot]\nsystemd=false\n');
});
