import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BuildPlan, FinishStep } from '../../../../rootfs/plan/build-plan.js';
import { isWslPlan } from '../../../../rootfs/transform/wsl-transform.js';
import type { ParityEntry } from '../../../../rootfs/transform/parity-report.js';
import { wslExclusionFor } from '../../../../rootfs/transform/wsl-package-rules.js';
import { cloudPlan, convert, offering, wslPlan } from './sample-plans.js';

const AZL4_OFFERS = offering('azurelinux-release-wsl', 'wsl-setup', 'bash', 'sudo');
const NOTHING_WSL = offering('bash', 'sudo');

const EXPECTED_REMOVED = [
  'kernel', 'kernel-modules', 'grub2-efi-binary', 'shim', 'efibootmgr', 'dracut', 'linux-firmware', 'microcode_ctl',
  'cloud-init', 'cloud-utils-growpart', 'WALinuxAgent', 'azure-vm-utils', 'hyperv-daemons', 'dhcpcd', 'tpm2-tools',
  'selinux-policy-targeted',
];

const MASKED = [
  'systemd-networkd.service', 'systemd-networkd-wait-online.service', 'systemd-resolved.service',
  'systemd-vconsole-setup.service', 'tmp.mount', 'systemd-tmpfiles-setup-dev.service',
  'systemd-tmpfiles-setup-dev-early.service', 'console-getty.service', 'NetworkManager.service',
  'NetworkManager-wait-online.service', 'hypervkvpd.service',
];

function entriesOf(entries: ParityEntry[], action: ParityEntry['action']): ParityEntry[] {
  return entries.filter((entry) => entry.action === action);
}

function names(plan: BuildPlan, set: 'bootstrap' | 'image' | 'ignore' | 'delete'): string[] {
  return plan.packages[set].map((ref) => ref.name);
}

function masks(steps: FinishStep[]): string[] {
  return steps.flatMap((step) => (step.kind === 'mask-unit' ? [step.unit] : []));
}

test('a WSL plan builds unchanged and the report says so', async () => {
  const plan = wslPlan();
  const before = structuredClone(plan);
  assert.equal(isWslPlan(plan), true);
  const result = await convert(plan, AZL4_OFFERS);
  assert.deepEqual(result.plan, before);
  assert.deepEqual(result.parity, { sourceProfile: 'wsl', sourceImageType: 'wsl', transformed: false, entries: [] });
});

test('every boot, cloud and VM-agent package is removed with its own reason and source line', async () => {
  const plan = cloudPlan();
  assert.equal(isWslPlan(plan), false);
  const { plan: out, parity } = await convert(plan, AZL4_OFFERS);
  const image = names(out, 'image');
  for (const name of EXPECTED_REMOVED) assert.ok(!image.includes(name), `${name} is still installed`);
  const removed = entriesOf(parity.entries, 'removed-package');
  assert.deepEqual(removed.map((entry) => entry.subject), EXPECTED_REMOVED);
  for (const entry of removed) {
    const original = plan.packages.image.find((ref) => ref.name === entry.subject)!;
    assert.deepEqual(entry.source, original.source, `${entry.subject} points at its package line`);
    assert.ok(entry.reason.length > 20, `${entry.subject} has a real reason`);
  }
  const reasonOf = (name: string): string => removed.find((entry) => entry.subject === name)!.reason;
  assert.match(reasonOf('cloud-init'), /metadata service.*stalls boot.*azl_user/);
  assert.match(reasonOf('WALinuxAgent'), /Azure VM agent has no VM to manage in WSL/);
  assert.match(reasonOf('kernel'), /kernel/);
  assert.match(reasonOf('kernel-modules'), /modules/);
  assert.match(reasonOf('grub2-efi-binary'), /boot loader/);
  assert.match(reasonOf('selinux-policy-targeted'), /SELinux/);
  assert.match(reasonOf('hyperv-daemons'), /Hyper-V/);
  // Distinct packages get distinct explanations, not one blanket sentence.
  assert.ok(new Set(removed.map((entry) => entry.reason)).size >= 14);
});

test('each exclusion rule matches what it names and nothing innocent', () => {
  const cases: Record<string, string> = {
    'kernel-core': 'kernel*', 'kernel-modules-extra': 'kernel-modules*', 'grub2-tools': 'grub2*', 'shim-x64': 'shim*',
    efibootmgr: 'efibootmgr', 'dracut-config-generic': 'dracut*', 'alsa-sof-firmware': '*-firmware',
    microcode_ctl: 'microcode_ctl', 'cloud-init': 'cloud-init', 'cloud-utils-growpart': 'cloud-utils-growpart',
    WALinuxAgent: 'WALinuxAgent*', 'azure-vm-utils': 'azure-vm-utils', 'hyperv-daemons': 'hyperv*', hypervkvpd: 'hyperv*',
    dhcpcd: 'dhcpcd', 'dhcp-client': 'dhcp-client', 'tpm2-tools': 'tpm2-tools', 'selinux-policy': 'selinux-policy*',
  };
  for (const [name, pattern] of Object.entries(cases)) assert.equal(wslExclusionFor(name)?.pattern, pattern, name);
  // Userland that only shares a prefix stays: gcc needs kernel-headers, rpm-build the macros, systemd tpm2-tss.
  for (const keep of ['bash', 'shadow-utils', 'keyutils', 'core-packages-base-image', 'cloud-init-wsl-extra', 'firmware', 'chrony', 'sudo', 'systemd',
    'kernel-headers', 'kernel-srpm-macros', 'kernel-tools', 'tpm2-tss']) {
    assert.equal(wslExclusionFor(keep), undefined, keep);
  }
});

test('the build excludes exactly the removed packages, never a pattern, and a meta-package is expanded', async () => {
  const plan = cloudPlan();
  plan.packages.image.push({ name: 'core-packages-base-image', source: { file: 'x.json', line: 4 } });
  const { plan: out, parity } = await convert(plan, AZL4_OFFERS, {
    'core-packages-base-image': { files: false, requires: ['bash', 'initramfs', 'tar'] },
    initramfs: { requires: ['dracut'] },
  });
  const image = names(out, 'image');
  assert.ok(!image.includes('core-packages-base-image'), 'the meta-package itself cannot be installed');
  assert.ok(image.includes('tar') && image.includes('bash'), 'its other requirements are installed directly');
  assert.ok(!image.includes('initramfs'));
  const ignore = names(out, 'ignore');
  assert.equal(ignore[0], 'plymouth', 'the profile\'s own ignores stay first');
  assert.ok(ignore.includes('initramfs') && ignore.includes('dracut') && ignore.includes('kernel'));
  for (const name of ignore) assert.ok(!name.includes('*'), `${name} is an exact name`);
  const meta = parity.entries.find((entry) => entry.subject === 'core-packages-base-image')!;
  assert.equal(meta.action, 'removed-package');
  assert.match(meta.reason, /meta-package .*requires `initramfs`.*other 2 requirements are installed directly/);
  const initramfs = parity.entries.find((entry) => entry.subject === 'initramfs')!;
  assert.match(initramfs.reason, /^it requires `dracut`, which WSL removes: it builds initramfs images.*\(a dependency of `core-packages-base-image`\)$/);
  assert.match(entriesOf(parity.entries, 'note').find((entry) => entry.subject === 'package excludes')!.reason, /nothing is excluded in the finished distribution/);
  // A package in the delete list that is never installed would make `rpm -e` fail.
  assert.deepEqual(names(out, 'delete'), []);
});

test('the cloud release package is swapped for the WSL one when the repositories have it', async () => {
  const { plan: out, parity } = await convert(cloudPlan(), AZL4_OFFERS);
  assert.equal(out.packages.bootstrap[0].name, 'azurelinux-release-wsl', 'same position as the cloud package');
  assert.deepEqual(out.packages.bootstrap[0].source, { file: 'components/common.xml', line: 20 });
  assert.ok(!names(out, 'bootstrap').includes('azurelinux-release-cloud'));
  const swapped = entriesOf(parity.entries, 'swapped-package');
  assert.equal(swapped.length, 1);
  assert.equal(swapped[0].subject, 'azurelinux-release-cloud');
  assert.equal(swapped[0].replacement, 'azurelinux-release-wsl');
  // The WSL release package applies the unit rules itself: no mask steps from us.
  assert.deepEqual(masks(out.finish), []);
  assert.equal(entriesOf(parity.entries, 'masked-unit').length, 0);
});

test('a container release package is swapped too, wherever it appears', async () => {
  const plan = cloudPlan();
  plan.packages.bootstrap[0].name = 'azurelinux-release-container';
  plan.packages.image.push({ name: 'azurelinux-release-container', source: { file: 'teams/container.xml', line: 5 } });
  const { plan: out, parity } = await convert(plan, AZL4_OFFERS);
  assert.equal(out.packages.bootstrap[0].name, 'azurelinux-release-wsl');
  assert.equal(out.packages.image.at(-2)!.name, 'azurelinux-release-wsl');
  // One line in the report although both lists name it.
  assert.equal(entriesOf(parity.entries, 'swapped-package').length, 1);
});

test('without azurelinux-release-wsl the release package stays, is noted, and units are masked', async () => {
  const { plan: out, parity } = await convert(cloudPlan(), offering('wsl-setup'));
  assert.equal(out.packages.bootstrap[0].name, 'azurelinux-release-cloud');
  assert.equal(entriesOf(parity.entries, 'swapped-package').length, 0);
  const note = entriesOf(parity.entries, 'note').find((entry) => entry.subject === 'azurelinux-release-cloud');
  assert.ok(note, 'the kept release package is noted');
  assert.deepEqual(note.source, { file: 'components/common.xml', line: 20 });
  assert.deepEqual(masks(out.finish), MASKED);
  assert.deepEqual(entriesOf(parity.entries, 'masked-unit').map((entry) => entry.subject), MASKED);
  // WSLg needs these two; the fixture systemd ships them static, so they are never masked.
  assert.ok(!masks(out.finish).includes('systemd-tmpfiles-setup.service'));
  assert.ok(!masks(out.finish).includes('systemd-tmpfiles-clean.service'));
});

test('wsl-setup is added when the repositories offer it, and then none of our own files', async () => {
  const { plan: out, parity } = await convert(cloudPlan(), AZL4_OFFERS);
  assert.equal(out.packages.image.at(-1)!.name, 'wsl-setup');
  assert.deepEqual(entriesOf(parity.entries, 'added-package').map((entry) => entry.subject), ['wsl-setup']);
  assert.ok(!out.finish.some((step) => step.kind === 'write-file' || step.kind === 'copy-file'));
  assert.equal(entriesOf(parity.entries, 'added-file').length, 0);
});

test('without wsl-setup (Azure Linux 3.0) our own WSL files are written instead', async () => {
  const plan = cloudPlan();
  plan.format = 'toolkit-json';
  plan.releaseVersion = { value: '3.0', source: { file: 'marketplace-gen2.json', line: 1 } };
  plan.imageType = { value: 'vhd', source: { file: 'marketplace-gen2.json', line: 5 } };
  plan.packages.bootstrap[0].name = 'azurelinux-release';
  const { plan: out, parity } = await convert(plan, NOTHING_WSL);
  assert.ok(!names(out, 'image').includes('wsl-setup'));
  const written = out.finish.flatMap((step) => (step.kind === 'write-file' || step.kind === 'copy-file' ? [step.path] : []));
  const expected = ['/etc/wsl.conf', '/etc/wsl-distribution.conf', '/usr/lib/wsl/first-run.sh', '/usr/lib/wsl/azurelinux.ico', '/usr/lib/wsl/terminal-profile.json'];
  assert.deepEqual(written, expected);
  assert.deepEqual(entriesOf(parity.entries, 'added-file').map((entry) => entry.subject), expected);
  const conf = out.finish.find((step) => step.kind === 'write-file' && step.path === '/etc/wsl-distribution.conf');
  assert.ok(conf?.kind === 'write-file' && /defaultName = AzureLinux-3\.0\n/.test(conf.content));
  assert.deepEqual(masks(out.finish), MASKED, 'no WSL release package, so we mask');
  assert.ok(entriesOf(parity.entries, 'note').some((entry) => entry.subject === 'release package'));
  assert.equal(out.bundleFormat?.value, 'AzureLinux-3-marketplace-gen2-%A');
});

test('cloud files, the networkd script and cloud-init units are dropped; other files and scripts stay identical', async () => {
  const plan = cloudPlan();
  const { plan: out, parity } = await convert(plan, AZL4_OFFERS);
  assert.deepEqual(out.files, [plan.files[2]]);
  assert.deepEqual(out.scripts, [plan.scripts[1]]);
  const removedFiles = entriesOf(parity.entries, 'removed-file');
  const cloudCfg = removedFiles.find((entry) => entry.subject === '/etc/cloud/cloud.cfg.d/10-azure.cfg')!;
  assert.match(cloudCfg.reason, /cloud-init/);
  assert.deepEqual(cloudCfg.source, plan.files[0].source);
  const chrony = removedFiles.find((entry) => entry.subject === '/etc/chrony.conf')!;
  assert.match(chrony.reason, /PTP/);
  const script = entriesOf(parity.entries, 'removed-script');
  assert.equal(script.length, 1);
  assert.equal(script[0].subject, 'configure-systemd-networkd.sh');
  assert.deepEqual(script[0].source, plan.scripts[0].source);
  assert.deepEqual(out.services.map((service) => service.unit), ['sshd.service']);
  assert.ok(entriesOf(parity.entries, 'note').some((entry) => entry.subject === 'azl_user'));
});

test('every WSL plan gets a locked root, an uninitialized machine-id, no resolv.conf and no boot fstab entries', async () => {
  for (const offers of [AZL4_OFFERS, NOTHING_WSL]) {
    const { plan: out, parity } = await convert(cloudPlan(), offers);
    const tail = out.finish.slice(-4);
    assert.deepEqual(
      tail.map((step) => (step.kind === 'remove-path' ? `${step.kind} ${step.path}` : step.kind)),
      ['lock-root', 'machine-id-uninitialized', 'remove-path /etc/resolv.conf', 'strip-boot-fstab'],
    );
    const subjects = parity.entries.map((entry) => entry.subject);
    for (const subject of ['root password', '/etc/machine-id', '/etc/resolv.conf', '/etc/fstab']) assert.ok(subjects.includes(subject), subject);
  }
});

test('image type becomes wsl, with the old value and its line in the report; an existing bundle format is kept', async () => {
  const plan = cloudPlan();
  const { plan: out, parity } = await convert(plan, AZL4_OFFERS);
  assert.equal(out.imageType.value, 'wsl');
  assert.equal(isWslPlan(out), true);
  const change = parity.entries.find((entry) => entry.subject === 'image type')!;
  assert.equal(change.replacement, 'wsl');
  assert.match(change.reason, /`oem`/);
  assert.deepEqual(change.source, plan.imageType.source);
  // The profile's name is in it: the wsl profile's own image is AzureLinux-4-%A.
  assert.equal(out.bundleFormat?.value, 'AzureLinux-4-marketplace-gen2-%A');

  const withBundle = cloudPlan();
  withBundle.bundleFormat = { value: 'Custom-%A', source: { file: 'a.kiwi', line: 2 } };
  assert.deepEqual((await convert(withBundle, AZL4_OFFERS)).plan.bundleFormat, withBundle.bundleFormat);
  assert.equal(parity.sourceProfile, 'marketplace-gen2');
  assert.equal(parity.sourceImageType, 'oem');
  assert.equal(parity.transformed, true);
});

test('everything the rules do not name stays identical, and the input plan is not modified', async () => {
  for (const offers of [AZL4_OFFERS, NOTHING_WSL]) {
    const plan = cloudPlan();
    const before = structuredClone(plan);
    const { plan: out } = await convert(plan, offers);
    assert.deepEqual(plan, before, 'input untouched');
    const untouched = [
      'format', 'profilePath', 'descriptionDir', 'imageName', 'activeProfiles', 'profileName', 'releaseVersion', 'arch',
      'packageManager', 'locale', 'timezone', 'hostname', 'rpmExcludeDocs', 'rpmLocaleFiltering', 'installWeakDeps',
      'repositories', 'overlays', 'users', 'groups', 'removeRpmDb', 'ignored',
    ] as const;
    for (const field of untouched) assert.deepEqual(out[field], plan[field], field);
    // The packages that stay keep their order and their source lines.
    const kept = plan.packages.image.filter((ref) => !wslExclusionFor(ref.name));
    const outImage = out.packages.image.filter((ref) => ref.name !== 'wsl-setup');
    assert.deepEqual(outImage, kept);
    assert.deepEqual(out.packages.bootstrap.slice(1), plan.packages.bootstrap.slice(1));
  }
});

test('a profile user with uid 1000 is kept and noted (the first-run setup will find it)', async () => {
  const plan = cloudPlan();
  plan.users.push({ name: 'azureuser', uid: 1000, secondaryGroups: ['wheel'], password: 'hashed', sshPublicKeyPaths: [], source: { file: 'x.json', line: 30 } });
  const { plan: out, parity } = await convert(plan, AZL4_OFFERS);
  assert.deepEqual(out.users, plan.users);
  const note = entriesOf(parity.entries, 'note').find((entry) => entry.subject === 'azureuser');
  assert.deepEqual(note?.source, { file: 'x.json', line: 30 });
});
