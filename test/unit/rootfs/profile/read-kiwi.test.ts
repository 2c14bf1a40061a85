import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AzlError } from '../../../../common/errors.js';
import { readProfile } from '../../../../rootfs/profile/read-profile.js';
import { usesKiwiReleaseFallback, type BuildPlan } from '../../../../rootfs/plan/build-plan.js';
import { formatLocation } from '../../../../common/source-location.js';
import { BASIC_PREFERENCES, kiwi, tempDescription } from './temp-description.js';

const AZL4 = resolve('rootfs/samples/azl4');
const TOML = join(AZL4, 'images.toml');

const names = (refs: { name: string }[]): string[] => refs.map((ref) => ref.name);
const find = (plan: BuildPlan, set: keyof BuildPlan['packages'], name: string) => plan.packages[set].find((ref) => ref.name === name);

async function rejects(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<AzlError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof AzlError, `expected an AzlError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(`${caught.message} ${caught.hint ?? ''} ${caught.detail ?? ''}`, pattern);
  return caught;
}

test('the wsl sample (shared AzureLinux.kiwi layout) resolves includes, transitive profiles and WSL preferences', async () => {
  const plan = await readProfile({ profilePath: TOML, image: 'wsl', arch: 'x86_64' });
  assert.equal(plan.format, 'kiwi');
  assert.equal(plan.imageName, 'wsl');
  assert.equal(plan.profileName, 'wsl');
  assert.deepEqual(plan.activeProfiles, ['wsl', 'PackageManagement', 'ThirdPartyOpenSSLProvider', 'WslCore']);
  assert.equal(plan.descriptionDir, AZL4);
  assert.equal(plan.profilePath, TOML);
  assert.equal(plan.imageType.value, 'wsl');
  assert.deepEqual(plan.imageType.source, { file: 'teams/wsl.xml', line: 17 });
  assert.equal(plan.bundleFormat?.value, 'AzureLinux-4-%A');
  assert.equal(plan.releaseVersion.value, '4.0');
  assert.deepEqual(plan.releaseVersion.source, { file: 'teams/wsl.xml', line: 16 });
  assert.equal(plan.packageManager.value, 'dnf5');
  assert.equal(plan.rpmExcludeDocs.value, false);
  assert.equal(plan.rpmLocaleFiltering?.value, false);
  assert.equal(plan.installLangs, undefined, 'locale filtering is off');
  assert.equal(plan.installWeakDeps, true, 'WslCore image packages are plusRecommended');
  // The top-level <packages type="bootstrap"> (filesystem, for every profile) follows the includes.
  assert.deepEqual(names(plan.packages.bootstrap), ['azurelinux-repos', 'azurelinux-release-wsl', 'bash', 'coreutils', 'dnf5', 'dnf5-plugins', 'rpm', 'filesystem']);
  assert.deepEqual(find(plan, 'image', 'wsl-setup')?.source, { file: 'teams/wsl.xml', line: 49 });
  assert.deepEqual(find(plan, 'image', 'azurelinux-repos')?.source, { file: 'components/common.xml', line: 59 });
  assert.equal(find(plan, 'image', 'kernel'), undefined, 'cloud blocks are not active');
  // repositories/core.xml is a symbolic link inside the description, as in Azure Linux's tree.
  assert.deepEqual(plan.repositories, [
    {
      alias: 'azurelinux-base',
      url: 'https://packages.microsoft.com/azurelinux/4.0/beta/base/x86_64',
      gpgKeys: ['file:///etc/pki/rpm-gpg/RPM-GPG-KEY-azurelinux-4.0-primary'],
      priority: 1,
      source: { file: 'repositories/core.xml', line: 6 },
    },
  ]);
  assert.deepEqual(
    plan.overlays.map((overlay) => [overlay.dir, overlay.profile]),
    [
      [join(AZL4, 'root'), undefined],
      [join(AZL4, 'wsl'), 'wsl'],
    ],
  );
  assert.deepEqual(plan.scripts, [
    {
      kind: 'config-sh',
      path: join(AZL4, 'config.sh'),
      args: [],
      env: { kiwi_profiles: 'wsl,PackageManagement,ThirdPartyOpenSSLProvider,WslCore', kiwi_iname: 'AzureLinux' },
      source: { file: 'config.sh', line: 0 },
    },
  ]);
  assert.ok(plan.ignored.some((field) => field.field === 'keytable' && field.source.file === 'AzureLinux.kiwi'));
});

test('marketplace-gen2: the real composition (MarketplaceBase, StandardCloudCore, UefiBoot…), per-arch preferences, disk settings ignored', async () => {
  const plan = await readProfile({ profilePath: TOML, image: 'marketplace-gen2', arch: 'x86_64' });
  assert.deepEqual(plan.activeProfiles, [
    'marketplace-gen2', 'UefiBoot', 'UefiFstab', 'MarketplaceBase', 'PackageManagement', 'StandardCloudCore', 'CloudCore', 'SystemCore', 'StandardBootCore', 'MarketplacePackages',
  ]);
  assert.equal(plan.imageType.value, 'oem');
  assert.equal(plan.bundleFormat, undefined);
  for (const name of ['kernel', 'grub2', 'grubby', 'os-prober', 'rpm-plugin-selinux', 'WALinuxAgent', 'cloud-init', 'systemd', 'grub2-efi-x64']) assert.ok(find(plan, 'image', name), name);
  assert.ok(find(plan, 'bootstrap', 'azurelinux-release-cloud'));
  // The arch="x86_64" preferences apply; the aarch64 ones do not.
  assert.deepEqual(plan.releaseVersion.source, { file: 'teams/cloud/marketplace.xml', line: 23 });
  assert.match(plan.ignored.find((field) => field.field === 'type@kernelcmdline')!.reason, /ttyS0/);
  // KIWI's fstab hook for the EFI disk is a <file> of the UefiFstab block.
  assert.deepEqual(plan.files.map((file) => file.to), ['/etc/fstab.script']);
  // <packages type="iso"> is for installation media only.
  assert.ok(plan.ignored.some((field) => field.field === 'packages type="iso"'));
  assert.equal(find(plan, 'image', 'grub2-efi-x64-cdboot'), undefined);
  assert.equal(plan.installWeakDeps, false);
  const ignored = plan.ignored.map((field) => field.field);
  for (const field of ['type@format', 'type@firmware', 'type@kernelcmdline', 'type/bootloader', 'type/size']) assert.ok(ignored.includes(field), field);
  assert.ok(plan.ignored.every((field) => field.reason.length > 10));
  assert.deepEqual(plan.overlays.map((overlay) => overlay.profile), [undefined], 'no marketplace-gen2/ folder, only root/');
});

test('package arch filters follow the target architecture, and $basearch follows it too', async () => {
  const x86 = await readProfile({ profilePath: TOML, image: 'marketplace-gen2', arch: 'x86_64' });
  const arm = await readProfile({ profilePath: TOML, image: 'marketplace-gen2', arch: 'aarch64' });
  assert.equal(find(x86, 'image', 'grub2-efi-x64')?.arch, 'x86_64');
  assert.equal(find(arm, 'image', 'grub2-efi-x64'), undefined);
  assert.match(arm.ignored.find((field) => field.field === 'type@kernelcmdline')!.reason, /ttyAMA0/, 'the aarch64 preferences apply');
  assert.equal(arm.repositories[0].url, 'https://packages.microsoft.com/azurelinux/4.0/beta/base/aarch64');
  assert.equal(arm.arch, 'aarch64');
});

test('container-base (profile core): oci type with its containerconfig ignored, and KIWI\'s release-version fallback', async () => {
  const plan = await readProfile({ profilePath: TOML, image: 'container-base', arch: 'x86_64' });
  assert.equal(plan.profileName, 'core');
  assert.equal(plan.imageType.value, 'oci');
  assert.deepEqual(names(plan.packages.image), ['azurelinux-repos', 'azurelinux-release-container', 'bash', 'filesystem']);
  const containerconfig = plan.ignored.find((field) => field.field === 'type/containerconfig');
  assert.deepEqual(containerconfig?.source, { file: 'teams/container.xml', line: 32 });
  assert.equal(plan.scripts[0].env.kiwi_profiles, 'core,PackageManagement,ThirdPartyOpenSSLProvider,ContainerCore');
  // Like Azure Linux's container leaves, core sets no release-version: KIWI passes 0, and says so.
  assert.equal(plan.releaseVersion.value, '0');
  assert.ok(usesKiwiReleaseFallback(plan));
  assert.match(formatLocation(plan.releaseVersion.source), /KIWI fallback: the profile sets no release-version/);
});

test('every leaf profile of the real-shaped 4.0 description plans, on the architectures its image is built for', async () => {
  const images = ['vm-base', 'marketplace-gen2', 'marketplace-gen2-fips', 'container-base', 'container-distroless-minimal', 'container-distroless-base', 'container-distroless-debug', 'wsl', 'vm-base-legacy'];
  for (const image of images) {
    for (const arch of ['x86_64', 'aarch64']) {
      if (image === 'marketplace-gen2-fips' && arch === 'aarch64') continue;
      const plan = await readProfile({ profilePath: TOML, image, arch });
      assert.ok(plan.packages.bootstrap.length + plan.packages.image.length > 0, `${image} ${arch}`);
    }
  }
  const distroless = await readProfile({ profilePath: TOML, image: 'container-distroless-base', arch: 'x86_64' });
  assert.deepEqual(distroless.files.map((file) => file.to), ['/image/config-container-base.sh']);
  assert.deepEqual(distroless.activeProfiles, ['distroless-base', 'DistrolessBase', 'DistrolessCore', 'ThirdPartyOpenSSLProvider']);
});

test('an image built for other architectures is refused, naming the ones it is built for', async () => {
  const error = await rejects(readProfile({ profilePath: TOML, image: 'marketplace-gen2-fips', arch: 'aarch64' }), 'PROFILE_ARCH_UNSUPPORTED', /built for x86_64 only, not aarch64/);
  assert.match(error.hint!, /--arch x86_64/);
  assert.match(error.detail!, /images\.toml:\d+: architectures = \["x86_64"\]/);
});

test('the one-file layout (vm-base/vm-base.kiwi) reads with its own folder as the description', async () => {
  const plan = await readProfile({ profilePath: TOML, image: 'vm-base-legacy', arch: 'x86_64' });
  assert.equal(plan.descriptionDir, join(AZL4, 'vm-base'));
  assert.equal(plan.imageName, 'vm-base-legacy');
  assert.deepEqual(plan.activeProfiles, ['vm-base']);
  assert.deepEqual(find(plan, 'image', 'kernel')?.source, { file: 'vm-base.kiwi', line: 36 });
  assert.deepEqual(plan.overlays, []);
  assert.deepEqual(plan.scripts, []);
  assert.equal(plan.repositories[0].url, 'https://packages.microsoft.com/azurelinux/4.0/beta/base/x86_64');
});

test('a .kiwi file can be read directly, and --kiwi-profile overrides the profile images.toml names', async () => {
  const direct = await readProfile({ profilePath: join(AZL4, 'AzureLinux.kiwi'), kiwiProfile: 'wsl', arch: 'x86_64' });
  assert.equal(direct.imageName, 'AzureLinux');
  assert.equal(direct.imageType.value, 'wsl');
  const overridden = await readProfile({ profilePath: TOML, image: 'wsl', kiwiProfile: 'core', arch: 'x86_64' });
  assert.equal(overridden.profileName, 'core');
  assert.equal(overridden.imageType.value, 'oci');
});

test('unknown or missing choices list what exists', async () => {
  await rejects(readProfile({ profilePath: TOML, image: 'wsl', kiwiProfile: 'nope' }), 'PROFILE_UNKNOWN', /core, distroless-base, distroless-debug, distroless-minimal, marketplace-gen2, marketplace-gen2-fips, vm-base, wsl/);
  await rejects(readProfile({ profilePath: join(AZL4, 'AzureLinux.kiwi') }), 'PROFILE_UNKNOWN', /core, .*marketplace-gen2, .*wsl/);
  await rejects(readProfile({ profilePath: TOML }), 'PROFILE_UNKNOWN', /vm-base, marketplace-gen2, marketplace-gen2-fips, container-base, .*wsl, vm-base-legacy/);
  await rejects(readProfile({ profilePath: TOML, image: 'desktop' }), 'PROFILE_UNKNOWN', /vm-base, marketplace-gen2/);
  await rejects(readProfile({ profilePath: join(AZL4, 'missing.kiwi') }), 'PROFILE_NOT_FOUND', /missing\.kiwi/);
});

test('broken sample descriptions fail with their code and file:line', async () => {
  const bad = resolve('test/fixtures/profiles/bad');
  await rejects(readProfile({ profilePath: join(bad, 'malformed-xml/broken.kiwi') }), 'PROFILE_SYNTAX', /broken\.kiwi:6\b/);
  await rejects(readProfile({ profilePath: join(bad, 'malformed-toml/images.toml') }), 'PROFILE_SYNTAX', /images\.toml:3\b/);
  const cycle = await rejects(readProfile({ profilePath: join(bad, 'cyclic-requires/cycle.kiwi'), kiwiProfile: 'leaf' }), 'PROFILE_CYCLE', /a → b → a/);
  assert.match(cycle.message, /cycle\.kiwi:11/);
  await rejects(readProfile({ profilePath: join(bad, 'unsupported-element/unsupported.kiwi') }), 'PROFILE_UNSUPPORTED', /namedCollection.*unsupported\.kiwi:10/);
  await rejects(readProfile({ profilePath: join(bad, 'file-target-escape/escape.kiwi') }), 'PATH_ESCAPE', /escape\.kiwi:9/);
  await rejects(readProfile({ profilePath: join(bad, 'include-escape/inner/escape.kiwi') }), 'PATH_ESCAPE', /escape\.kiwi:3/);
});

test('preferences merge in document order; profiles= blocks apply only when their profile is active', async () => {
  const dir = await tempDescription({
    'a.kiwi': kiwi(`<profiles><profile name="one" description="1"/><profile name="two" description="2"/></profiles>
<preferences>
  <packagemanager>dnf</packagemanager>
  <release-version>4.0</release-version>
  <locale>en_US</locale>
  <type image="oem"/>
</preferences>
<preferences profiles="one">
  <packagemanager>dnf5</packagemanager>
  <type image="wsl" bundle_format="X-%A"/>
</preferences>
<preferences profiles="two">
  <locale>de_DE</locale>
</preferences>
<preferences>
  <timezone>UTC</timezone>
  <locale>fr_FR</locale>
</preferences>`),
  });
  const one = await readProfile({ profilePath: join(dir, 'a.kiwi'), kiwiProfile: 'one', arch: 'x86_64' });
  assert.equal(one.packageManager.value, 'dnf5');
  assert.deepEqual(one.packageManager.source, { file: 'a.kiwi', line: 11 });
  assert.equal(one.imageType.value, 'wsl');
  assert.equal(one.locale?.value, 'fr_FR', 'the later block without profiles= wins');
  assert.equal(one.timezone?.value, 'UTC');
  const two = await readProfile({ profilePath: join(dir, 'a.kiwi'), kiwiProfile: 'two', arch: 'x86_64' });
  assert.equal(two.packageManager.value, 'dnf');
  assert.equal(two.imageType.value, 'oem');
  assert.equal(two.bundleFormat, undefined);
});

test('packages: sections, arch lists, ignore, delete/uninstall, files with modes, users', async () => {
  const dir = await tempDescription({
    'files/motd': 'hi\n',
    'd.kiwi': kiwi(`${BASIC_PREFERENCES}
<packages type="image">
  <package name="both" arch="x86_64,aarch64"/>
  <package name="armonly" arch="aarch64"/>
  <ignore name="skipme"/>
  <file name="files/motd" target="/etc/motd" permissions="0640"/>
</packages>
<packages type="uninstall"><package name="gone"/></packages>
<packages type="delete"><package name="forced"/></packages>
<packages type="oem"><package name="disk-only"/></packages>
<users>
  <user name="builder" id="1001" groups="builder,wheel" home="/home/builder" shell="/bin/bash" pwd="$6$salt$hash"/>
  <user name="plain" pwd="secret" pwdformat="plain"/>
  <user name="nopass"/>
</users>`),
  });
  const plan = await readProfile({ profilePath: join(dir, 'd.kiwi'), arch: 'x86_64' });
  assert.deepEqual(names(plan.packages.image), ['both']);
  assert.deepEqual(names(plan.packages.ignore), ['skipme']);
  assert.deepEqual(names(plan.packages.uninstall), ['gone']);
  assert.deepEqual(names(plan.packages.delete), ['forced']);
  assert.ok(plan.ignored.some((field) => field.field === 'packages type="oem"'));
  assert.deepEqual(plan.files, [{ from: join(dir, 'files/motd'), to: '/etc/motd', mode: 0o640, source: { file: 'd.kiwi', line: 12 } }]);
  assert.deepEqual(plan.users[0], {
    name: 'builder',
    uid: 1001,
    primaryGroup: 'builder',
    secondaryGroups: ['wheel'],
    homeDirectory: '/home/builder',
    shell: '/bin/bash',
    password: 'hashed',
    sshPublicKeyPaths: [],
    source: { file: 'd.kiwi', line: 18 },
  });
  assert.equal(plan.users[1].password, 'plaintext');
  assert.equal(plan.users[2].password, 'none');
  const json = JSON.stringify(plan);
  assert.ok(!json.includes('secret') && !json.includes('$6$salt'), 'passwords never enter the plan');
});

test('anything not implemented is refused with element, file and line', async () => {
  const cases: [string, RegExp][] = [
    [`${BASIC_PREFERENCES}\n<strip type="delete"><file name="/x"/></strip>`, /<strip>.*e\.kiwi:8/],
    [`${BASIC_PREFERENCES}\n<packages type="image"><archive name="root.tar.gz"/></packages>`, /<archive>.*e\.kiwi:8/],
    [`${BASIC_PREFERENCES}\n<packages type="image"><package name="a" owner="x"/></packages>`, /owner=.*<package>.*e\.kiwi:8/],
    [`<preferences>\n<packagemanager>dnf5</packagemanager>\n<showlicense>eula</showlicense>\n</preferences>`, /showlicense.*e\.kiwi:5/],
    [`${BASIC_PREFERENCES}\n<repository sourcetype="ftp"><source path="http://x"/></repository>`, /sourcetype="ftp".*e\.kiwi:8/],
    [`${BASIC_PREFERENCES}\n<repository type="apt-deb"><source path="http://x"/></repository>`, /apt-deb.*e\.kiwi:8/],
  ];
  for (const [body, pattern] of cases) {
    const dir = await tempDescription({ 'e.kiwi': kiwi(body) });
    await rejects(readProfile({ profilePath: join(dir, 'e.kiwi'), arch: 'x86_64' }), 'PROFILE_UNSUPPORTED', pattern);
  }
});

test('includes splice in place, keep their own file names, and cannot loop', async () => {
  const dir = await tempDescription({
    'main.kiwi': kiwi(`<include from="this://./parts/prefs.xml"/>\n<packages type="image"><package name="top"/></packages>`),
    'parts/prefs.xml': `<image>\n${BASIC_PREFERENCES}\n<packages type="image"><package name="inner"/></packages>\n</image>`,
    'loop.kiwi': kiwi('<include from="this://./loop2.xml"/>'),
    'loop2.xml': '<image>\n<include from="this://./loop2.xml"/>\n</image>',
    'http.kiwi': kiwi('<include from="https://example.com/x.xml"/>'),
  });
  const plan = await readProfile({ profilePath: join(dir, 'main.kiwi'), arch: 'x86_64' });
  assert.deepEqual(names(plan.packages.image), ['inner', 'top']);
  assert.deepEqual(plan.packages.image[0].source, { file: 'parts/prefs.xml', line: 7 });
  assert.deepEqual(plan.packages.image[1].source, { file: 'main.kiwi', line: 4 });
  await rejects(readProfile({ profilePath: join(dir, 'loop.kiwi') }), 'PROFILE_CYCLE', /loop2\.xml → loop2\.xml/);
  await rejects(readProfile({ profilePath: join(dir, 'http.kiwi') }), 'PROFILE_UNSUPPORTED', /http\.kiwi:3/);
});

test('a required profile that does not exist names the <requires> line', async () => {
  const dir = await tempDescription({
    'r.kiwi': kiwi(`<profiles>\n<profile name="leaf" description="x">\n<requires profile="Missing"/>\n</profile>\n</profiles>\n${BASIC_PREFERENCES}`),
  });
  await rejects(readProfile({ profilePath: join(dir, 'r.kiwi'), kiwiProfile: 'leaf' }), 'PROFILE_UNKNOWN', /Missing.*r\.kiwi:5/);
});

test('symlinks may not lead file sources or overlay folders out of the description', async () => {
  const outside = await tempDescription({ 'secret.txt': 'host secret\n', 'tree/etc/x': 'x\n' });
  const dir = await tempDescription({
    'f.kiwi': kiwi(`${BASIC_PREFERENCES}\n<packages type="image"><file name="link.txt" target="/etc/x"/></packages>`),
    'o/o.kiwi': kiwi(BASIC_PREFERENCES),
  });
  await symlink(join(outside, 'secret.txt'), join(dir, 'link.txt'));
  await rejects(readProfile({ profilePath: join(dir, 'f.kiwi'), arch: 'x86_64' }), 'PATH_ESCAPE', /link\.txt.*f\.kiwi:8/);
  await symlink(join(outside, 'tree'), join(dir, 'o', 'root'));
  await rejects(readProfile({ profilePath: join(dir, 'o/o.kiwi'), arch: 'x86_64' }), 'PATH_ESCAPE', /root\//);
});

test('file targets must be absolute paths inside the image', async () => {
  for (const target of ['etc/motd', '/', '/etc/../..']) {
    const dir = await tempDescription({
      'm': 'x',
      't.kiwi': kiwi(`${BASIC_PREFERENCES}\n<packages type="image"><file name="m" target="${target}"/></packages>`),
    });
    await rejects(readProfile({ profilePath: join(dir, 't.kiwi'), arch: 'x86_64' }), 'PATH_ESCAPE', /t\.kiwi:8/);
  }
});

test('XML syntax errors name the file and line, in included files too', async () => {
  const dir = await tempDescription({
    'x.kiwi': kiwi('<include from="this://./part.xml"/>'),
    'part.xml': '<image>\n<preferences>\n<packagemanager>dnf5</packagemanager>\n<locale a=1>x</locale>\n</preferences>\n</image>',
  });
  await rejects(readProfile({ profilePath: join(dir, 'x.kiwi') }), 'PROFILE_SYNTAX', /part\.xml:4/);
});

test('content after the root element is reported on its own line, not where the root ends', async () => {
  const dir = await tempDescription({ 'tail.kiwi': kiwi(BASIC_PREFERENCES) + '\n\nstray text\n' });
  await rejects(readProfile({ profilePath: join(dir, 'tail.kiwi') }), 'PROFILE_SYNTAX', /tail\.kiwi:11 is not well-formed XML: Extra content/);
});

test('external entities and entity expansion are refused as syntax errors, never resolved', async () => {
  const dir = await tempDescription({
    'xxe.kiwi': '<?xml version="1.0"?>\n<!DOCTYPE image [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n<image schemaversion="7.4" name="x">\n<description>&secret;</description>\n</image>\n',
    'laughs.kiwi': '<?xml version="1.0"?>\n<!DOCTYPE image [\n<!ENTITY a "ha">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n<image schemaversion="7.4" name="x">\n<description>&c;</description>\n</image>\n',
  });
  for (const file of ['xxe.kiwi', 'laughs.kiwi']) {
    await assert.rejects(readProfile({ profilePath: join(dir, file) }), (error: AzlError) => {
      assert.equal(error.code, 'PROFILE_SYNTAX', error.message);
      assert.doesNotMatch(`${error.message} ${error.detail ?? ''}`, /root:x:0/);
      return true;
    });
  }
});
