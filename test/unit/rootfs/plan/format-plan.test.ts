import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { formatPlan } from '../../../../rootfs/plan/format-plan.js';
import { applyRepositoryOverrides } from '../../../../rootfs/plan/repository-overrides.js';
import { readProfile } from '../../../../rootfs/profile/read-profile.js';

test('the KIWI wsl plan shows type, profiles, repositories, packages, overlays and config.sh with their sources', async () => {
  const plan = await readProfile({ profilePath: resolve('rootfs/samples/azl4/images.toml'), image: 'wsl', arch: 'x86_64' });
  const text = formatPlan(applyRepositoryOverrides(plan, { add: ['https://mirror.example/repo'], set: [] }));
  assert.match(text, /^Image wsl from .*images\.toml$/m);
  assert.match(text, /active: wsl, PackageManagement, ThirdPartyOpenSSLProvider, WslCore/);
  assert.match(text, /image type\s+wsl\s+\(teams\/wsl\.xml:17\)/);
  assert.match(text, /bundle format\s+AzureLinux-4-%A/);
  assert.match(text, /azurelinux-base: https:\/\/packages\.microsoft\.com\/azurelinux\/4\.0\/beta\/base\/x86_64 \[priority 1, key file:\/\/\/etc\/pki\/rpm-gpg\/RPM-GPG-KEY-azurelinux-4\.0-primary\]/);
  assert.match(text, /cli-1: https:\/\/mirror\.example\/repo\s+\(<command line>\)/);
  assert.match(text, /Packages: bootstrap \(8\)/);
  assert.match(text, /azurelinux-release-wsl\s+\(teams\/wsl\.xml:53\)/);
  assert.match(text, /wsl-setup\s+\(teams\/wsl\.xml:49\)/);
  assert.match(text, /weak dependencies installed/);
  assert.match(text, /azl4\/wsl \(profile wsl\)/);
  assert.match(text, /config-sh: .*config\.sh with kiwi_profiles=wsl,PackageManagement,ThirdPartyOpenSSLProvider,WslCore kiwi_iname=AzureLinux/);
  assert.ok(text.endsWith('\n'));
});

test('a container leaf without release-version says it uses KIWI\'s fallback', async () => {
  const plan = await readProfile({ profilePath: resolve('rootfs/samples/azl4/images.toml'), image: 'container-base', arch: 'x86_64' });
  assert.match(formatPlan(plan), /release version\s+0\s+\(<KIWI fallback: the profile sets no release-version>\)/);
});

test('the toolkit plan shows files with modes, scripts and what was ignored for WSL with reasons', async () => {
  const plan = await readProfile({ profilePath: resolve('rootfs/samples/azl3/marketplace-gen2.json'), arch: 'x86_64' });
  const text = formatPlan(plan);
  assert.match(text, /package manager\s+tdnf/);
  assert.match(text, /kernel\s+\(marketplace-gen2\.json:80\)/);
  assert.match(text, /\/etc\/chrony\.conf ← .*chrony\.cfg mode 0644\s+\(marketplace-gen2\.json:66\)/);
  assert.match(text, /post-install: .*configure-systemd-networkd\.sh/);
  assert.match(text, /Ignored for WSL \(4\)/);
  assert.match(text, /KernelCommandLine: kernel command line; WSL boots its own kernel\s+\(marketplace-gen2\.json:82\)/);
});
