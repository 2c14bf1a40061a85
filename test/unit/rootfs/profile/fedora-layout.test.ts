import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readProfile } from '../../../../rootfs/profile/read-profile.js';
import { isWslPlan } from '../../../../rootfs/transform/wsl-transform.js';
import { convert } from '../transform/sample-plans.js';
import { PackageManager } from '../../../../rootfs/build/package-manager.js';

const FEDORA = fileURLToPath(new URL('../../../../rootfs/samples/fedora/Fedora.kiwi', import.meta.url));

test('Fedora layout: WSL-Base is a WSL profile and builds unchanged', async () => {
  const plan = await readProfile({ profilePath: FEDORA, kiwiProfile: 'WSL-Base', arch: 'x86_64' });
  assert.deepEqual(plan.activeProfiles, ['WSL-Base', 'Core']);
  assert.equal(plan.imageType.value, 'wsl');
  assert.equal(plan.releaseVersion.value, '43');
  assert.ok(plan.packages.bootstrap.some((ref) => ref.name === 'fedora-release-wsl'));
  assert.ok(isWslPlan(plan));
  const result = await convert(plan, { has: () => true });
  assert.equal(result.plan, plan);
  assert.equal(result.parity.transformed, false);
});

test('Fedora layout: metalink repositories keep their kind and reach dnf as a metalink', async () => {
  const plan = await readProfile({ profilePath: FEDORA, kiwiProfile: 'WSL-Base', arch: 'aarch64' });
  const [repo] = plan.repositories;
  assert.equal(repo.sourceType, 'metalink');
  assert.equal(repo.url, 'https://mirrors.fedoraproject.org/metalink?repo=fedora-43&arch=aarch64');
  assert.deepEqual(repo.gpgKeys, ['file:///usr/share/distribution-gpg-keys/fedora/RPM-GPG-KEY-fedora-43-primary']);
  const flags = new PackageManager({ kind: 'dnf4', plan, gpgCheck: true, cacheDir: '/c', homeDir: '/h' }).solverFlags();
  assert.ok(flags.includes('--setopt=fedora.baseurl='), 'the placeholder baseurl is cleared');
  assert.ok(flags.includes(`--setopt=fedora.metalink=${repo.url}`));
  assert.ok(plan.ignored.some((item) => item.field.includes('rpm-check-signatures')), 'a KIWI preference we do not need is listed as ignored, not dropped');
});

test('Fedora layout: Cloud-Base-Generic becomes a WSL image; fedora-release-cloud is swapped for fedora-release-wsl', async () => {
  const plan = await readProfile({ profilePath: FEDORA, kiwiProfile: 'Cloud-Base-Generic', arch: 'x86_64' });
  assert.equal(plan.imageType.value, 'oem');
  const { plan: wsl, parity } = await convert(plan, { has: (name) => name === 'fedora-release-wsl' || name === 'wsl-setup' });
  const names = [...wsl.packages.bootstrap, ...wsl.packages.image].map((ref) => ref.name);
  for (const gone of ['kernel', 'grub2-efi-binary', 'shim', 'cloud-init', 'fedora-release-cloud']) assert.ok(!names.includes(gone), gone);
  assert.ok(names.includes('fedora-release-wsl') && names.includes('wsl-setup'));
  const swap = parity.entries.find((entry) => entry.action === 'swapped-package');
  assert.equal(swap?.subject, 'fedora-release-cloud');
  assert.equal(swap?.replacement, 'fedora-release-wsl');
  assert.equal(swap?.source?.file, 'teams/cloud/cloud.xml');
  assert.ok(!wsl.finish.some((step) => step.kind === 'mask-unit'), 'the WSL release package applies the unit rules itself');
});
