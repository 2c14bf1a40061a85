import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAzlError } from '../../../../common/errors.js';
import { resolveWslRemovals, type RemovedPackage } from '../../../../rootfs/transform/dependency-removal.js';
import { tableSolver } from './table-solver.js';

// The real chains (azure-linux-profiles.md): 4.0 grubby and os-prober → grub2-tools-minimal,
// rpm-plugin-selinux → selinux-policy-base (provided by selinux-policy-targeted); 3.0 initramfs →
// dracut, cloud-init-azure-kvp → cloud-init; a meta-package pulling in initramfs.
const REPOSITORY = {
  'grub2-tools-minimal': {},
  grubby: { requires: ['grub2-tools-minimal'] },
  'os-prober': { requires: ['grub2-tools-minimal'] },
  'selinux-policy-targeted': { provides: ['selinux-policy-base'], requires: ['selinux-policy'] },
  'rpm-plugin-selinux': { requires: ['selinux-policy-base'] },
  initramfs: { requires: ['dracut'] },
  'cloud-init-azure-kvp': { requires: ['cloud-init'] },
  'core-packages-base-image': { files: false, requires: ['bash', 'systemd', 'initramfs', 'sudo >= 1.9'] },
  kernel: { requires: ['kernel-core', 'kernel-modules'] },
  gcc: { requires: ['glibc-devel'] },
  'glibc-devel': { requires: ['kernel-headers'] },
  'azurelinux-release': { version: '4.0-1.azl4' },
};

function byName(removed: RemovedPackage[]): Map<string, RemovedPackage> {
  return new Map(removed.map((entry) => [entry.name, entry]));
}

const at = (line: number) => ({ file: 'teams/cloud/vm-base.xml', line });

test('family members named by the profile go by exact name, with their rule and line', async () => {
  const result = await resolveWslRemovals([{ name: 'bash' }, { name: 'cloud-init', source: at(3) }, { name: 'kernel', source: at(4) }], tableSolver(REPOSITORY));
  const removed = byName(result.removed);
  assert.deepEqual([...removed.keys()].sort(), ['cloud-init', 'kernel']);
  assert.equal(removed.get('cloud-init')!.rule?.pattern, 'cloud-init');
  assert.deepEqual(removed.get('kernel')!.source, at(4));
  // kernel-core and kernel-modules never enter the transaction once kernel is gone: nothing to remove.
  assert.deepEqual(result.transaction.map((pkg) => pkg.name), ['bash']);
});

test('dependents of removed packages go too, each with the requirement that tied it', async () => {
  const request = ['grubby', 'os-prober', 'rpm-plugin-selinux', 'selinux-policy-targeted', 'grub2-tools-minimal', 'bash'].map((name, index) => ({ name, source: at(10 + index) }));
  const result = await resolveWslRemovals(request, tableSolver(REPOSITORY));
  const removed = byName(result.removed);
  assert.deepEqual(removed.get('grubby')!.requires, { requirement: 'grub2-tools-minimal', provider: 'grub2-tools-minimal' });
  assert.deepEqual(removed.get('grubby')!.source, at(10));
  assert.deepEqual(removed.get('os-prober')!.requires, { requirement: 'grub2-tools-minimal', provider: 'grub2-tools-minimal' });
  // A capability, not a name: the provider is the filtered-out package.
  assert.deepEqual(removed.get('rpm-plugin-selinux')!.requires, { requirement: 'selinux-policy-base', provider: 'selinux-policy-targeted' });
  assert.deepEqual(result.transaction.map((pkg) => pkg.name), ['bash']);
});

test('a dependency the profile did not name is removed when the transaction pulls it in, saying by whom', async () => {
  // cloud-init-azure-kvp is fine, but requires cloud-init: family member reached only as a dependency.
  const result = await resolveWslRemovals([{ name: 'cloud-init-azure-kvp', source: at(7) }, { name: 'bash' }], tableSolver({ ...REPOSITORY, 'cloud-init-azure-kvp': { requires: ['python3-azure'] }, 'python3-azure': { requires: ['WALinuxAgent'] } }));
  const removed = byName(result.removed);
  assert.ok(removed.get('WALinuxAgent')?.rule, 'found in the resolved transaction');
  assert.equal(removed.get('WALinuxAgent')!.source, undefined, 'the profile did not name it');
  assert.equal(removed.get('python3-azure')!.requires?.provider, 'WALinuxAgent');
  assert.equal(removed.get('python3-azure')!.pulledInBy, 'cloud-init-azure-kvp');
  assert.equal(removed.get('cloud-init-azure-kvp')!.requires?.provider, 'python3-azure', 'the chain continues to the top');
});

test('a meta-package is expanded into its requirements, without the one that cannot stay', async () => {
  const result = await resolveWslRemovals([{ name: 'core-packages-base-image', source: { file: 'packagelists/core-packages-image.json', line: 4 } }], tableSolver(REPOSITORY));
  assert.equal(result.expanded.length, 1);
  const [expansion] = result.expanded;
  assert.equal(expansion!.name, 'core-packages-base-image');
  assert.deepEqual(expansion!.into, ['bash', 'systemd', 'sudo >= 1.9']);
  assert.deepEqual(expansion!.without, ['initramfs']);
  const removed = byName(result.removed);
  assert.equal(removed.get('initramfs')!.requires?.provider, 'dracut');
  assert.equal(removed.get('initramfs')!.pulledInBy, 'core-packages-base-image');
  assert.deepEqual(result.transaction.map((pkg) => pkg.name).sort(), ['bash', 'sudo', 'systemd']);
});

test('kernel-headers is not a kernel: gcc keeps its whole chain', async () => {
  const result = await resolveWslRemovals([{ name: 'gcc' }, { name: 'kernel' }], tableSolver(REPOSITORY));
  assert.deepEqual(result.removed.map((entry) => entry.name), ['kernel']);
  assert.deepEqual(result.transaction.map((pkg) => pkg.name).sort(), ['gcc', 'glibc-devel', 'kernel-headers']);
});

test('a protected package that needs a removed one stops the conversion, naming the chain and what to change', async () => {
  const solver = tableSolver({ ...REPOSITORY, systemd: { requires: ['grubby'] } });
  await assert.rejects(resolveWslRemovals([{ name: 'systemd', source: at(20) }, { name: 'bash' }], solver), (error) => {
    assert.ok(isAzlError(error));
    assert.equal(error.code, 'WSL_CONVERSION_BLOCKED');
    assert.match(error.message, /cannot be turned into a WSL image: systemd requires grubby; grubby requires grub2-tools-minimal; grub2-tools-minimal is removed for WSL \(a boot loader tool/);
    assert.match(error.hint!, /systemd is part of every WSL image.*teams\/cloud\/vm-base\.xml:20.*Nothing was installed/);
    return true;
  });
});

test('a missing package is dnf\'s own failure, said as such', async () => {
  await assert.rejects(resolveWslRemovals([{ name: 'bash' }, { name: 'no-such-tool' }], tableSolver(REPOSITORY, ['no-such-tool'])), (error) => {
    assert.ok(isAzlError(error));
    assert.equal(error.code, 'PACKAGE_MISSING');
    assert.match(error.message, /do not offer: no-such-tool/);
    assert.match(error.hint!, /package manager's own answer, not the WSL conversion/);
    return true;
  });
  const unprovided = tableSolver({ tool: { requires: ['libgone'] } }, ['libgone']);
  await assert.rejects(resolveWslRemovals([{ name: 'tool' }], unprovided), (error) => isAzlError(error) && error.code === 'PACKAGE_MISSING' && /libgone/.test(error.message));
});

test('the rounds end: each one removes or expands something', async () => {
  const solver = tableSolver(REPOSITORY);
  const all = Object.keys(REPOSITORY).map((name) => ({ name }));
  const result = await resolveWslRemovals(all, solver);
  assert.equal(result.rounds, solver.calls);
  assert.ok(result.rounds <= 5, `${result.rounds} rounds`);
  const names = result.transaction.map((pkg) => pkg.name);
  for (const gone of ['grubby', 'os-prober', 'rpm-plugin-selinux', 'initramfs', 'cloud-init-azure-kvp', 'kernel', 'selinux-policy-targeted']) assert.ok(!names.includes(gone), gone);
  assert.ok(names.includes('kernel-headers'));
});
