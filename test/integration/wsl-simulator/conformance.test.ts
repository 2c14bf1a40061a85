/**
 * Conformance: the assertions of Microsoft's own WSL tests that concern the verbs we use, as
 * cases of our own run against the simulator. Each case names the test it mirrors in
 * microsoft/WSL test/windows/UnitTests.cpp or SimpleTests.cpp (at the commit named in
 * test/wsl-simulator/README.md) and checks the same bytes, exit codes and registry values.
 * Where a case relies on something Microsoft's test cannot see, the source it follows is named.
 * What the simulator deliberately does not model is listed in test/wsl-simulator/README.md.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from '../../../common/run-program.js';
import { type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { buildFixtureDistro } from '../../wsl-simulator/fixture-distro.js';
import { distroKey, editRegistry, registryOf, utf16, wsl, type WslResult, openSimulator } from './simulator-harness.js';

const SUCCESS = 'The operation completed successfully. \r\n';
const FAILED = 255;
const NOT_FOUND = 'There is no distribution with the supplied name.\r\nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND\r\n';

/** stdout of a Linux program (relayed raw) as text. */
const raw = (r: WslResult): string => r.stdout.toString('utf8');

/** `<message>\r\nError code: <path>\r\n`, as UnitTests' ValidateErrorMessage builds it. */
const coded = (message: string, path: string): string => `${message}\r\nError code: ${path}\r\n`;

describe('conformance with Microsoft\'s WSL tests', () => {
  let sim: SimulatorEnv;
  let work: string;
  let fixture: string;

  /** Writes a file inside a distribution as root (stdin carries the content). */
  const putFile = async (distro: string, path: string, content: string): Promise<void> => {
    const r = await wsl(sim, ['-d', distro, '-u', 'root', '-e', 'sh', '-c', 'cat > "$1"', 'sh', path], { input: content });
    assert.equal(r.code, 0, r.errText);
  };

  const registryValue = async (name: string, value: string): Promise<unknown> => (await distroKey(sim, name))[1][value];

  let close: () => Promise<void>;

  before(async () => {
    ({ sim, work, archive: fixture, close } = await openSimulator('azl-sim-conformance-'));
    const r = await wsl(sim, ['--import', 'test_distro', join(work, 'test_distro'), fixture]);
    assert.equal(r.text, SUCCESS);
  });
  after(() => close?.());

  test('SimpleTests EchoTest, WhoamiTest, ChangeDirTest', async () => {
    assert.equal(raw(await wsl(sim, ['echo', 'LOW!'])), 'LOW!\n');
    assert.equal(raw(await wsl(sim, ['-u', 'root', 'whoami'])), 'root\n');
    assert.equal(raw(await wsl(sim, ['--cd', '~', '--user', 'root', 'pwd'])), '/root\n');
  });

  test('UnitTests ImportDistro: a disk already in the folder, a VHD without --vhd, another distribution\'s folder, an absolute /bin/sh link', async () => {
    const dir = join(work, 'import-test');
    await mkdir(join(dir, 'rootfs'), { recursive: true });
    await writeFile(join(dir, 'test.tar'), '');
    await writeFile(join(dir, 'ext4.vhdx'), '');
    let r = await wsl(sim, ['--import', 'dummy', dir, join(dir, 'test.tar'), '--version', '2']);
    assert.equal(r.code, FAILED);
    assert.equal(r.text, coded(`Failed to create disk '${dir}\\ext4.vhdx': The file exists. `, 'Wsl/Service/RegisterDistro/ERROR_FILE_EXISTS'));
    assert.equal(r.stderr.length, 0);
    assert.ok(existsSync(join(dir, 'ext4.vhdx')), 'a disk that was there stays');

    r = await wsl(sim, ['--import', 'dummy', dir, join(dir, 'ext4.vhdx'), '--version', '2']);
    assert.equal(r.code, FAILED);
    assert.equal(r.text, 'This looks like a VHD file. Use --vhd to import a VHD instead of a tar.\r\n');

    const basePath = (await registryValue('test_distro', 'BasePath')) as string;
    r = await wsl(sim, ['--import', 'path-conflict-distro', basePath, join(dir, 'test.tar'), '--version', '2']);
    assert.equal(r.text, coded('The supplied install location is already in use.', 'Wsl/Service/RegisterDistro/ERROR_FILE_EXISTS'));

    const cwd = join(work, 'symlink-cwd');
    await mkdir(cwd);
    const ok = async (args: string[], expected = SUCCESS): Promise<void> => {
      const result = await wsl(sim, args, { cwd });
      assert.equal(result.code, 0, result.text);
      assert.equal(args[0].startsWith('--') ? result.text : raw(result), expected);
    };
    await ok(['--export', 'test_distro', 'symlink_distro.tar']);
    await ok(['--import', 'symlink_distro', '.', 'symlink_distro.tar', '--version', '2']);
    await ok(['-d', 'symlink_distro', '--', 'ln', '-f', '-s', '/bin/busybox', '/bin/sh'], '');
    await ok(['--export', 'symlink_distro', 'symlink_distro.tar']);
    await ok(['--unregister', 'symlink_distro']);
    await ok(['--import', 'symlink_distro', '.', 'symlink_distro.tar', '--version', '2']);
    await ok(['--unregister', 'symlink_distro']);
  });

  test('UnitTests ImportDistroInvalidTar: bsdtar\'s own complaint on stderr, WSL_E_IMPORT_FAILED', async () => {
    const hosts = join(work, 'hosts');
    await writeFile(hosts, '127.0.0.1 localhost\n::1 localhost\n');
    const r = await wsl(sim, ['--import', 'dummy', join(work, 'invalid-tar'), hosts, '--version', '2']);
    assert.equal(r.code, FAILED);
    assert.equal(r.text, coded('Importing the distribution failed.', 'Wsl/Service/RegisterDistro/WSL_E_IMPORT_FAILED'));
    assert.equal(r.stderr.toString('utf8'), 'bsdtar: Error opening archive: Unrecognized archive format\n');
    assert.equal(existsSync(join(work, 'invalid-tar')), false, 'the folder wsl.exe made is gone again');
  });

  test('UnitTests ErrorMessages: the messages and error paths of the verbs we use', async () => {
    const cases: Array<[string[], string, string]> = [
      [['--manage', 'test_distro', '--set-sparse', 'false_'], 'false_ is not a valid boolean, <true|false>', 'Wsl/E_INVALIDARG'],
      [['--import', 'a', 'b', 'c'], 'The system cannot find the file specified. ', 'Wsl/ERROR_FILE_NOT_FOUND'],
      [['-d', 'DoesNotExist', 'echo', 'foo'], 'There is no distribution with the supplied name.', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND'],
      [['--export', 'DoesNotExist', 'FileName'], 'There is no distribution with the supplied name.', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND'],
      [['--import-in-place', 'DoesNotExist', 'FileName'], 'The system cannot find the file specified. ', 'Wsl/ERROR_FILE_NOT_FOUND'],
      [['--set-default-version', '3'], 'A version number could not be parsed. ', 'Wsl/ERROR_VERSION_PARSE_ERROR'],
      [['--manage', 'DoesNotExist', '--resize', '10GB'], 'There is no distribution with the supplied name.', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND'],
      [['--manage', 'test_distro', '--resize', 'foo'], 'Invalid size: foo', 'Wsl/E_INVALIDARG'],
      [['--install', '--distribution', 'debian', '--no-distribution'], "Arguments --no-distribution and --distribution can't be specified at same time.", 'Wsl/E_INVALIDARG'],
      [['--install', 'debian', '--from-file', 'foo', '--distribution', 'foo'], "Arguments --from-file and --distribution can't be specified at same time.", 'Wsl/E_INVALIDARG'],
      [['--install', 'foo', '--fixed-vhd'], 'Argument --fixed-vhd requires the --vhd-size argument.', 'Wsl/E_INVALIDARG'],
    ];
    for (const [args, message, path] of cases) {
      const r = await wsl(sim, args, { cwd: work });
      assert.equal(r.code, FAILED, args.join(' '));
      assert.equal(r.text, coded(message, path), args.join(' '));
    }
    assert.equal(existsSync(join(work, 'b')), false, '--import a b c removed the folder it made');
    assert.equal(existsSync(join(work, 'FileName')), false, '--export removed the file it made');
    // WSL_E_INVALID_USAGE: the usage text, no code line, -1.
    const usage = await wsl(sim, ['--manage', '--move', '.']);
    assert.equal(usage.code, FAILED);
    assert.equal(usage.text, (await wsl(sim, ['--help'])).text);
    assert.ok(!usage.text.includes('Error code:'));
  });

  test('UnitTests UsageMessages: --help is MessageWslUsage of en-US (fr-FR, de-DE alike), exit -1', async () => {
    // SHA-256 of what wsl.exe writes: the resource text in UTF-16LE with CRLF line ends and a final CRLF.
    const expected: Record<string, string> = {
      en: 'fee4c955fe937df6eb8f54a59f6a461b40810cf0e7445b36f4b18ffbd22d1f76',
      fr: 'b455d43e64d0a749ca5ace821f30bf1df64ff61fe434f538fd5e06d083d741da',
      de: '2e3659da009a05cccaf49ede9af85c6ebb87a538d904bb54973af8a2713cb1c7',
    };
    for (const [locale, sha256] of Object.entries(expected)) {
      const r = await wsl(sim, ['--help'], { env: { AZL_WSL_SIM_LOCALE: locale } });
      assert.equal(r.code, FAILED, locale);
      assert.equal(createHash('sha256').update(r.stdout).digest('hex'), sha256, locale);
    }
    const en = await wsl(sim, ['--help']);
    assert.ok(en.text.startsWith('Copyright (c) Microsoft Corporation. All rights reserved.\r\n'));
    assert.ok(!en.text.includes('--compact'), 'no --compact in the real usage');
    assert.ok(en.text.endsWith('Unregisters the distribution and deletes the root filesystem.\r\n'));
  });

  test('UnitTests DistributionId: any GUID spelling runs the distribution; a bad or unknown one fails as WSL does', async () => {
    const [guid] = await distroKey(sim, 'test_distro');
    for (const spelled of [guid.slice(1, -1), guid, guid.toUpperCase()]) {
      assert.equal(raw(await wsl(sim, ['--distribution-id', spelled, 'echo', '-n', 'OK'])), 'OK', spelled);
    }
    const bad = await wsl(sim, ['--distribution-id', 'InvalidGuid']);
    assert.equal(bad.code, FAILED);
    assert.equal(bad.text, coded('The parameter is incorrect. ', 'Wsl/E_INVALIDARG'));
    const unknown = await wsl(sim, ['--distribution-id', '{C13B2B63-F9D5-4840-8105-F6ABECCF46CA}']);
    assert.equal(unknown.code, FAILED);
    assert.equal(unknown.text, coded('There is no distribution with the supplied name.', 'Wsl/Service/CreateInstance/ReadDistroConfig/WSL_E_DISTRO_NOT_FOUND'));
  });

  test('UnitTests ManageDefaultUid: id -u through a nested wsl.exe, DefaultUid and the launch user follow', async () => {
    const assertDefaultUid = async (uid: number): Promise<void> => {
      assert.equal(await registryValue('test_distro', 'DefaultUid'), uid);
      assert.equal(raw(await wsl(sim, ['id', '-u'])).trim(), String(uid));
    };
    const change = async (user: string, uid: number, out: string, err: string, code: number): Promise<void> => {
      const r = await wsl(sim, ['--manage', 'test_distro', '--set-default-user', user]);
      assert.equal(r.code, code, user);
      assert.equal(r.text, out, user);
      assert.equal(r.stderr.toString('utf8'), err, user);
      await assertDefaultUid(uid);
    };
    await assertDefaultUid(0);
    await change('root', 0, SUCCESS, '', 0);
    await change('tester', 1000, SUCCESS, '', 0);
    await change('root', 0, SUCCESS, '', 0);
    await change('Nonexistent', 0, '', 'id: \u2018Nonexistent\u2019: no such user\n', 1);
    const missing = await wsl(sim, ['--manage', 'nonexistent', '--set-default-user', 'root']);
    assert.equal(missing.code, FAILED);
    assert.equal(missing.text, NOT_FOUND);
  });

  test('UnitTests ModernOOBE: only an interactive launch runs it, once; a failure is retried; defaultUid applies; none after --import', async () => {
    const setConf = async (text: string): Promise<void> => {
      await putFile('test_distro', '/etc/wsl-distribution.conf', text);
      await editRegistry(sim, (registry) => {
        const [guid] = Object.entries(registry.subkeys).find(([, key]) => key.DistributionName === 'test_distro')!;
        registry.subkeys[guid].RunOOBE = 1;
      });
      await wsl(sim, ['--terminate', 'test_distro']);
    };
    const runOobe = (): Promise<unknown> => registryValue('test_distro', 'RunOOBE');
    const interactive = (): Promise<WslResult> => wsl(sim, ['-d', 'test_distro'], { input: '' });

    await setConf("[oobe]\ncommand = /bin/sh -c 'echo OOBE'\n");
    assert.equal(raw(await wsl(sim, ['echo', 'no', 'oobe'])), 'no oobe\n', 'a command never runs the OOBE');
    assert.equal(await runOobe(), 1);
    assert.equal(raw(await interactive()), 'OOBE\n');
    assert.equal(await runOobe(), 0);
    assert.equal(raw(await interactive()), '', 'only once');

    await setConf("[oobe]\ncommand = /bin/sh -c 'echo failed OOBE && exit 1'\n");
    for (let attempt = 0; attempt < 2; attempt++) {
      const failed = await interactive();
      assert.equal(failed.code, 1);
      assert.equal(raw(failed), 'failed OOBE\n');
      assert.equal(failed.stderr.toString('utf8'), "OOBE command \"/bin/sh -c 'echo failed OOBE && exit 1'\" failed, exiting\n");
      assert.equal(await runOobe(), 1, 'retried at the next interactive launch');
      await wsl(sim, ['--terminate', 'test_distro']);
    }

    await setConf("[oobe]\ncommand = /bin/sh -c 'echo OOBE && echo user:x:1010:1010::/tmp:/bin/sh >> /etc/passwd'\n defaultUid = 1010\n");
    assert.equal(raw(await interactive()), 'OOBE\n');
    assert.equal(await runOobe(), 0);
    assert.equal(raw(await wsl(sim, ['id', '-u'])), '1010\n');
    assert.equal(await registryValue('test_distro', 'DefaultUid'), 1010);

    await setConf("[oobe]\ncommand = /bin/sh -c 'echo OOBE'");
    assert.equal(raw(await interactive()), 'OOBE\n');
    assert.equal(await registryValue('test_distro', 'DefaultUid'), 1010, 'no defaultUid: DefaultUid unchanged');

    // Not a UnitTests case; init.cpp: no command at all is a success, and defaultUid still applies.
    await setConf('[oobe]\ndefaultUid = 1000\n');
    const noCommand = await interactive();
    assert.equal(noCommand.code, 0);
    assert.equal(await runOobe(), 0);
    assert.equal(await registryValue('test_distro', 'DefaultUid'), 1000);

    const dir = join(work, 'test-oobe-import');
    await mkdir(dir);
    assert.equal((await wsl(sim, ['--export', 'test_distro', join(dir, 'exported.tar')])).code, 0);
    assert.equal((await wsl(sim, ['--import', 'test-oobe-import', dir, join(dir, 'exported.tar')])).code, 0);
    assert.equal(await registryValue('test-oobe-import', 'RunOOBE'), 0);
    assert.equal(raw(await wsl(sim, ['-d', 'test-oobe-import'], { input: '' })), '');
    await wsl(sim, ['--unregister', 'test-oobe-import']);
    await putFile('test_distro', '/etc/wsl-distribution.conf', '');
    await wsl(sim, ['--manage', 'test_distro', '--set-default-user', 'root']);
  });

  test('UnitTests ModernInstall: defaultName, icon, shortcut and Terminal profile; name errors; templates', async () => {
    const dir = join(work, 'modern');
    await mkdir(dir);
    const tar = (name: string, conf: string, files: Record<string, string | Buffer> = {}): Promise<string> =>
      buildFixtureDistro(dir, { distributionConf: conf, files }, name);
    const install = (file: string, extra: string[] = []): Promise<WslResult> => wsl(sim, ['--install', '--no-launch', '--from-file', file, ...extra], { cwd: dir });
    const profileOf = async (name: string): Promise<{ profiles: Array<Record<string, unknown>>; schemes?: Array<Record<string, unknown>> }> =>
      JSON.parse(await readFile((await registryValue(name, 'TerminalProfilePath')) as string, 'utf8')) as never;
    const icon = Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0]), Buffer.alloc(32, 9)]);

    await tar('distro-default-name-icon.tar', '[shortcut]\nicon = /icon.ico\n[oobe]\ndefaultName = test-default-name', { 'icon.ico': icon });
    for (const location of [dir, '.']) {
      assert.equal((await wsl(sim, ['--import', 'TestCustomLocation', location, 'distro-default-name-icon.tar'], { cwd: dir })).code, 0);
      assert.equal((await profileOf('TestCustomLocation')).profiles[1].icon, join(dir, 'shortcut.ico'), 'the icon is the copy under the install folder');
      await wsl(sim, ['--unregister', 'TestCustomLocation']);
    }
    let r = await install('distro-default-name-icon.tar');
    assert.equal(r.code, 0, r.text);
    assert.equal(raw(await wsl(sim, ['-d', 'test-default-name', 'echo', '-n', 'OK'])), 'OK');
    const [guid, key] = await distroKey(sim, 'test-default-name');
    const shortcut = key.ShortcutPath as string;
    const profilePath = key.TerminalProfilePath as string;
    assert.ok(existsSync(shortcut) && existsSync(key.BasePath) && existsSync(profilePath));
    const profile = await profileOf('test-default-name');
    assert.equal(profile.profiles[0].hidden, true, 'first: the entry hiding Terminal\'s own generated profile');
    assert.equal(profile.profiles[1].name, 'test-default-name');
    assert.equal(profile.profiles[1].pathTranslationStyle, 'wsl');
    assert.equal(profile.profiles[1].startingDirectory, '~');
    assert.ok(String(profile.profiles[1].commandline).endsWith(`--distribution-id ${guid}`));
    assert.ok(String(profile.profiles[1].icon).startsWith(key.BasePath));
    assert.ok(profilePath.endsWith(`${String(profile.profiles[1].guid)}.json`), 'the fragment is named after the profile guid');
    assert.equal((await wsl(sim, ['--unregister', 'test-default-name'])).text, SUCCESS);
    assert.ok(!existsSync(profilePath) && !existsSync(shortcut) && !existsSync(key.BasePath));

    await tar('distro-no-default-name.tar', '');
    r = await install('distro-no-default-name.tar');
    assert.equal(r.code, FAILED);
    assert.equal(r.text, `Installing: distro-no-default-name.tar\r\n${coded("This distribution doesn't contain a default name. Use --name to choose the distribution name.", 'Wsl/Service/RegisterDistro/WSL_E_DISTRIBUTION_NAME_NEEDED')}`);
    assert.equal((await install('distro-no-default-name.tar', ['--name', 'test-distro-no-default-name'])).code, 0);
    assert.equal(raw(await wsl(sim, ['-d', 'test-distro-no-default-name', 'echo', '-n', 'OK'])), 'OK');
    await wsl(sim, ['--unregister', 'test-distro-no-default-name']);

    assert.equal((await install('distro-no-default-name.tar', ['--name', 'distro-vhd-size', '--vhd-size', '1GB', '--fixed-vhd'])).code, 0);
    await wsl(sim, ['--unregister', 'distro-vhd-size']);

    assert.equal((await install('distro-no-default-name.tar', ['--name', 'test-custom-location', '--location', 'test-distro-folder'])).code, 0);
    assert.equal(await registryValue('test-custom-location', 'BasePath'), join(dir, 'test-distro-folder'));
    await wsl(sim, ['--unregister', 'test-custom-location']);
    assert.ok(!existsSync(join(dir, 'test-distro-folder')));

    r = await wsl(sim, ['--install', '--no-launch', '--from-file', '-', '--name', 'test-install-stdin'], { input: await readFile(fixture) });
    assert.equal(r.code, 0, r.text);
    assert.ok(r.text.startsWith('Installing: <stdin>\r\n'));
    await wsl(sim, ['--unregister', 'test-install-stdin']);

    await tar('conflict.tar', '[oobe]\ndefaultName = test_distro');
    r = await install('conflict.tar');
    assert.equal(r.text, `Installing: conflict.tar\r\n${coded('A distribution with the supplied name already exists. Use --name to choose a different name.', 'Wsl/Service/RegisterDistro/ERROR_ALREADY_EXISTS')}`);
    await tar('invalid.tar', '[oobe]\ndefaultName = invalid!');
    r = await install('invalid.tar');
    assert.equal(r.text, `Installing: invalid.tar\r\n${coded('Invalid distribution name: "invalid!".', 'Wsl/Service/RegisterDistro/E_INVALIDARG')}`);

    // A 20 MB icon, or a missing one: installed all the same, with the default icon.
    await tar('big-icon.tar', '[shortcut]\nicon = /icon.ico', { 'icon.ico': Buffer.alloc(20 * 1024 * 1024) });
    await tar('icon-not-found.tar', '[shortcut]\nicon = /does-not-exist.ico');
    for (const [file, name] of [['big-icon.tar', 'big-icon'], ['icon-not-found.tar', 'icon-not-found']]) {
      assert.equal((await install(file, ['--name', name])).code, 0);
      assert.ok(existsSync((await registryValue(name, 'ShortcutPath')) as string));
      assert.ok(!existsSync(join((await registryValue(name, 'BasePath')) as string, 'shortcut.ico')));
      await wsl(sim, ['--unregister', name]);
    }

    await tar('custom-terminal-profile.tar', '[windowsterminal]\nprofileTemplate = /terminal.json', {
      'terminal.json': '{"profiles": [{"custom-field": "custom-value"}], "schemes": [{"name": "my-scheme"}]}',
    });
    assert.equal((await install('custom-terminal-profile.tar', ['--name', 'custom-terminal-profile'])).code, 0);
    const custom = await profileOf('custom-terminal-profile');
    assert.equal(custom.profiles[1]['custom-field'], 'custom-value');
    assert.equal(custom.schemes?.[0].name, 'my-scheme');

    await tar('bad-json.tar', '[windowsterminal]\nprofileTemplate = /terminal.json', { 'terminal.json': 'bad-json' });
    r = await install('bad-json.tar', ['--name', 'custom-terminal-profile-bad-json']);
    assert.equal(r.code, 0);
    assert.match(r.errText, /^wsl: Failed to parse terminal profile while registering distribution: \[json\.exception\.parse_error\.101\] .+\r\n$/);

    await tar('hide.tar', '[windowsterminal]\nprofileTemplate = /terminal.json', {
      'terminal.json': JSON.stringify({ profiles: [{ updates: hideGuidFor('custom-terminal-profile-hide'), hidden: true, custom: true }, { name: 'my-profile' }] }),
    });
    assert.equal((await install('hide.tar', ['--name', 'custom-terminal-profile-hide'])).code, 0);
    const hide = await profileOf('custom-terminal-profile-hide');
    assert.equal(hide.profiles[0].custom, true);
    assert.equal(hide.profiles.length, 2, 'no second hiding entry');

    await tar('no-terminal-profile.tar', '[windowsterminal]\nenabled = false');
    assert.equal((await install('no-terminal-profile.tar', ['--name', 'no-terminal-profile'])).code, 0);
    assert.equal(await registryValue('no-terminal-profile', 'TerminalProfilePath'), undefined);
    await tar('no-shortcut.tar', '[shortcut]\nenabled = false');
    assert.equal((await install('no-shortcut.tar', ['--name', 'no-shortcut'])).code, 0);
    assert.equal(await registryValue('no-shortcut', 'ShortcutPath'), undefined);
    for (const name of ['custom-terminal-profile', 'custom-terminal-profile-bad-json', 'custom-terminal-profile-hide', 'no-terminal-profile', 'no-shortcut']) {
      await wsl(sim, ['--unregister', name]);
    }
  });

  test('UnitTests ExportImportVhd: the export keeps the disk\'s extension; --vhd import of a non-VHD file fails in the service', async () => {
    const dir = join(work, 'vhd');
    await mkdir(dir);
    await wsl(sim, ['--shutdown']);
    let r = await wsl(sim, ['--export', 'test_distro', join(dir, 'exported-test-distro.vhd'), '--format', 'vhd']);
    assert.equal(r.code, FAILED);
    assert.equal(r.text, coded('The specified file must have the .vhdx file extension.', 'Wsl/Service/WSL_E_EXPORT_FAILED'));
    assert.equal(r.stderr.length, 0);
    r = await wsl(sim, ['--export', 'test_distro', join(dir, 'exported-test-distro.vhdx'), '--format', 'vhd']);
    assert.equal(r.text, SUCCESS);
    // Microsoft converts the .vhdx to a .vhd with Convert-VHD; here the disk stand-in is the same either way.
    await writeFile(join(dir, 'exported-test-distro.vhd'), await readFile(join(dir, 'exported-test-distro.vhdx')));
    r = await wsl(sim, ['--import', 'imported-test-distro', join(dir, 'imported-test-distro'), join(dir, 'exported-test-distro.vhd'), '--vhd']);
    assert.equal(r.text, SUCCESS);
    r = await wsl(sim, ['--export', 'imported-test-distro', join(dir, 'exported-vhd.vhd'), '--format', 'vhd']);
    assert.equal(r.text, SUCCESS);
    r = await wsl(sim, ['--export', 'imported-test-distro', join(dir, 'exported-test-distro.vhdx'), '--format', 'vhd']);
    assert.equal(r.text, coded('The specified file must have the .vhd file extension.', 'Wsl/Service/WSL_E_EXPORT_FAILED'));
    const text = join(dir, 'temp.txt');
    await writeFile(text, '');
    r = await wsl(sim, ['--import', 'negative-variation-distro', join(dir, 'negative-variation-distro'), text, '--vhd']);
    assert.equal(r.code, FAILED);
    assert.equal(r.text, coded('The specified file must have the .vhd or .vhdx file extension.', 'Wsl/Service/RegisterDistro/WSL_E_IMPORT_FAILED'));
    assert.equal(r.stderr.length, 0);
    await wsl(sim, ['--unregister', 'imported-test-distro']);
  });

  test('UnitTests ManualDistroShutdown: a distribution that reboots itself leaves --list --running, and starts afresh', async () => {
    await wsl(sim, ['--shutdown']);
    // The command line is raw text, as in Microsoft's test: each word its own argument, so nothing
    // is quoted. (Microsoft writes to /dev/shm; here /dev is the host's, so the file goes to /tmp.)
    await wsl(sim, 'echo foo > /tmp/bar ; reboot -f ; sleep 100'.split(' '));
    const running = await wsl(sim, ['--list', '--running']);
    assert.equal(running.code, FAILED, 'nothing running: -1');
    assert.equal(running.text, 'There are no running distributions.\r\n');
    assert.equal(raw(await wsl(sim, 'test -f /dev/shm/bar2 || echo -n ok'.split(' '))), 'ok', 'the distribution starts again');
    assert.match(raw(await wsl(sim, ['cat', '/tmp/bar'])), /^foo$/m, 'it ran until the reboot');
  });

  test('UnitTests BrokenDistroImport: an empty file is not a Linux distribution, through --import and --install', async () => {
    const empty = join(work, 'NUL');
    await writeFile(empty, '');
    let r = await wsl(sim, ['--import', 'broken-test-distro', '.', 'NUL'], { cwd: work });
    assert.equal(r.code, FAILED);
    assert.equal(r.text, coded('The imported file is not a valid Linux distribution.', 'Wsl/Service/RegisterDistro/WSL_E_NOT_A_LINUX_DISTRO'));
    r = await wsl(sim, ['--install', '--from-file', 'NUL', '--name', 'broken-test-distro'], { cwd: work });
    assert.equal(r.code, FAILED);
    assert.equal(r.text, `Installing: NUL\r\n${coded('The imported file is not a valid Linux distribution.', 'Wsl/Service/RegisterDistro/WSL_E_NOT_A_LINUX_DISTRO')}`);
    // /etc without /bin/sh is accepted.
    const etcOnly = join(work, 'etc-only');
    await mkdir(join(etcOnly, 'etc'), { recursive: true });
    await writeFile(join(etcOnly, 'etc', 'wsl.conf'), '');
    const tar = join(work, 'etc-only.tar');
    await runChecked('tar', ['-cf', tar, '-C', etcOnly, 'etc/wsl.conf']);
    r = await wsl(sim, ['--install', '--from-file', '-', '--name', 'empty-distro', '--no-launch', '--version', '2'], { input: await readFile(tar) });
    assert.equal(r.code, 0, r.text);
    await wsl(sim, ['--unregister', 'empty-distro']);
    assert.deepEqual((await registryOf(sim)).values.DefaultDistribution, (await distroKey(sim, 'test_distro'))[0]);
  });

  test('source-level cases the tests above cannot see (WslClient.cpp, LxssUserSession.cpp)', async () => {
    // -l --running with nothing running: the message and -1, whatever is registered.
    await wsl(sim, ['--shutdown']);
    const none = await wsl(sim, ['-l', '--running']);
    assert.equal(none.code, FAILED);
    // Option errors inside a verb carry the client's code line; at the top level they do not.
    const inside = await wsl(sim, ['--export', 'test_distro', 'x.tar', '--bogus'], { cwd: work });
    assert.equal(inside.text, coded("Invalid command line argument: --bogus\nPlease use 'wsl.exe --help' to get a list of supported arguments.", 'Wsl/E_INVALIDARG').replace('\n', '\r\n'));
    const top = await wsl(sim, ['--bogus']);
    assert.equal(top.text, "Invalid command line argument: --bogus\r\nPlease use 'wsl.exe --help' to get a list of supported arguments.\r\n");
    assert.equal((await wsl(sim, ['-d'])).text, 'Argument --distribution is missing a required parameter.\r\n');
    // --version outside 1/2 on --import.
    const version = await wsl(sim, ['--import', 'v3', join(work, 'v3'), fixture, '--version', '3']);
    assert.equal(version.text, coded('A version number could not be parsed. ', 'Wsl/ERROR_VERSION_PARSE_ERROR'));
    // --export creates or truncates its target before the name lookup, and deletes it on failure.
    const precious = join(work, 'existing.tar');
    await writeFile(precious, 'keep?');
    assert.equal((await wsl(sim, ['--export', 'Typo', precious])).text, NOT_FOUND);
    assert.equal(existsSync(precious), false, 'WSL destroys it: our driver never points wsl.exe at an existing file');
    // A failed registration removes the install folder when empty, even one that existed before.
    const mine = join(work, 'pre-existing');
    await mkdir(mine);
    await writeFile(join(work, 'not-a-tar'), 'no');
    await wsl(sim, ['--import', 'pre', mine, join(work, 'not-a-tar')]);
    assert.equal(existsSync(mine), false);
    // Unregistering the default makes the first Installed distribution the default.
    assert.equal((await wsl(sim, ['--import', 'second', join(work, 'second'), fixture])).code, 0);
    await wsl(sim, ['--set-default', 'second']);
    await wsl(sim, ['--unregister', 'second']);
    assert.equal((await registryOf(sim)).values.DefaultDistribution, (await distroKey(sim, 'test_distro'))[0]);
    assert.deepEqual((await wsl(sim, ['-t', 'test_distro'])).stdout, utf16('The operation completed successfully. \n'));
  });
});

/** v5 UUID of the name's UTF-16 bytes in GeneratedProfilesTerminalNamespace (the profile Terminal would generate). */
function hideGuidFor(name: string): string {
  const namespace = Buffer.from('2bde4a90d05f401c9492e40884ead1d8', 'hex');
  const hash = createHash('sha1').update(namespace).update(Buffer.from(name, 'utf16le')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`;
}
