// Contract points 1–5, 18–20, 22 and localized output: exact bytes of wsl.exe's own text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWslText, parseWslErrorCode } from '../../../wsl/driver/wsl-text.js';
import { type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { distroKey, editRegistry, errorToken, registryOf, utf16, wsl, openSimulator } from './simulator-harness.js';

const SUCCESS = utf16('The operation completed successfully. \n');

describe('wsl.exe simulator: output, errors, list', () => {
  let sim: SimulatorEnv, work: string, archive: string, close: () => Promise<void>;
  before(async () => ({ sim, work, archive, close } = await openSimulator('azl-sim-out-')));
  after(() => close?.());

  test('--version: 7 lines of UTF-16LE, no BOM, CRLF; WSL_UTF8=1 (only exactly 1) switches to UTF-8', async () => {
    const r = await wsl(sim, ['--version']);
    assert.equal(r.code, 0);
    assert.notDeepEqual([...r.stdout.subarray(0, 2)], [0xff, 0xfe], 'no BOM');
    const lines = r.text.split('\r\n');
    assert.equal(lines.length, 8);
    assert.equal(lines[0], 'WSL version: 2.6.1.0');
    assert.equal(lines[7], '');
    assert.match(lines[6], /^Windows version: /);
    assert.ok(!r.text.replace(/\r\n/g, '').includes('\n'), 'every line end is CRLF');
    const u8 = await wsl(sim, ['-v'], { env: { WSL_UTF8: '1' } });
    assert.equal(u8.stdout.toString('utf8'), r.text);
    const notExactly = await wsl(sim, ['--version'], { env: { WSL_UTF8: 'true' } });
    assert.deepEqual(notExactly.stdout, r.stdout);
  });

  test('empty registry: -q prints nothing (0); -l and -l -v print the no-distributions text without a code (255); -q -v is usage', async () => {
    const q = await wsl(sim, ['-l', '-q']);
    assert.equal(q.code, 0);
    assert.equal(q.stdout.length, 0);
    for (const args of [['-l'], ['--list', '--verbose']]) {
      const r = await wsl(sim, args);
      assert.equal(r.code, 255);
      assert.ok(r.text.startsWith('Windows Subsystem for Linux has no installed distributions.\r\n'));
      assert.ok(!r.text.includes('Error code:'));
    }
    const usage = await wsl(sim, ['-l', '-q', '-v']);
    assert.equal(usage.code, 255);
    assert.match(usage.text, /Usage: wsl\.exe/);
    const launch = await wsl(sim, ['--', 'true']);
    assert.equal(launch.code, 255);
    assert.ok(launch.text.startsWith('Windows Subsystem for Linux has no installed distributions.'));
  });

  test('--import success: exact success line with trailing space, registry modelled on Lxss', async () => {
    const r = await wsl(sim, ['--import', 'Azl', join(work, 'azl'), archive]);
    assert.equal(r.code, 0, r.text);
    assert.deepEqual(r.stdout, SUCCESS);
    assert.equal(r.stderr.length, 0, 'no progress when stderr is not a terminal');
    const registry = await registryOf(sim);
    const [guid, key] = await distroKey(sim, 'Azl');
    assert.match(guid, /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/);
    assert.equal(registry.values.DefaultDistribution, guid, 'first distro becomes default');
    assert.equal(key.BasePath, join(work, 'azl'));
    assert.deepEqual(
      { State: key.State, Version: key.Version, Flags: key.Flags, DefaultUid: key.DefaultUid, RunOOBE: key.RunOOBE, VhdFileName: key.VhdFileName, Modern: key.Modern, Flavor: key.Flavor, OsVersion: key.OsVersion },
      { State: 1, Version: 2, Flags: 15, DefaultUid: 0, RunOOBE: 0, VhdFileName: 'ext4.vhdx', Modern: 1, Flavor: 'azurelinux', OsVersion: '4.0' },
    );
    assert.ok((key.DefaultEnvironment as string[]).includes('LANG=en_US.UTF-8'));
  });

  test('names: regex and Legacy rejected with E_INVALIDARG, duplicates case-insensitively, lookup case-insensitive', async () => {
    for (const bad of ['bad name', 'legacy', 'LeGaCy', 'a/b', 'x'.repeat(257)]) {
      const location = join(work, `bad-${bad.length}`);
      const r = await wsl(sim, ['--import', bad, location, archive]);
      assert.equal(r.code, 255);
      assert.equal(r.text, `Invalid distribution name: "${bad}".\r\nError code: Wsl/Service/RegisterDistro/E_INVALIDARG\r\n`);
      assert.equal(existsSync(location), false, 'the folder wsl.exe created is removed again');
    }
    const dup = await wsl(sim, ['--import', 'AZL', join(work, 'dup'), archive]);
    assert.equal(dup.code, 255);
    assert.equal(dup.text, 'A distribution with the supplied name already exists. Use --name to choose a different name.\r\nError code: Wsl/Service/RegisterDistro/ERROR_ALREADY_EXISTS\r\n');
    const run = await wsl(sim, ['-d', 'aZl', '--', 'true']);
    assert.equal(run.code, 0);
  });

  test('-l / -l -v / -q formatting, default first, Running state, transitional states hidden unless --all or -v', async () => {
    assert.equal((await wsl(sim, ['--import', 'LongerName-2', join(work, 'l2'), archive])).code, 0);
    assert.equal((await wsl(sim, ['--import', 'c', join(work, 'c'), archive])).code, 0);
    await wsl(sim, ['--terminate', 'Azl']);
    await wsl(sim, ['--terminate', 'c']);
    assert.equal((await wsl(sim, ['-d', 'LongerName-2', '-e', 'true'])).code, 0);
    const v = await wsl(sim, ['-l', '-v']);
    assert.equal(v.code, 0);
    const lines = v.text.split('\r\n');
    // W = max(4, 12) + 4 = 16; STATE padded to 16.
    assert.equal(lines[0], '  NAME            STATE           VERSION');
    assert.equal(lines[1], '* Azl             Stopped         2');
    assert.deepEqual(lines.slice(2, 4).sort(), ['  LongerName-2    Running         2', '  c               Stopped         2']);
    assert.equal(lines[4], '');
    const plain = await wsl(sim, ['-l']);
    const plainLines = plain.text.split('\r\n');
    assert.equal(plainLines[0], 'Windows Subsystem for Linux Distributions:');
    assert.equal(plainLines[1], 'Azl (Default)');
    assert.deepEqual(plainLines.slice(2, 4).sort(), ['LongerName-2', 'c']);
    const running = await wsl(sim, ['-l', '--running', '-q']);
    assert.equal(running.text, 'LongerName-2\r\n');
    await editRegistry(sim, (registry) => {
      for (const key of Object.values(registry.subkeys)) if (key.DistributionName === 'c') key.State = 3;
    });
    assert.ok(!(await wsl(sim, ['-l', '-q'])).text.split('\r\n').includes('c'));
    assert.ok((await wsl(sim, ['-l', '-q', '--all'])).text.split('\r\n').includes('c'));
    assert.ok((await wsl(sim, ['-l', '-v'])).text.includes('  c               Installing      2\r\n'));
    await editRegistry(sim, (registry) => {
      for (const key of Object.values(registry.subkeys)) if (key.DistributionName === 'c') key.State = 1;
    });
  });

  test('--set-default, --terminate of a stopped distro, --status', async () => {
    assert.deepEqual((await wsl(sim, ['--terminate', 'c'])).stdout, SUCCESS);
    assert.deepEqual((await wsl(sim, ['-t', 'c'])).stdout, SUCCESS);
    assert.deepEqual((await wsl(sim, ['--set-default', 'C'])).stdout, SUCCESS);
    const status = await wsl(sim, ['--status']);
    assert.equal(status.text, 'Default Distribution: c\r\nDefault Version: 2\r\n');
    assert.deepEqual((await wsl(sim, ['-s', 'Azl'])).stdout, SUCCESS);
  });

  test('unknown distro on -d/-t/-s/--unregister/--export/--manage: WSL_E_DISTRO_NOT_FOUND', async () => {
    for (const args of [['-d', 'nope', '--', 'true'], ['-t', 'nope'], ['-s', 'nope'], ['--unregister', 'nope'], ['--export', 'nope', join(work, 'x.tar')], ['--manage', 'nope', '--set-sparse', 'true']]) {
      const r = await wsl(sim, args);
      assert.equal(r.code, 255, args.join(' '));
      assert.equal(r.text, 'There is no distribution with the supplied name.\r\nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND\r\n');
    }
  });

  test('unknown option: invalid-argument text without a code; --help is usage, exit -1', async () => {
    const r = await wsl(sim, ['-x']);
    assert.equal(r.code, 255);
    assert.equal(r.text, "Invalid command line argument: -x\r\nPlease use 'wsl.exe --help' to get a list of supported arguments.\r\n");
    const help = await wsl(sim, ['--help']);
    assert.equal(help.code, 255);
    assert.match(help.text, /--import <Distro> <InstallLocation> <FileName> \[Options\]\r\n/);
  });

  test('localized prose and label, same token; older English wording', async () => {
    const fr = await wsl(sim, ['-t', 'nope'], { env: { AZL_WSL_SIM_LOCALE: 'fr' } });
    // fr-FR's label has a no-break space before the colon.
    assert.equal(fr.text, "Il n’existe aucune distribution avec le nom fourni.\r\nCode d'erreur\u00a0: Wsl/Service/WSL_E_DISTRO_NOT_FOUND\r\n");
    const de = await wsl(sim, ['--import', 'azl', join(work, 'de'), archive], { env: { AZL_WSL_SIM_LOCALE: 'de' } });
    // de-DE ships this one message in English.
    assert.equal(de.text, 'A distribution with the supplied name already exists. Use --name to choose a different name.\r\nFehlercode: Wsl/Service/RegisterDistro/ERROR_ALREADY_EXISTS\r\n');
    assert.equal(errorToken(de.text), 'ERROR_ALREADY_EXISTS');
    const frOk = await wsl(sim, ['-t', 'azl'], { env: { AZL_WSL_SIM_LOCALE: 'fr', WSL_UTF8: '1' } });
    assert.equal(frOk.stdout.toString('utf8'), 'L’opération a réussi. \r\n');
    const old = await wsl(sim, ['--import', 'azl', join(work, 'old'), archive], { env: { AZL_WSL_SIM_WORDING: 'old' } });
    assert.match(old.text, /Use --name to chose a different name\.\r\nError code: .*\/ERROR_ALREADY_EXISTS\r\n$/);
  });

  test('every locale: the driver reads the same token from the same failure (fr-FR\'s no-break space and blank line included)', async () => {
    const failures: Array<[string[], string]> = [
      [['-t', 'nope'], 'WSL_E_DISTRO_NOT_FOUND'],
      [['--import', 'azl', join(work, 'tok'), archive], 'ERROR_ALREADY_EXISTS'],
      [['--import', 'bad name', join(work, 'tok2'), archive], 'E_INVALIDARG'],
      [['--export', 'azl', join(work, 'x.tar'), '--bogus'], 'E_INVALIDARG'],
      [['--set-default-version', '7'], 'ERROR_VERSION_PARSE_ERROR'],
      [['--manage', 'azl', '--resize', 'lots'], 'E_INVALIDARG'],
    ];
    for (const [args, token] of failures) {
      for (const locale of ['en', 'fr', 'de']) {
        const r = await wsl(sim, args, { env: { AZL_WSL_SIM_LOCALE: locale } });
        assert.equal(r.code, 255, `${locale} ${args.join(' ')}`);
        assert.equal(parseWslErrorCode(decodeWslText(r.stdout))?.token, token, `${locale} ${args.join(' ')}`);
      }
    }
    // An install, uninstall or conversion in progress: fr-FR's and de-DE's texts end in a line break.
    await editRegistry(sim, (registry) => {
      registry.subkeys['{00000000-0000-0000-0000-00000000beef}'] = { ...Object.values(registry.subkeys)[0], DistributionName: 'Busy', BasePath: join(work, 'busy'), State: 3 };
    });
    const busy = await wsl(sim, ['--import', 'busy', join(work, 'busy2'), archive], { env: { AZL_WSL_SIM_LOCALE: 'fr' } });
    assert.equal(busy.text, "Une installation, une désinstallation ou une conversion est en cours pour cette distribution.\r\n\r\nCode d'erreur\u00a0: Wsl/Service/RegisterDistro/E_ILLEGAL_STATE_CHANGE\r\n");
    assert.equal(parseWslErrorCode(decodeWslText(busy.stdout))?.token, 'E_ILLEGAL_STATE_CHANGE');
    await editRegistry(sim, (registry) => {
      delete registry.subkeys['{00000000-0000-0000-0000-00000000beef}'];
    });
  });

  test('old and inbox WSL: 2.3.26 lacks --from-file; inbox has no --version', async () => {
    const old = await wsl(sim, ['--version'], { env: { AZL_WSL_SIM_VERSION: '2.3.26' } });
    assert.ok(old.text.startsWith('WSL version: 2.3.26.0\r\n'));
    const install = await wsl(sim, ['--install', '--from-file', archive], { env: { AZL_WSL_SIM_VERSION: '2.3.26' } });
    assert.equal(install.code, 255);
    assert.ok(install.text.startsWith('Invalid command line argument: --from-file\r\n'));
    const inbox = await wsl(sim, ['--version'], { env: { AZL_WSL_SIM_INBOX: '1' } });
    assert.equal(inbox.code, 255);
    assert.ok(inbox.text.startsWith('Invalid command line option: --version\r\n'));
    assert.match(inbox.text, /Usage: wsl\.exe/);
  });

  test('--unregister removes disk, shortcut, profile and an empty BasePath; the default moves on', async () => {
    const [guid, key] = await distroKey(sim, 'Azl');
    assert.equal((await registryOf(sim)).values.DefaultDistribution, guid);
    const shortcut = key.ShortcutPath as string;
    const profile = key.TerminalProfilePath as string;
    assert.ok(existsSync(shortcut) && existsSync(profile) && existsSync(join(key.BasePath, 'shortcut.ico')));
    const r = await wsl(sim, ['--unregister', 'azl']);
    assert.deepEqual(r.stdout, SUCCESS);
    assert.equal(existsSync(key.BasePath), false);
    assert.equal(existsSync(shortcut), false);
    assert.equal(existsSync(profile), false);
    const registry = await registryOf(sim);
    assert.equal(registry.subkeys[guid], undefined);
    assert.ok(registry.values.DefaultDistribution && registry.subkeys[registry.values.DefaultDistribution], 'another distro is default');
    // A BasePath with other files in it is kept.
    const keep = join(work, 'keep');
    await mkdir(keep);
    await import('node:fs/promises').then((fs) => fs.writeFile(join(keep, 'mine.txt'), 'x'));
    assert.equal((await wsl(sim, ['--import', 'Keep', keep, archive])).code, 0);
    assert.equal((await wsl(sim, ['--unregister', 'Keep'])).code, 0);
    assert.ok(existsSync(join(keep, 'mine.txt')));
    assert.equal(existsSync(join(keep, 'ext4.vhdx')), false);
  });
});
