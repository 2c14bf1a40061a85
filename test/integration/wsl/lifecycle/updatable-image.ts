/**
 * An image that can update itself: Debian bookworm's minbase with its real dnf and rpm
 * (debootstrap, as the fixture userland is made), two packages at their old versions in the rpm
 * database, and a dnf repository inside the image (file:///srv/azl-updates) with newer
 * versions and updateinfo: AZL-2026-0001, a security advisory for azl-hello 1.1, and
 * AZL-2026-0002, a bug fix for azl-tools 2.1. Built once and cached under .cache/fixtures
 * (debootstrap takes a minute or two).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecked } from '../../../../common/run-program.js';
import { cachedEntry, hashInputs } from '../../../fixtures/fixture-cache.js';
import { configuredDebianMirror } from '../../../fixtures/userland.js';

const SUITE = 'bookworm';
/** Trimmed after debootstrap: caches and docs (as the fixture userland does). */
const REMOVED = ['var/cache/apt', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/log'];

export const OLD_PACKAGES = { 'azl-hello': '1.0-1', 'azl-tools': '2.0-1' };
export const NEW_PACKAGES = { 'azl-hello': '1.1-1', 'azl-tools': '2.1-1' };

const UPDATEINFO = `<?xml version="1.0" encoding="UTF-8"?>
<updates>
  <update from="security@azl.example" status="stable" type="security" version="1">
    <id>AZL-2026-0001</id>
    <title>azl-hello: fix for CVE-2026-0001</title>
    <severity>Important</severity>
    <issued date="2026-11-30 00:00:00"/>
    <description>Fixes CVE-2026-0001.</description>
    <pkglist><collection short="azl"><name>azl</name>
      <package name="azl-hello" version="1.1" release="1" epoch="0" arch="noarch"><filename>azl-hello-1.1-1.noarch.rpm</filename></package>
    </collection></pkglist>
  </update>
  <update from="release@azl.example" status="stable" type="bugfix" version="1">
    <id>AZL-2026-0002</id>
    <title>azl-tools: bug fixes</title>
    <issued date="2026-12-01 00:00:00"/>
    <description>Fixes a crash.</description>
    <pkglist><collection short="azl"><name>azl</name>
      <package name="azl-tools" version="2.1" release="1" epoch="0" arch="noarch"><filename>azl-tools-2.1-1.noarch.rpm</filename></package>
    </collection></pkglist>
  </update>
</updates>
`;

function spec(name: string, versionRelease: string): string {
  const [version, release] = versionRelease.split('-');
  return `Name: ${name}\nVersion: ${version}\nRelease: ${release}\nSummary: lifecycle test package\nLicense: MIT\nBuildArch: noarch\n%description\nlifecycle test package\n%install\nmkdir -p %{buildroot}/usr/share/${name}\necho ${versionRelease} > %{buildroot}/usr/share/${name}/VERSION\n%files\n/usr/share/${name}/VERSION\n`;
}

async function buildRpm(work: string, name: string, versionRelease: string): Promise<string> {
  const top = join(work, `rpmbuild-${name}-${versionRelease}`);
  await mkdir(top, { recursive: true });
  const specFile = join(top, `${name}.spec`);
  await writeFile(specFile, spec(name, versionRelease));
  await runChecked('rpmbuild', ['-bb', '--define', `_topdir ${top}`, specFile], { name: 'rpmbuild' });
  return join(top, 'RPMS', 'noarch', `${name}-${versionRelease}.noarch.rpm`);
}

export type UpdatableImage = { file: string } | { skip: string };
let promise: Promise<UpdatableImage> | undefined;

export function updatableImage(): Promise<UpdatableImage> {
  promise ??= build().catch((error: unknown) => ({ skip: `the updatable image could not be built: ${error instanceof Error ? error.message : String(error)}` }));
  return promise;
}

async function build(): Promise<UpdatableImage> {
  const mirror = await configuredDebianMirror();
  const key = await hashInputs([fileURLToPath(import.meta.url)], [mirror, SUITE]);
  const dir = await cachedEntry('lifecycle-updatable-image', key, async (temp) => {
    const tree = join(temp, 'tree');
    await runChecked('debootstrap', ['--variant=minbase', '--include=dnf,rpm', SUITE, tree, mirror], { name: 'debootstrap (dnf image)' });
    for (const path of REMOVED) await rm(join(tree, path), { recursive: true, force: true });
    const repo = join(tree, 'srv', 'azl-updates');
    await mkdir(repo, { recursive: true });
    for (const [name, version] of Object.entries(OLD_PACKAGES)) {
      await runChecked('rpm', ['--root', tree, '-i', '--nodeps', await buildRpm(temp, name, version)], { name: 'rpm -i' });
    }
    for (const [name, version] of Object.entries(NEW_PACKAGES)) await runChecked('cp', [await buildRpm(temp, name, version), repo]);
    await runChecked('createrepo_c', ['-q', repo], { name: 'createrepo_c' });
    await writeFile(join(temp, 'updateinfo.xml'), UPDATEINFO);
    await runChecked('modifyrepo_c', ['--mdtype=updateinfo', join(temp, 'updateinfo.xml'), join(repo, 'repodata')], { name: 'modifyrepo_c' });
    await mkdir(join(tree, 'etc', 'yum.repos.d'), { recursive: true });
    await writeFile(join(tree, 'etc', 'yum.repos.d', 'azl-updates.repo'), '[azl-updates]\nname=Azure Linux updates (test)\nbaseurl=file:///srv/azl-updates\ngpgcheck=0\nenabled=1\n');
    await mkdir(join(tree, 'etc', 'dnf', 'vars'), { recursive: true });
    await writeFile(join(tree, 'etc', 'dnf', 'vars', 'releasever'), '4.0\n');
    await writeFile(join(tree, 'etc', 'wsl.conf'), '[boot]\nsystemd=false\n');
    await writeFile(join(tree, 'etc', 'os-release'), 'NAME="Azure Linux"\nID=azurelinux\nVERSION_ID="4.0"\n');
    await rm(join(tree, 'var', 'cache', 'dnf'), { recursive: true, force: true });
    await runChecked('tar', ['--numeric-owner', '-C', tree, '-cf', join(temp, 'updatable.tar'), '.'], { name: 'tar updatable image' });
    await rm(tree, { recursive: true, force: true });
  });
  return { file: join(dir, 'updatable.tar') };
}
