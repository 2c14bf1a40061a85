// Contract points 6–12 and export: location rules, formats, validation, extraction fidelity,
// wsl-distribution.conf side effects, `--install --from-file`, round trip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { copyFile, chmod, chown, link, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from '../../../common/run-program.js';
import { type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { buildFixtureRoot, packRoot } from '../../wsl-simulator/fixture-distro.js';
import { distroKey, errorToken, utf16, wsl, openSimulator } from './simulator-harness.js';

const SUCCESS = utf16('The operation completed successfully. \n');

describe('wsl.exe simulator: import, install, export', () => {
  let sim: SimulatorEnv;
  let work: string;
  let root: string;
  let archive: string;

  let close: () => Promise<void>;

  before(async () => {
    ({ sim, work, close } = await openSimulator('azl-sim-imp-', { fixture: false }));
    root = join(work, 'root');
    await buildFixtureRoot(root);
    // Fidelity probes: owner, setuid, absolute symlink, hardlink, capability, user xattr.
    await writeFile(join(root, 'home/tester/owned'), 'mine');
    await chown(join(root, 'home/tester/owned'), 1000, 1000);
    await copyFile(join(root, 'bin/busybox'), join(root, 'usr/bin/suid-tool'));
    await chmod(join(root, 'usr/bin/suid-tool'), 0o4755);
    await symlink('/usr/share/wsl/azl.ico', join(root, 'etc/azl-icon'));
    await writeFile(join(root, 'usr/bin/hard-a'), 'same inode');
    await link(join(root, 'usr/bin/hard-a'), join(root, 'usr/bin/hard-b'));
    await copyFile(join(root, 'bin/busybox'), join(root, 'usr/bin/pinger'));
    await runChecked('setcap', ['cap_net_raw+ep', join(root, 'usr/bin/pinger')]);
    await writeFile(join(root, 'etc/marker'), 'x');
    await runChecked('setfattr', ['-n', 'user.azl', '-v', 'hello', join(root, 'etc/marker')]);
    archive = await packRoot(root, join(work, 'rich.wsl'));
  });
  after(() => close?.());

  test('extraction keeps numeric owner, setuid, symlinks, hardlinks, capabilities and user xattrs', async () => {
    const r = await wsl(sim, ['--import', 'Rich', join(work, 'rich'), archive]);
    assert.deepEqual(r.stdout, SUCCESS, r.text);
    const rootfs = join(work, 'rich', 'ext4.vhdx', 'rootfs');
    const owned = statSync(join(rootfs, 'home/tester/owned'));
    assert.deepEqual([owned.uid, owned.gid], [1000, 1000]);
    assert.equal(statSync(join(rootfs, 'usr/bin/suid-tool')).mode & 0o7777, 0o4755);
    assert.equal(readlinkSync(join(rootfs, 'etc/azl-icon')), '/usr/share/wsl/azl.ico');
    assert.equal(statSync(join(rootfs, 'usr/bin/hard-a')).ino, statSync(join(rootfs, 'usr/bin/hard-b')).ino);
    const caps = await runChecked('getcap', [join(rootfs, 'usr/bin/pinger')]);
    assert.match(caps.stdout.toString(), /cap_net_raw[=+]ep/);
    const xattr = await runChecked('getfattr', ['--only-values', '-n', 'user.azl', join(rootfs, 'etc/marker')]);
    assert.equal(xattr.stdout.toString(), 'hello');
    assert.ok(existsSync(join(work, 'rich', 'shortcut.ico')), 'icon from shortcut.icon copied');
  });

  test('location: missing parent, existing non-empty folder, ext4.vhdx present, another BasePath', async () => {
    const missing = await wsl(sim, ['--import', 'P1', join(work, 'no', 'such'), archive]);
    assert.equal(missing.code, 255);
    assert.equal(missing.text, 'The system cannot find the path specified. \r\nError code: Wsl/ERROR_PATH_NOT_FOUND\r\n');
    const full = join(work, 'full');
    await mkdir(full);
    await writeFile(join(full, 'keep.txt'), 'keep');
    assert.equal((await wsl(sim, ['--import', 'Full', full, archive])).code, 0);
    const again = join(work, 'again');
    await mkdir(join(again, 'ext4.vhdx'), { recursive: true });
    const disk = await wsl(sim, ['--import', 'Again', again, archive]);
    assert.equal(disk.text, `Failed to create disk '${again}\\ext4.vhdx': The file exists. \r\nError code: Wsl/Service/RegisterDistro/ERROR_FILE_EXISTS\r\n`);
    assert.ok(existsSync(join(again, 'ext4.vhdx')), 'a folder wsl.exe did not create is left alone');
    const inUse = await wsl(sim, ['--import', 'Other', join(work, 'rich'), archive]);
    assert.equal(inUse.text, 'The supplied install location is already in use.\r\nError code: Wsl/Service/RegisterDistro/ERROR_FILE_EXISTS\r\n');
    const relative = await wsl(sim, ['--import', 'Rel', 'rel-loc', archive], { cwd: work });
    assert.equal(relative.code, 0);
    assert.equal((await distroKey(sim, 'Rel'))[1].BasePath, join(work, 'rel-loc'));
  });

  test('input file: missing, VHD without --vhd, --vhd stand-in, stdin', async () => {
    const missing = await wsl(sim, ['--import', 'M', join(work, 'm'), join(work, 'nope.tar')]);
    assert.equal(missing.text, 'The system cannot find the file specified. \r\nError code: Wsl/ERROR_FILE_NOT_FOUND\r\n');
    assert.equal(existsSync(join(work, 'm')), false);
    const vhdx = join(work, 'disk.vhdx');
    await copyFile(archive, vhdx);
    const hint = await wsl(sim, ['--import', 'V', join(work, 'v'), vhdx]);
    assert.equal(hint.code, 255);
    assert.equal(hint.text, 'This looks like a VHD file. Use --vhd to import a VHD instead of a tar.\r\n');
    assert.equal((await wsl(sim, ['--import', 'V', join(work, 'v'), vhdx, '--vhd'])).code, 0);
    const piped = await wsl(sim, ['--import', 'FromStdin', join(work, 'stdin'), '-'], { input: readFileSync(archive) });
    assert.deepEqual(piped.stdout, SUCCESS);
    assert.ok(existsSync(join(work, 'stdin', 'ext4.vhdx', 'rootfs', 'etc', 'passwd')));
  });

  test('formats tar/bz2/xz, leading "/" stripped; junk, "..", empty and non-Linux input refused', async () => {
    // A tiny root keeps xz/bzip2 fast: /etc alone makes a valid distro.
    const tiny = join(work, 'tiny');
    await mkdir(join(tiny, 'etc'), { recursive: true });
    await writeFile(join(tiny, 'etc/os-release'), 'ID=tiny\n');
    for (const compression of ['none', 'bzip2', 'xz'] as const) {
      const file = await packRoot(tiny, join(work, `f-${compression}.tar`), compression);
      assert.equal((await wsl(sim, ['--import', `F-${compression}`, join(work, `f-${compression}`), file])).code, 0, compression);
    }
    const absolute = join(work, 'absolute.tar');
    await runChecked('tar', ['-C', root, '-P', '--transform', 's,^\\./,/,', '-cf', absolute, './etc', './bin']);
    assert.match((await runChecked('tar', ['-tPf', absolute])).stdout.toString(), /^\/etc\//m);
    assert.equal((await wsl(sim, ['--import', 'Abs', join(work, 'abs'), absolute])).code, 0);
    assert.ok(existsSync(join(work, 'abs', 'ext4.vhdx', 'rootfs', 'etc', 'passwd')));

    const junk = join(work, 'junk.tar');
    await writeFile(junk, 'this is not an archive at all\n'.repeat(40));
    const bad = await wsl(sim, ['--import', 'Junk', join(work, 'junk'), junk]);
    assert.equal(bad.code, 255);
    assert.equal(bad.text, 'Importing the distribution failed.\r\nError code: Wsl/Service/RegisterDistro/WSL_E_IMPORT_FAILED\r\n');
    assert.equal(bad.stderr.toString('utf8'), 'bsdtar: Error opening archive: Unrecognized archive format\n');
    assert.equal(existsSync(join(work, 'junk')), false);

    const evil = join(work, 'evil.tar');
    await runChecked('tar', ['-C', root, '-P', '--transform', 's,^etc/passwd,../escape,', '-cf', evil, 'etc/passwd', 'bin']);
    const escaped = await wsl(sim, ['--import', 'Evil', join(work, 'evil'), evil]);
    assert.equal(errorToken(escaped.text), 'WSL_E_IMPORT_FAILED');
    assert.equal(existsSync(join(work, 'escape')), false);

    const empty = join(work, 'empty.tar');
    await writeFile(empty, '');
    const emptyResult = await wsl(sim, ['--import', 'Empty', join(work, 'empty'), empty]);
    assert.equal(emptyResult.text, 'The imported file is not a valid Linux distribution.\r\nError code: Wsl/Service/RegisterDistro/WSL_E_NOT_A_LINUX_DISTRO\r\n');
    const wrapped = join(work, 'wrapped.tar.gz');
    await runChecked('tar', ['-C', work, '-czf', wrapped, 'root/usr/share']);
    assert.equal(errorToken((await wsl(sim, ['--import', 'Wrapped', join(work, 'wrapped'), wrapped])).text), 'WSL_E_NOT_A_LINUX_DISTRO');
    assert.equal(Object.keys(((await sim.registry()) as { subkeys: object }).subkeys).some((g) => g === ''), false);
    // /bin/sh reachable only through an absolute symlink chain inside the root is enough.
    const shOnly = join(work, 'shonly');
    await mkdir(join(shOnly, 'usr/bin'), { recursive: true });
    await copyFile(join(root, 'bin/busybox'), join(shOnly, 'usr/bin/busybox'));
    await symlink('/usr/bin', join(shOnly, 'bin'));
    await symlink('busybox', join(shOnly, 'usr/bin/sh'));
    const shTar = await packRoot(shOnly, join(work, 'shonly.tar'), 'none');
    assert.equal((await wsl(sim, ['--import', 'ShOnly', join(work, 'shonly-loc'), shTar])).code, 0);
  });

  test('wsl-distribution.conf: case-insensitive keys, bad values silent at registration, icon/template rules never fail the install', async () => {
    const variant = join(work, 'variant');
    await buildFixtureRoot(variant, {
      distributionConf: '[Shortcut]\nEnabled = FALSE\nicon = /usr/share/wsl/big.ico\n[WindowsTerminal]\nenabled = maybe\nProfileTemplate = /usr/share/wsl/profile.json\n',
      files: { 'usr/share/wsl/big.ico': Buffer.alloc(1024 * 1024 + 1, 1), 'usr/share/wsl/profile.json': '{"profiles":[{"colorScheme":"Azl","startingDirectory":"/"}],"schemes":[{"name":"Azl"}]}' },
    });
    const r = await wsl(sim, ['--import', 'Variant', join(work, 'variant-loc'), await packRoot(variant, join(work, 'variant.wsl'))]);
    assert.deepEqual(r.stdout, SUCCESS);
    // mini_init reads the file without collecting warnings: `enabled = maybe` keeps the default, silently.
    assert.equal(r.errText, '');
    const [guid, key] = await distroKey(sim, 'Variant');
    assert.equal(key.ShortcutPath, undefined, 'shortcut.enabled = FALSE honoured');
    assert.equal(existsSync(join(work, 'variant-loc', 'shortcut.ico')), false, 'icon over 1 MiB ignored');
    const fragment = JSON.parse(await readFile(key.TerminalProfilePath as string, 'utf8')) as { profiles: Array<Record<string, unknown>>; schemes: unknown[] };
    // WSL puts the entry hiding Terminal's own generated profile first.
    assert.equal(fragment.profiles[0].hidden, true);
    assert.match(String(fragment.profiles[0].updates), /^\{[0-9a-f-]{36}\}$/);
    assert.equal(fragment.profiles[1].name, 'Variant');
    assert.equal(fragment.profiles[1].colorScheme, 'Azl');
    assert.equal(fragment.profiles[1].startingDirectory, '/');
    assert.equal(fragment.profiles[1].pathTranslationStyle, 'wsl');
    assert.equal(fragment.profiles[1]['wsl.distribution-type'], 'azurelinux');
    assert.match(String(fragment.profiles[1].commandline), new RegExp(`--distribution-id \\${guid.slice(0, -1)}\\}$`));
    assert.equal(fragment.schemes.length, 1);

    const badTemplate = join(work, 'badtpl');
    await buildFixtureRoot(badTemplate, { distributionConf: '[windowsterminal]\nprofileTemplate = /t.json\n[shortcut]\nicon = ../../etc/passwd\n', files: { 't.json': '{ // comments are not JSON\n "profiles": [] }' } });
    const b = await wsl(sim, ['--import', 'BadTpl', join(work, 'badtpl-loc'), await packRoot(badTemplate, join(work, 'badtpl.wsl'))]);
    assert.deepEqual(b.stdout, SUCCESS);
    assert.match(b.errText, /^wsl: Failed to parse terminal profile while registering distribution: .+\r\n$/);
    assert.equal((await distroKey(sim, 'BadTpl'))[1].TerminalProfilePath, undefined);
    assert.equal(existsSync(join(work, 'badtpl-loc', 'shortcut.ico')), false, 'icon path with .. ignored');
  });

  test('--install --from-file: messages, defaultName, default location, RunOOBE=1; no name at all fails', async () => {
    const r = await wsl(sim, ['--install', '--from-file', archive, '--no-launch']);
    assert.equal(r.code, 0, r.text);
    assert.equal(r.text, `Installing: ${archive}\r\nDistribution successfully installed. It can be launched via 'wsl.exe -d AzlFixture'\r\n`);
    const [guid, key] = await distroKey(sim, 'AzlFixture');
    assert.equal(key.BasePath, join(sim.stateDir, 'localappdata', 'wsl', guid));
    assert.equal(key.RunOOBE, 1);
    assert.equal(key.DefaultUid, 0);
    const named = await wsl(sim, ['--install', '--from-file', '-', '--name', 'Named', '--location', join(work, 'deep', 'er', 'named'), '-n'], { input: readFileSync(archive) });
    assert.equal(named.text, "Installing: <stdin>\r\nDistribution successfully installed. It can be launched via 'wsl.exe -d Named'\r\n");
    const nameless = join(work, 'nameless');
    await buildFixtureRoot(nameless, { distributionConf: null });
    const n = await wsl(sim, ['--install', '--from-file', await packRoot(nameless, join(work, 'nameless.wsl')), '-n']);
    assert.equal(n.code, 255);
    assert.ok(n.text.endsWith("This distribution doesn't contain a default name. Use --name to choose the distribution name.\r\nError code: Wsl/Service/RegisterDistro/WSL_E_DISTRIBUTION_NAME_NEEDED\r\n"));
    assert.deepEqual(await readdir(join(sim.stateDir, 'localappdata', 'wsl')), [guid], 'the failed install left no folder');
  });

  test('--export round trip (tar.gz to a file, tar to stdout) keeps owners, modes, caps', async () => {
    const out = join(work, 'export.tar.gz');
    const r = await wsl(sim, ['--export', 'Rich', out, '--format', 'tar.gz']);
    assert.deepEqual(r.stdout, SUCCESS);
    const back = await wsl(sim, ['--import', 'RichAgain', join(work, 'rich-again'), out]);
    assert.equal(back.code, 0);
    const rootfs = join(work, 'rich-again', 'ext4.vhdx', 'rootfs');
    assert.equal(statSync(join(rootfs, 'usr/bin/suid-tool')).mode & 0o7777, 0o4755);
    assert.equal(statSync(join(rootfs, 'home/tester/owned')).uid, 1000);
    assert.ok(lstatSync(join(rootfs, 'etc/azl-icon')).isSymbolicLink());
    assert.match((await runChecked('getcap', [join(rootfs, 'usr/bin/pinger')])).stdout.toString(), /cap_net_raw/);
    const stdout = await wsl(sim, ['--export', 'Rich', '-']);
    assert.equal(stdout.code, 0);
    const raw = join(work, 'stdout.tar');
    await writeFile(raw, stdout.stdout);
    assert.match((await runChecked('tar', ['-tf', raw])).stdout.toString(), /^\.\/etc\/passwd$/m);
  });
});
