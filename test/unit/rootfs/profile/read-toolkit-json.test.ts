import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { AzlError } from '../../../../common/errors.js';
import { readProfile } from '../../../../rootfs/profile/read-profile.js';
import { tempDescription } from './temp-description.js';

const AZL3 = resolve('rootfs/samples/azl3');

async function rejects(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AzlError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(`${error.message} ${error.hint ?? ''}`, pattern);
    return true;
  });
}

test('marketplace-gen2.json: package lists unioned with sources, kernel from KernelOptions, files, post-install script', async () => {
  const plan = await readProfile({ profilePath: join(AZL3, 'marketplace-gen2.json'), arch: 'x86_64' });
  assert.equal(plan.format, 'toolkit-json');
  assert.equal(plan.profileName, 'marketplace-gen2');
  assert.equal(plan.imageName, 'Standard');
  assert.equal(plan.imageType.value, 'vhd');
  assert.equal(plan.releaseVersion.value, '3.0');
  assert.equal(plan.packageManager.value, 'tdnf');
  assert.deepEqual(plan.activeProfiles, []);
  assert.deepEqual(plan.repositories.map((repo) => [repo.url, repo.gpgKeys]), [
    ['https://packages.microsoft.com/azurelinux/3.0/prod/base/x86_64', ['file:///etc/pki/rpm-gpg/MICROSOFT-RPM-GPG-KEY']],
  ]);
  const image = new Map(plan.packages.image.map((ref) => [ref.name, ref.source]));
  assert.deepEqual(image.get('core-packages-base-image'), { file: 'packagelists/core-packages-image.json', line: 6 });
  assert.deepEqual(image.get('WALinuxAgent'), { file: 'packagelists/azurevm-packages.json', line: 11 });
  // Listed twice (azurevm and hyperv lists, as in Azure Linux's): the first mention is its source.
  assert.deepEqual(image.get('hyperv-daemons'), { file: 'packagelists/azurevm-packages.json', line: 9 });
  assert.deepEqual(image.get('kernel'), { file: 'marketplace-gen2.json', line: 80 }, 'KernelOptions.default installs the kernel package');
  assert.equal(plan.packages.image.length, 21);
  // The package list's "_comment" key (as in Microsoft's lists) is no error and no package.
  assert.ok(!plan.packages.image.some((ref) => ref.name.startsWith('_') || ref.name.includes('initramfs comes last')));
  assert.deepEqual(plan.files, [
    { from: join(AZL3, 'additionalconfigs/cloud-init.cfg'), to: '/etc/cloud/cloud.cfg', source: { file: 'marketplace-gen2.json', line: 64 } },
    { from: join(AZL3, 'additionalconfigs/chrony.cfg'), to: '/etc/chrony.conf', mode: 0o644, source: { file: 'marketplace-gen2.json', line: 66 } },
    { from: join(AZL3, 'additionalconfigs/wait-for-ptp-hyperv.conf'), to: '/etc/systemd/system/chronyd.service.d/wait-for-ptp-hyperv.conf', source: { file: 'marketplace-gen2.json', line: 71 } },
    { from: join(AZL3, 'additionalconfigs/51-ptp-hyperv.rules'), to: '/etc/udev/rules.d/51-ptp-hyperv.rules', source: { file: 'marketplace-gen2.json', line: 72 } },
  ]);
  assert.deepEqual(plan.scripts, [
    { kind: 'post-install', path: join(AZL3, 'additionalconfigs/configure-systemd-networkd.sh'), args: [], env: {}, source: { file: 'marketplace-gen2.json', line: 75 } },
  ]);
  assert.equal(plan.hostname?.value, 'azurelinux');
  assert.deepEqual(plan.ignored.map((field) => field.field).sort(), ['BootType', 'Disks', 'KernelCommandLine', 'PartitionSettings']);
});

test('core-efi.json: DisableRpmDocs and OverrideRpmLocales become rpm settings for the install and the image', async () => {
  const plan = await readProfile({ profilePath: join(AZL3, 'core-efi.json'), arch: 'x86_64' });
  assert.equal(plan.rpmExcludeDocs.value, true);
  assert.deepEqual(plan.installLangs, { value: 'NONE', source: { file: 'core-efi.json', line: 55 } });
});

test('core-container.json: a tar.gz artifact is a rootfs, with its cleanup script; minimal-os.json sets docs off', async () => {
  const container = await readProfile({ profilePath: join(AZL3, 'core-container.json'), arch: 'aarch64' });
  assert.equal(container.imageType.value, 'rootfs');
  assert.deepEqual(container.packages.image.map((ref) => ref.name), ['core-packages-container']);
  assert.equal(container.scripts[0].kind, 'post-install');
  assert.equal(container.repositories[0].url, 'https://packages.microsoft.com/azurelinux/3.0/prod/base/aarch64');
  const minimal = await readProfile({ profilePath: join(AZL3, 'minimal-os.json'), arch: 'x86_64' });
  assert.equal(minimal.rpmExcludeDocs.value, true);
  assert.deepEqual(minimal.rpmExcludeDocs.source, { file: 'minimal-os.json', line: 42 });
  assert.ok(minimal.packages.image.some((ref) => ref.name === 'systemd-networkd'));
});

test('users, groups, scripts, repositories and rpm settings; plaintext passwords never enter the plan', async () => {
  const dir = await tempDescription({
    'keys/id.pub': 'ssh-ed25519 AAAA test\n',
    'scripts/final.sh': '#!/bin/sh\n',
    'c.json': JSON.stringify(
      {
        SystemConfigs: [
          { Name: 'First', Packages: ['bash'] },
          {
            Name: 'Second',
            Packages: ['bash', 'sudo'],
            Users: [
              { Name: 'ops', UID: '1001', Password: 'hunter2-plain', PrimaryGroup: 'ops', SecondaryGroups: ['wheel'], SSHPubKeyPaths: ['keys/id.pub'], StartupCommand: '/bin/bash', HomeDirectory: '/home/ops' },
              { Name: 'hashy', Password: '$6$abc$def', PasswordHashed: true },
            ],
            Groups: [{ Name: 'ops', GID: '1001' }],
            FinalizeImageScripts: [{ Path: 'scripts/final.sh', Args: '--fast --quiet' }],
            PreInstallScripts: [{ Path: 'scripts/final.sh' }],
            PackageRepos: [{ Name: 'extra', BaseUrl: 'https://example.com/$releasever/$basearch', GPGKeys: 'file:///k', Install: false }],
            RemoveRpmDb: true,
          },
        ],
      },
      null,
      2,
    ),
  });
  const plan = await readProfile({ profilePath: join(dir, 'c.json'), kiwiProfile: 'Second', arch: 'x86_64' });
  assert.equal(plan.imageName, 'Second');
  assert.deepEqual(plan.packages.image.map((ref) => ref.name), ['bash', 'sudo']);
  assert.equal(plan.users[0].password, 'plaintext');
  assert.equal(plan.users[0].uid, 1001);
  assert.deepEqual(plan.users[0].sshPublicKeyPaths, [join(dir, 'keys/id.pub')]);
  assert.equal(plan.users[0].shell, '/bin/bash');
  assert.equal(plan.users[1].password, 'hashed');
  assert.deepEqual(plan.groups.map((group) => [group.name, group.gid]), [['ops', 1001]]);
  assert.deepEqual(plan.scripts.map((script) => [script.kind, script.args]), [['finalize', ['--fast', '--quiet']]]);
  assert.ok(plan.ignored.some((field) => field.field === 'PreInstallScripts'));
  assert.deepEqual(plan.repositories.map((repo) => repo.url), ['https://packages.microsoft.com/azurelinux/3.0/prod/base/x86_64', 'https://example.com/3.0/x86_64']);
  assert.equal(plan.removeRpmDb, true);
  const json = JSON.stringify(plan);
  assert.ok(!json.includes('hunter2') && !json.includes('$6$abc'), 'no password text in the plan');

  const first = await readProfile({ profilePath: join(dir, 'c.json'), arch: 'x86_64' });
  assert.equal(first.imageName, 'First', 'without a name the first SystemConfig is used');
  await rejects(readProfile({ profilePath: join(dir, 'c.json'), image: 'Third' }), 'PROFILE_UNKNOWN', /First, Second/);
});

test('unknown keys, syntax errors and escaping paths fail with file:line', async () => {
  const dir = await tempDescription({
    'unknown.json': '{\n  "SystemConfigs": [\n    {\n      "Name": "x",\n      "Flavour": "spicy"\n    }\n  ]\n}\n',
    'toplevel.json': '{\n  "SystemConfigs": [{"Name": "x"}],\n  "Extra": 1\n}\n',
    'broken.json': '{\n  "SystemConfigs": [\n    {"Name": "x",}\n  ]\n}\n',
    'escape.json': '{\n  "SystemConfigs": [\n    {"Name": "x", "AdditionalFiles": {"../etc/passwd": "/etc/passwd"}}\n  ]\n}\n',
    'target.json': '{\n  "SystemConfigs": [\n    {"Name": "x", "AdditionalFiles": {"f": "../f"}}\n  ]\n}\n',
    'list.json': '{\n  "SystemConfigs": [\n    {"Name": "x", "PackageLists": ["../lists/p.json"]}\n  ]\n}\n',
    f: 'x',
  });
  await rejects(readProfile({ profilePath: join(dir, 'unknown.json') }), 'PROFILE_UNSUPPORTED', /Flavour.*unknown\.json:5/);
  await rejects(readProfile({ profilePath: join(dir, 'toplevel.json') }), 'PROFILE_UNSUPPORTED', /Extra.*toplevel\.json:3/);
  await rejects(readProfile({ profilePath: join(dir, 'broken.json') }), 'PROFILE_SYNTAX', /broken\.json:3/);
  await rejects(readProfile({ profilePath: resolve('test/fixtures/profiles/bad/malformed-json/broken.json') }), 'PROFILE_SYNTAX', /broken\.json:7/);
  await rejects(readProfile({ profilePath: join(dir, 'escape.json') }), 'PATH_ESCAPE', /escape\.json:3/);
  await rejects(readProfile({ profilePath: join(dir, 'target.json') }), 'PATH_ESCAPE', /target\.json:3/);
  await rejects(readProfile({ profilePath: join(dir, 'list.json') }), 'PATH_ESCAPE', /list\.json:3/);
});

// A 45 MB config once never finished: every package was compared with every earlier one. With
// 200 000 names a quadratic union needs about 2·10¹⁰ comparisons (far past this timeout); the
// linear one reads them in well under a second.
test('tens of thousands of packages (200 000 here, half of them repeated) are read in one linear pass', { timeout: 60_000 }, async () => {
  const names = Array.from({ length: 200_000 }, (_, i) => `pkg-${i}`);
  const dir = await tempDescription({
    'lists/many.json': JSON.stringify({ packages: names }, null, 1),
    'many.json': JSON.stringify({ SystemConfigs: [{ Name: 'many', PackageLists: ['lists/many.json'], Packages: names.slice(0, 100_000) }] }, null, 1),
  });
  const plan = await readProfile({ profilePath: join(dir, 'many.json'), arch: 'x86_64' });
  assert.equal(plan.packages.image.length, 200_000);
  assert.equal(new Set(plan.packages.image.map((ref) => ref.name)).size, 200_000);
  assert.equal(plan.packages.image[0].source.file, 'lists/many.json', 'the first mention is kept as the source');
});
