/**
 * Microsoft's real description shapes, built with real dnf against fixture repositories whose
 * packages carry the real dependency chains (grubby and os-prober → grub2-tools-minimal,
 * rpm-plugin-selinux → selinux-policy-base, initramfs → dracut, cloud-init-azure-kvp →
 * cloud-init, a meta-package pulling in initramfs). Each image must pass WSL's validator with no
 * error and no warning, and the parity report must name every dependent removed and why.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage, type BuildOptions, type BuildResult } from '../../../../rootfs/build/build-image.js';
import { applyRepositoryOverrides } from '../../../../rootfs/plan/repository-overrides.js';
import type { BuildPlan } from '../../../../rootfs/plan/build-plan.js';
import { readProfile } from '../../../../rootfs/profile/read-profile.js';
import { validateImage } from '../../../../rootfs/validate/validate-image.js';
import { runChecked } from '../../../../common/run-program.js';
import { isAzlError } from '../../../../common/errors.js';
import { ensureFixtureRepos, type FixtureRepos } from '../../../fixtures/fixture-repos.js';

const samples = fileURLToPath(new URL('../../../../rootfs/samples/', import.meta.url));
let repos: FixtureRepos;
let work: string;
let cacheDir: string;

before(async () => {
  repos = await ensureFixtureRepos();
  work = await mkdtemp(join(tmpdir(), 'azl-chains-it-'));
  cacheDir = join(work, 'cache');
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function repoOption(repo: 'azl4' | 'azl3'): string {
  return `file://${repos[repo]},gpgkey=file://${repos.gpgKey}`;
}

async function plan(profile: string, repo: 'azl4' | 'azl3', image?: string, extraRepos: string[] = []): Promise<BuildPlan> {
  const read = await readProfile({ profilePath: join(samples, profile), ...(image ? { image } : {}), arch: 'x86_64' });
  return applyRepositoryOverrides(read, { set: [repoOption(repo)], add: extraRepos });
}

async function build(buildPlan: BuildPlan, outDir: string, extra: Partial<BuildOptions> = {}): Promise<BuildResult> {
  return buildImage({
    plan: buildPlan,
    outDir,
    format: 'wsl',
    gpgCheck: true,
    cacheDir,
    workDir: join(work, 'staging'),
    profileSource: { path: buildPlan.profilePath, sha256: '0'.repeat(64) },
    ...extra,
  });
}

async function extract(image: string): Promise<string> {
  const dir = await mkdtemp(join(work, 'x-'));
  await runChecked('tar', ['--xattrs', '--xattrs-include=*', '--numeric-owner', '-xpf', image, '-C', dir]);
  return dir;
}

/** WSL's validator rules, run again on the file as `azl-wsl validate` would: nothing at all. */
async function expectClean(result: BuildResult): Promise<void> {
  assert.deepEqual(result.manifest.validation.findings, []);
  const report = await validateImage(result.imagePath);
  assert.deepEqual([...report.errors, ...report.warnings], [], 'azl-wsl validate: 0 errors, 0 warnings');
}

function reasonOf(result: BuildResult, subject: string): string {
  const entry = result.manifest.parity.entries.find((candidate) => candidate.subject === subject && candidate.action === 'removed-package');
  assert.ok(entry, `the parity report names ${subject}`);
  return `${entry.reason}${entry.source ? ` (${entry.source.file}:${entry.source.line})` : ''}`;
}

describe('real description shapes with real dependency chains', { concurrency: false }, () => {
  test('4.0 shared layout: marketplace-gen2 and wsl built into one folder; dependents removed with their chains; one rpm database', async () => {
    const outDir = join(work, 'out-azl4');
    const marketplace = await build(await plan('azl4/images.toml', 'azl4', 'marketplace-gen2'), outDir);
    const wsl = await build(await plan('azl4/images.toml', 'azl4', 'wsl'), outDir);
    // The names the review announced, and no overwriting between the two profiles.
    assert.match(marketplace.imagePath, /\/AzureLinux-4-marketplace-gen2-x86_64\.wsl$/);
    assert.match(wsl.imagePath, /\/AzureLinux-4-x86_64\.wsl$/);
    assert.deepEqual((await readdir(outDir)).filter((name) => name.endsWith('.wsl')).sort(), ['AzureLinux-4-marketplace-gen2-x86_64.wsl', 'AzureLinux-4-x86_64.wsl']);
    await expectClean(marketplace);
    await expectClean(wsl);

    assert.match(reasonOf(marketplace, 'grubby'), /^it requires `grub2-tools-minimal`, which WSL removes: a boot loader tool WSL never uses .*\(components\/common\.xml:\d+\)$/);
    assert.match(reasonOf(marketplace, 'os-prober'), /it requires `grub2-tools-minimal`.*\(teams\/cloud\/marketplace\.xml:\d+\)$/);
    assert.match(reasonOf(marketplace, 'rpm-plugin-selinux'), /it requires `selinux-policy-base` \(provided by `selinux-policy-targeted`\), which WSL removes: WSL runs without SELinux/);
    const installed = marketplace.manifest.packages.map((pkg) => pkg.name);
    for (const gone of ['grubby', 'os-prober', 'rpm-plugin-selinux', 'grub2-tools-minimal', 'grub2', 'kernel', 'kernel-core', 'selinux-policy-targeted', 'cloud-init', 'hyperv-daemons', 'hyperv-daemons-license', 'dracut']) {
      assert.ok(!installed.includes(gone), `${gone} is not installed`);
    }
    for (const kept of ['systemd', 'sudo', 'dnf5', 'azurelinux-release-wsl', 'wsl-setup', 'chrony', 'openssh-server']) assert.ok(installed.includes(kept), `${kept} is installed`);

    // KIWI's disk hook placed by <file> does not ship; the report says why.
    const root = await extract(marketplace.imagePath);
    await assert.rejects(lstat(join(root, 'etc/fstab.script')));
    assert.ok(marketplace.manifest.parity.entries.some((entry) => entry.subject === '/etc/fstab.script' && /KIWI hook for disk images/.test(entry.reason)));

    // Azure Linux 4.0's rpm layout: the one database in /usr/lib/sysimage/rpm, /var/lib/rpm links there.
    for (const image of [root, await extract(wsl.imagePath)]) {
      assert.equal(await readlink(join(image, 'var/lib/rpm')), '../../usr/lib/sysimage/rpm');
      const files = await readdir(join(image, 'usr/lib/sysimage/rpm'));
      assert.ok(files.includes('rpmdb.sqlite') || files.includes('Packages'), files.join(', '));
      for (const leftover of ['.rpm.lock', 'rpmdb.sqlite-shm', 'rpmdb.sqlite-wal']) assert.ok(!files.includes(leftover), leftover);
    }

    // Only exact names were excluded, and only during the build: a developer's `dnf install gcc`
    // (gcc → glibc-devel → kernel-headers) works in the finished distribution.
    assert.ok(!marketplace.manifest.plan.packages.ignore.some((ref) => ref.name.includes('*')));
    const home = join(work, 'dnf-home');
    await mkdir(home, { recursive: true });
    await writeFile(join(home, '.rpmmacros'), '%_dbpath /usr/lib/sysimage/rpm\n');
    await runChecked('dnf', ['-q', '-y', `--installroot=${root}`, '--releasever=4.0', '--setopt=reposdir=/dev/null', `--repofrompath=fx,file://${repos.azl4}`, '--nogpgcheck', `--setopt=cachedir=${join(work, 'dnf-cache')}`, 'install', 'gcc'], { env: { PATH: process.env.PATH, HOME: home } });
    assert.ok((await lstat(join(root, 'usr/include/linux/version.h'))).isFile(), 'kernel-headers installed with gcc');

    // Provenance: every file of the description that was read, not only the top file.
    const files = marketplace.manifest.profile.files.map((file) => file.path);
    for (const expected of ['images.toml', 'AzureLinux.kiwi', 'repositories/core.xml', 'components/common.xml', 'components/boot.xml', 'teams/cloud/marketplace.xml', 'teams/wsl.xml', 'config.sh', 'configure-efi-fstab.sh', 'root/etc/motd.d/azurelinux']) {
      assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
    }
    assert.ok(marketplace.manifest.profile.files.every((file) => /^[0-9a-f]{64}$/.test(file.sha256)));
  });

  test('3.0 marketplace-gen2.json: the meta-package is expanded, initramfs and cloud-init-azure-kvp go, the PTP clock files go', async () => {
    const result = await build(await plan('azl3/marketplace-gen2.json', 'azl3'), join(work, 'out-azl3'));
    await expectClean(result);
    assert.match(reasonOf(result, 'initramfs'), /^it requires `dracut`, which WSL removes: it builds initramfs images/);
    assert.match(reasonOf(result, 'cloud-init-azure-kvp'), /^it requires `cloud-init`, which WSL removes/);
    assert.match(reasonOf(result, 'grubby'), /^it requires `grub2-tools-minimal`/);
    assert.match(reasonOf(result, 'core-packages-base-image'), /meta-package .*requires `initramfs`.*installed directly instead/);
    const installed = result.manifest.packages.map((pkg) => pkg.name);
    // Everything else the meta-package brought is there.
    for (const kept of ['systemd', 'sudo', 'tdnf', 'coreutils', 'which', 'less']) assert.ok(installed.includes(kept), kept);
    for (const gone of ['core-packages-base-image', 'initramfs', 'dracut', 'dracut-hyperv', 'cloud-init', 'cloud-init-azure-kvp', 'grubby', 'kernel-core']) assert.ok(!installed.includes(gone), gone);
    const root = await extract(result.imagePath);
    for (const path of ['etc/chrony.conf', 'etc/systemd/system/chronyd.service.d/wait-for-ptp-hyperv.conf', 'etc/udev/rules.d/51-ptp-hyperv.rules']) {
      const shipped = await readFile(join(root, path), 'utf8').catch(() => undefined);
      assert.ok(shipped === undefined || !shipped.includes('ptp_hyperv'), `${path} does not point chrony at the Hyper-V clock`);
    }
    for (const subject of ['/etc/systemd/system/chronyd.service.d/wait-for-ptp-hyperv.conf', '/etc/udev/rules.d/51-ptp-hyperv.rules']) {
      assert.ok(result.manifest.parity.entries.some((entry) => entry.subject === subject && entry.action === 'removed-file'), subject);
    }
  });

  test('a container leaf without release-version becomes a coherent WSL image: systemd=false, no /sbin/init needed', async () => {
    const result = await build(await plan('azl4/images.toml', 'azl4', 'container-base'), join(work, 'out-core'));
    await expectClean(result);
    assert.match(result.imagePath, /\/AzureLinux-4-core-x86_64\.wsl$/, 'named after the release package, not KIWI\'s fallback 0');
    const root = await extract(result.imagePath);
    assert.match(await readFile(join(root, 'etc/wsl.conf'), 'utf8'), /^systemd=false$/m);
    assert.ok(!result.manifest.packages.some((pkg) => pkg.name === 'systemd'));
    assert.ok(result.manifest.parity.entries.some((entry) => entry.subject === 'release version' && /KIWI's fallback 0.*says 4\.0/.test(entry.reason)));
  });

  test('a package every WSL image needs that requires a removed one stops the build before anything is installed', async () => {
    // A repository whose systemd requires the boot loader tools (a broken or foreign one).
    const topdir = join(work, 'protected-rpmbuild');
    const repoDir = join(work, 'protected-repo');
    await mkdir(join(topdir, 'SPECS'), { recursive: true });
    await mkdir(repoDir, { recursive: true });
    const spec = join(topdir, 'SPECS', 'systemd.spec');
    await writeFile(spec, [
      'Name: systemd', 'Version: 999', 'Release: 1', 'Summary: systemd that needs grub (test)', 'License: MIT', 'BuildArch: noarch',
      'Requires: grub2-tools-minimal', '%description', 'test', '%files', '',
    ].join('\n'));
    await runChecked('rpmbuild', ['--define', `_topdir ${topdir}`, '--define', `_rpmdir ${repoDir}`, '--quiet', '-bb', spec]);
    await runChecked('createrepo_c', ['--quiet', repoDir]);
    const blocked = applyRepositoryOverrides(await plan('azl4/images.toml', 'azl4', 'marketplace-gen2'), { set: [], add: [`file://${repoDir}`] });
    blocked.repositories.at(-1)!.gpgKeys = [];
    const outDir = join(work, 'out-blocked');
    const error = await build(blocked, outDir, { gpgCheck: false }).then(
      () => assert.fail('the build should have stopped'),
      (caught: unknown) => caught,
    );
    assert.ok(isAzlError(error), String(error));
    assert.equal(error.code, 'WSL_CONVERSION_BLOCKED', `${error.message}\n${error.detail}`);
    assert.match(error.message, /systemd requires grub2-tools-minimal; grub2-tools-minimal is removed for WSL/);
    assert.match(error.hint!, /systemd is part of every WSL image.*components\/common\.xml:\d+.*Nothing was installed/);
    assert.deepEqual(await readdir(outDir).catch(() => []), []);
    assert.deepEqual(await readdir(join(work, 'staging')), []);
  });
});
