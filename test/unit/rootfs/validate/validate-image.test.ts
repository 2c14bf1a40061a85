// One test per validation rule: a clean root packed with packRoot gives no findings; each
// test breaks exactly one thing and expects that rule with its severity.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, mkdtemp, rm, symlink, writeFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packRoot } from '../../../../rootfs/archive/pack-root.js';
import type { ArchiveFormat } from '../../../../rootfs/archive/archive-format.js';
import { encodeMemberHeader, endOfArchive } from '../../../../rootfs/archive/tar-header.js';
import { formatValidationReport, validateImage, type ValidationReport } from '../../../../rootfs/validate/validate-image.js';
import { TarStreamValidation } from '../../../../rootfs/validate/tar-stream-validation.js';
import { archive, member, minimalRootParts, ruleBreaches } from '../../../fixtures/hostile-archives.js';

let work: string;
let counter = 0;

const DISTRIBUTION_CONF = `# Azure Linux
[oobe]
command = /usr/lib/wsl/oobe.sh
defaultUid = 1000
defaultName = AzureLinux

[shortcut]
icon = /usr/lib/wsl/azurelinux.ico

[windowsterminal]
ProfileTemplate = /usr/lib/wsl/terminal-profile.json
`;

async function put(root: string, path: string, content: string | Buffer, mode = 0o644): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
  await chmod(join(root, path), mode);
}

/** A small root that passes every rule: busybox as the shell and init, usrmerge links. */
async function cleanRoot(): Promise<string> {
  const root = join(work, `root-${counter++}`);
  await mkdir(join(root, 'usr/bin'), { recursive: true });
  await mkdir(join(root, 'usr/sbin'), { recursive: true });
  await mkdir(join(root, 'dev'), { recursive: true });
  await copyFile('/bin/busybox', join(root, 'usr/bin/busybox'));
  await symlink('usr/bin', join(root, 'bin'));
  await symlink('usr/sbin', join(root, 'sbin'));
  await symlink('busybox', join(root, 'usr/bin/sh'));
  await symlink('/usr/bin/busybox', join(root, 'usr/bin/bash'));
  await symlink('../bin/busybox', join(root, 'usr/sbin/init'));
  await put(root, 'etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\n');
  await put(root, 'etc/shadow', 'root:*:19000:0:99999:7:::\nbin:*:19000::::::\n', 0o000);
  await put(root, 'etc/wsl-distribution.conf', DISTRIBUTION_CONF);
  await put(root, 'etc/wsl.conf', '[boot]\nsystemd = true\n');
  await put(root, 'usr/lib/wsl/oobe.sh', '#!/bin/sh\nexit 0\n', 0o755);
  await put(root, 'usr/lib/wsl/azurelinux.ico', Buffer.from([0, 0, 1, 0, 1, 0]));
  await put(root, 'usr/lib/wsl/terminal-profile.json', '{"profiles":[{"colorScheme":"Campbell"}]}', 0o640);
  // systemd-resolved enabled by its package but masked in /etc: allowed.
  await put(root, 'usr/lib/systemd/system/systemd-resolved.service', '[Unit]\n');
  await mkdir(join(root, 'usr/lib/systemd/system/multi-user.target.wants'), { recursive: true });
  await symlink('../systemd-resolved.service', join(root, 'usr/lib/systemd/system/multi-user.target.wants/systemd-resolved.service'));
  await mkdir(join(root, 'etc/systemd/system'), { recursive: true });
  await symlink('/dev/null', join(root, 'etc/systemd/system/systemd-resolved.service'));
  return root;
}

/**
 * Validates a packed root both ways, from the written file and from the tar stream teed while
 * packing (the build's path), and insists that both give the same report.
 */
async function validateRoot(root: string, format: ArchiveFormat = 'wsl', arch = 'x86_64'): Promise<ValidationReport> {
  const file = join(work, `image-${counter++}.${format}`);
  const streamed = new TarStreamValidation({ arch });
  try {
    await packRoot(root, file, { format, workers: 1, onTarData: (data) => streamed.write(data) });
    const fromStream = await streamed.finish(file);
    const fromFile = await validateImage(file, { arch });
    assert.deepEqual(fromStream, fromFile, 'validating the packed stream and the written file must agree');
    return fromFile;
  } finally {
    streamed.dispose();
  }
}

function expectRule(report: ValidationReport, severity: 'error' | 'warning', rule: string): void {
  const list = severity === 'error' ? report.errors : report.warnings;
  assert.ok(
    list.some((finding) => finding.rule === rule),
    `expected ${severity} ${rule}; got:\n${formatValidationReport(report)}`,
  );
  const other = severity === 'error' ? report.warnings : report.errors;
  assert.ok(!other.some((finding) => finding.rule === rule), `${rule} must be a ${severity}`);
}

/** Breaks a clean root with `change`, validates, and expects `rule`. */
function ruleTest(name: string, severity: 'error' | 'warning', rule: string, change: (root: string) => Promise<void>, arch?: string): void {
  test(`${severity} ${rule}: ${name}`, async () => {
    const root = await cleanRoot();
    await change(root);
    expectRule(await validateRoot(root, 'wsl', arch), severity, rule);
  });
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'azl-validate-'));
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

test('a clean root has no errors and no warnings, gzip and xz alike', async () => {
  const root = await cleanRoot();
  for (const format of ['wsl', 'tar.xz'] as ArchiveFormat[]) {
    const report = await validateRoot(root, format);
    assert.deepEqual(report, { errors: [], warnings: [] }, formatValidationReport(report));
  }
  assert.match(formatValidationReport({ errors: [], warnings: [] }), /^0 errors, 0 warnings$/);
});

test('error archive-compression: a plain tar', async () => {
  expectRule(await validateRoot(await cleanRoot(), 'tar'), 'error', 'archive-compression');
});

test('error member-path: a member with ".."', async () => {
  const file = join(work, 'dotdot.wsl');
  const data = Buffer.from('evil\n');
  const member = encodeMemberHeader({ name: './../etc/evil', type: 'file', mode: 0o644, uid: 0, gid: 0, size: data.length, mtime: 0 });
  const body = Buffer.concat([member, data, Buffer.alloc(512 - data.length)]);
  await writeFile(file, gzipSync(Buffer.concat([body, endOfArchive(body.length)])));
  expectRule(await validateImage(file, { arch: 'x86_64' }), 'error', 'member-path');
});

test('error not-a-linux-distro: root wrapped in a folder', async () => {
  const outer = join(work, `wrapped-${counter++}`);
  await mkdir(outer);
  const root = await cleanRoot();
  execFileSync('mv', [root, join(outer, 'rootfs')]);
  const report = await validateRoot(outer);
  expectRule(report, 'error', 'not-a-linux-distro');
  assert.match(report.errors.find((f) => f.rule === 'not-a-linux-distro')!.message, /rootfs/);
});

ruleTest('no wsl-distribution.conf', 'error', 'distribution-conf-missing', (r) => unlink(join(r, 'etc/wsl-distribution.conf')));
ruleTest('conf owned by a user', 'error', 'distribution-conf-owner', (r) => chown(join(r, 'etc/wsl-distribution.conf'), 1000, 1000));
ruleTest('conf mode 0600', 'error', 'distribution-conf-mode', (r) => chmod(join(r, 'etc/wsl-distribution.conf'), 0o600));
ruleTest('unknown key', 'error', 'distribution-conf-key', (r) => put(r, 'etc/wsl-distribution.conf', DISTRIBUTION_CONF + '[oobe2]\nfoo = 1\n'));
ruleTest('line without =', 'error', 'distribution-conf-syntax', (r) => put(r, 'etc/wsl-distribution.conf', DISTRIBUTION_CONF + 'garbage\n'));
ruleTest('conf is a symlink to a bad-mode file', 'error', 'distribution-conf-mode', async (r) => {
  await put(r, 'usr/lib/wsl/wsl-distribution.conf', DISTRIBUTION_CONF, 0o600);
  await unlink(join(r, 'etc/wsl-distribution.conf'));
  await symlink('../usr/lib/wsl/wsl-distribution.conf', join(r, 'etc/wsl-distribution.conf'));
});
ruleTest('conf linked outside /etc (as Fedora ships it) to a bad-mode file', 'error', 'distribution-conf-mode', async (r) => {
  await put(r, 'usr/lib/wsl-distribution.conf', DISTRIBUTION_CONF, 0o600);
  await unlink(join(r, 'etc/wsl-distribution.conf'));
  await symlink('../usr/lib/wsl-distribution.conf', join(r, 'etc/wsl-distribution.conf'));
});
ruleTest('conf linked outside /etc, read through the link', 'error', 'distribution-conf-key', async (r) => {
  await put(r, 'usr/lib/wsl-distribution.conf', DISTRIBUTION_CONF + '[oobe2]\nfoo = 1\n');
  await unlink(join(r, 'etc/wsl-distribution.conf'));
  await symlink('../usr/lib/wsl-distribution.conf', join(r, 'etc/wsl-distribution.conf'));
});
ruleTest('terminal profile template linked to a file outside the kept folders', 'warning', 'profile-template-json', async (r) => {
  await put(r, 'opt/profiles/terminal.json', 'not json', 0o640);
  await unlink(join(r, 'usr/lib/wsl/terminal-profile.json'));
  await symlink('/opt/profiles/terminal.json', join(r, 'usr/lib/wsl/terminal-profile.json'));
});
ruleTest('oobe program missing', 'error', 'oobe-command-missing', (r) => unlink(join(r, 'usr/lib/wsl/oobe.sh')));
ruleTest('oobe program owned by a user', 'error', 'oobe-command-owner', (r) => chown(join(r, 'usr/lib/wsl/oobe.sh'), 1000, 0));
ruleTest('oobe program not executable', 'error', 'oobe-command-mode', (r) => chmod(join(r, 'usr/lib/wsl/oobe.sh'), 0o644));
ruleTest('oobe program elsewhere', 'warning', 'oobe-command-location', async (r) => {
  await put(r, 'opt/oobe.sh', '#!/bin/sh\n', 0o755);
  await put(r, 'etc/wsl-distribution.conf', DISTRIBUTION_CONF.replace('/usr/lib/wsl/oobe.sh', '/opt/oobe.sh'));
});
ruleTest('defaultUid 1001', 'warning', 'default-uid', (r) => put(r, 'etc/wsl-distribution.conf', DISTRIBUTION_CONF.replace('defaultUid = 1000', 'defaultUid = 1001')));
ruleTest('no icon', 'warning', 'shortcut-icon-missing', (r) =>
  put(r, 'etc/wsl-distribution.conf', DISTRIBUTION_CONF.replace('icon = /usr/lib/wsl/azurelinux.ico', '')),
);
ruleTest('icon file missing', 'error', 'shortcut-icon-missing-file', (r) => unlink(join(r, 'usr/lib/wsl/azurelinux.ico')));
ruleTest('icon over 1 MiB', 'error', 'shortcut-icon-size', (r) => put(r, 'usr/lib/wsl/azurelinux.ico', Buffer.alloc(1024 * 1024 + 1)));
ruleTest('icon owned by a user', 'warning', 'shortcut-icon-owner', (r) => chown(join(r, 'usr/lib/wsl/azurelinux.ico'), 1000, 1000));
ruleTest('icon mode 0600', 'warning', 'shortcut-icon-mode', (r) => chmod(join(r, 'usr/lib/wsl/azurelinux.ico'), 0o600));
ruleTest('icon elsewhere', 'warning', 'shortcut-icon-location', async (r) => {
  await put(r, 'opt/icon.ico', Buffer.from([0, 0, 1, 0]));
  await put(r, 'etc/wsl-distribution.conf', DISTRIBUTION_CONF.replace('/usr/lib/wsl/azurelinux.ico', '/opt/icon.ico'));
});
ruleTest('template missing', 'error', 'profile-template-missing', (r) => unlink(join(r, 'usr/lib/wsl/terminal-profile.json')));
ruleTest('template over 1 MiB', 'error', 'profile-template-size', (r) =>
  put(r, 'usr/lib/wsl/terminal-profile.json', `{"profiles":[],"pad":"${'x'.repeat(1024 * 1024)}"}`, 0o640),
);
ruleTest('template owned by a user', 'error', 'profile-template-owner', (r) => chown(join(r, 'usr/lib/wsl/terminal-profile.json'), 1000, 1000));
ruleTest('template mode 0644', 'error', 'profile-template-mode', (r) => chmod(join(r, 'usr/lib/wsl/terminal-profile.json'), 0o644));
ruleTest('template elsewhere', 'error', 'profile-template-location', async (r) => {
  await put(r, 'usr/share/wsl/terminal-profile.json', '{"profiles":[]}', 0o640);
  await put(r, 'etc/wsl-distribution.conf', DISTRIBUTION_CONF.replace('/usr/lib/wsl/terminal-profile.json', '/usr/share/wsl/terminal-profile.json'));
});
ruleTest('template with comments', 'warning', 'profile-template-json', (r) =>
  put(r, 'usr/lib/wsl/terminal-profile.json', '// comment\n{"profiles":[]}', 0o640),
);
ruleTest('wsl.conf owned by a user', 'error', 'wsl-conf-owner', (r) => chown(join(r, 'etc/wsl.conf'), 0, 1000));
ruleTest('wsl.conf mode 0666', 'error', 'wsl-conf-mode', (r) => chmod(join(r, 'etc/wsl.conf'), 0o666));
ruleTest('wsl.conf unknown key', 'error', 'wsl-conf-key', (r) => put(r, 'etc/wsl.conf', '[boot]\nsystemd = true\n[network]\nmtu = 1400\n'));
ruleTest('wsl.conf line without =', 'error', 'wsl-conf-syntax', (r) => put(r, 'etc/wsl.conf', '[boot]\nsystemd true\n'));
ruleTest('wsl.conf key before any section', 'error', 'wsl-conf-key', (r) => put(r, 'etc/wsl.conf', 'systemd = true\n'));
ruleTest('wsl.conf [auto-mount] (WSL stops reading there)', 'error', 'wsl-conf-syntax', (r) => put(r, 'etc/wsl.conf', '[boot]\nsystemd = true\n[auto-mount]\nenabled = false\n'));
ruleTest('wsl.conf key set twice', 'warning', 'wsl-conf-duplicate', (r) => put(r, 'etc/wsl.conf', '[boot]\nsystemd = true\nsystemd = false\n'));
ruleTest('wsl.conf boolean WSL rejects', 'error', 'wsl-conf-value', (r) => put(r, 'etc/wsl.conf', '[boot]\nsystemd = yes\n'));
ruleTest('[user] default after a ; comment, which WSL never reads', 'error', 'wsl-conf-user-default-unread', (r) =>
  put(r, 'etc/wsl.conf', '[boot]\nsystemd = true\n; set by the image\n[user]\ndefault = azl\n'),
);
ruleTest('distribution conf with a BOM', 'error', 'distribution-conf-syntax', (r) => put(r, 'etc/wsl-distribution.conf', `\ufeff${DISTRIBUTION_CONF}`));
ruleTest('systemd on, /sbin/init is a script', 'error', 'sbin-init-elf', async (r) => {
  await unlink(join(r, 'usr/sbin/init'));
  await put(r, 'usr/sbin/init', '#!/bin/sh\n', 0o755);
});
// `systemd = true # comment` is true for WSL; the validator once read "true # comment" and skipped this rule.
ruleTest('systemd on with a trailing comment, /sbin/init is a script', 'error', 'sbin-init-elf', async (r) => {
  await put(r, 'etc/wsl.conf', '[boot]\nsystemd = true # comment\n');
  await unlink(join(r, 'usr/sbin/init'));
  await put(r, 'usr/sbin/init', '#!/bin/sh\n', 0o755);
});
ruleTest('systemd on, /sbin/init for aarch64', 'error', 'sbin-init-elf', async (r) => {
  const elf = Buffer.alloc(64);
  elf.write('\u007fELF', 0, 'latin1');
  elf[4] = 2;
  elf[5] = 1;
  elf.writeUInt16LE(183, 18);
  await unlink(join(r, 'usr/sbin/init'));
  await put(r, 'usr/sbin/init', elf, 0o755);
});
ruleTest('user.default set', 'warning', 'wsl-conf-user-default', (r) => put(r, 'etc/wsl.conf', '[boot]\nsystemd = true\n[user]\ndefault = azl\n'));
ruleTest('no passwd', 'error', 'passwd-missing', (r) => unlink(join(r, 'etc/passwd')));
ruleTest('passwd owned by a user', 'error', 'passwd-owner', (r) => chown(join(r, 'etc/passwd'), 1000, 0));
ruleTest('passwd mode 0600', 'error', 'passwd-mode', (r) => chmod(join(r, 'etc/passwd'), 0o600));
ruleTest('passwd line with 6 fields', 'error', 'passwd-fields', (r) => put(r, 'etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nbroken:x:5:5:/:/bin/sh\n'));
ruleTest('duplicate uid', 'error', 'passwd-duplicate-uid', (r) => put(r, 'etc/passwd', 'root:x:0:0:root:/root:/bin/sh\na:x:7:7::/:/bin/sh\nb:x:7:7::/:/bin/sh\n'));
ruleTest('no uid 0', 'error', 'passwd-root', (r) => put(r, 'etc/passwd', 'bin:x:1:1:bin:/bin:/sbin/nologin\n'));
ruleTest('uid 0 not named root', 'error', 'passwd-root', (r) => put(r, 'etc/passwd', 'toor:x:0:0:root:/root:/bin/sh\n'));
ruleTest('entry for uid 1000', 'warning', 'passwd-default-uid', (r) => put(r, 'etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nazl:x:1000:1000::/home/azl:/bin/sh\n'));
ruleTest('no shadow', 'error', 'shadow-missing', (r) => unlink(join(r, 'etc/shadow')));
ruleTest('shadow owned by a user', 'error', 'shadow-owner', (r) => chown(join(r, 'etc/shadow'), 1000, 0));
ruleTest('shadow mode 0644', 'error', 'shadow-mode', (r) => chmod(join(r, 'etc/shadow'), 0o644));
ruleTest('no /bin/sh', 'error', 'bin-sh-elf', (r) => unlink(join(r, 'usr/bin/sh')));
ruleTest('/bin/sh is x86_64 but the image is aarch64', 'error', 'bin-sh-elf', async () => undefined, 'aarch64');
ruleTest('/bin/bash dangling', 'error', 'bin-bash-elf', async (r) => {
  await unlink(join(r, 'usr/bin/bash'));
  await symlink('/usr/bin/nothing', join(r, 'usr/bin/bash'));
});
ruleTest('NetworkManager enabled', 'warning', 'discouraged-unit', async (r) => {
  await mkdir(join(r, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
  await symlink('/usr/lib/systemd/system/NetworkManager.service', join(r, 'etc/systemd/system/multi-user.target.wants/NetworkManager.service'));
});
ruleTest('resolved enabled and not masked', 'warning', 'discouraged-unit', (r) => unlink(join(r, 'etc/systemd/system/systemd-resolved.service')));
ruleTest('security.selinux label', 'warning', 'unsupported-xattr', async (r) => {
  // Writing security.selinux needs an SELinux-aware kernel; fall back to security.ima, which
  // any root can set, when the first is refused.
  try {
    execFileSync('setfattr', ['-n', 'security.selinux', '-v', 'system_u:object_r:etc_t:s0', join(r, 'etc/passwd')], { stdio: 'ignore' });
  } catch {
    execFileSync('setfattr', ['-n', 'security.ima', '-v', '0x0401', join(r, 'etc/passwd')]);
  }
});

test('error archive-empty: an empty file is not "an uncompressed tar"', async () => {
  const file = join(work, 'empty.wsl');
  await writeFile(file, '');
  const report = await validateImage(file, { arch: 'x86_64' });
  assert.deepEqual(report.errors.map((finding) => finding.rule), ['archive-empty']);
  assert.doesNotMatch(formatValidationReport(report), /uncompressed/);
});

test('errors for every member the installer refuses: absolute names, devices and FIFOs outside /dev, writes through a symlink, hard links out of the archive, links above the root', async () => {
  for (const breach of ruleBreaches()) {
    const file = join(work, `${breach.name}.wsl`);
    await writeFile(file, gzipSync(archive([...(await minimalRootParts()), ...breach.parts])));
    const report = await validateImage(file, { arch: 'x86_64' });
    const finding = report.errors.find((candidate) => candidate.rule === breach.rule);
    assert.ok(finding, `${breach.name}: ${formatValidationReport(report)}`);
  }
});

test('member rules: a device under /dev, an absolute symlink target and a hard link to an earlier member are fine', async () => {
  const file = join(work, 'fine-members.wsl');
  await writeFile(file, gzipSync(archive([...(await minimalRootParts()), member({ name: './etc/localtime', type: 'symlink', linkName: '/usr/share/zoneinfo/UTC', mode: 0o777 }), member({ name: './etc/passwd-', type: 'hardlink', linkName: './etc/passwd' })])));
  const report = await validateImage(file, { arch: 'x86_64' });
  assert.deepEqual(report.errors.filter((finding) => finding.rule.startsWith('member-')), [], formatValidationReport(report));
});
