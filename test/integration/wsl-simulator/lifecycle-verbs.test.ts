// The verbs the lifecycle engine leans on, as WSL's sources define them: `--export --format`
// (tar, tar.gz, tar.xz, vhd and its extension rule), `--import-in-place` (registers a disk
// where it lies, keeps it on failure) and `--manage --move` (refused while running, folder
// created, existing disk refused, older WSL without `--manage`).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from '../../../common/run-program.js';
import { type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { distroKey, errorToken, registryOf, utf16, wsl, openSimulator } from './simulator-harness.js';

const SUCCESS = utf16('The operation completed successfully. \n');

describe('wsl.exe simulator: lifecycle verbs', () => {
  let sim: SimulatorEnv, work: string, archive: string, close: () => Promise<void>;
  before(async () => ({ sim, work, archive, close } = await openSimulator('azl-sim-life-', { fixture: { files: { '/home/tester/notes.txt': 'keep me\n' } }, importAs: 'Src' })));
  after(() => close?.());

  test('--export --format: tar.gz and tar.xz are what GNU tar reads back; vhd needs the disk extension; gzip + vhd is a usage error', async () => {
    for (const [format, flag] of [['tar.gz', '-z'], ['tar.xz', '-J']] as const) {
      const file = join(work, `src.${format}`);
      assert.deepEqual((await wsl(sim, ['--export', 'Src', file, '--format', format])).stdout, SUCCESS);
      const listing = await runChecked('tar', ['-t', flag, '-f', file]);
      assert.match(listing.stdout.toString(), /^\.\/home\/tester\/notes\.txt$/m);
    }
    const wrongExtension = await wsl(sim, ['--export', 'Src', join(work, 'src.tar'), '--format', 'vhd']);
    assert.equal(wrongExtension.code, 255);
    assert.match(wrongExtension.text, /The specified file must have the \.vhdx file extension\./);
    assert.equal(errorToken(wrongExtension.text), 'WSL_E_EXPORT_FAILED');
    assert.equal(existsSync(join(work, 'src.tar')), false, 'the refused target is not left behind');

    const both = await wsl(sim, ['--export', 'Src', join(work, 'x.vhdx'), '--vhd', '--format', 'tar.gz']);
    assert.equal(both.code, 255);
    assert.match(both.text, /^Copyright \(c\) Microsoft Corporation/, 'usage text, no error code');

    const [, key] = await distroKey(sim, 'Src');
    assert.equal(key.State, 1, 'the distribution is Installed again after every export');
  });

  test('--import-in-place registers an exported disk where it lies; a bad or missing disk fails and the file stays', async () => {
    const disk = join(work, 'inplace', 'ext4.vhdx');
    await mkdir(join(work, 'inplace'));
    assert.deepEqual((await wsl(sim, ['--export', 'Src', disk, '--format', 'vhd'])).stdout, SUCCESS);
    assert.ok(statSync(disk).isFile());

    const badName = await wsl(sim, ['--import-in-place', 'bad name', disk]);
    assert.equal(errorToken(badName.text), 'E_INVALIDARG');
    const notVhd = await wsl(sim, ['--import-in-place', 'Copy', archive]);
    assert.equal(errorToken(notVhd.text), 'E_INVALIDARG');
    assert.match(notVhd.text, /RegisterDistro\/E_INVALIDARG/);
    const clash = await wsl(sim, ['--import-in-place', 'src', disk]);
    assert.equal(errorToken(clash.text), 'ERROR_ALREADY_EXISTS');
    // The client opens the file first (GetFullPath; UnitTests ErrorMessages), so it must exist to reach the folder check.
    await writeFile(join(work, 'src', 'other.vhdx'), '');
    const inUse = await wsl(sim, ['--import-in-place', 'Copy', join(work, 'src', 'other.vhdx')]);
    assert.equal(errorToken(inUse.text), 'ERROR_FILE_EXISTS', 'the folder of a registered distribution');
    const missing = await wsl(sim, ['--import-in-place', 'Copy', join(work, 'nowhere', 'ext4.vhdx')]);
    assert.equal(errorToken(missing.text), 'ERROR_FILE_NOT_FOUND');
    const garbage = join(work, 'garbage', 'disk.vhdx');
    await mkdir(join(work, 'garbage'));
    await writeFile(garbage, 'not a disk at all, not even close to one'.repeat(20));
    const unreadable = await wsl(sim, ['--import-in-place', 'Copy', garbage]);
    assert.equal(errorToken(unreadable.text), 'WSL_E_IMPORT_FAILED');
    assert.ok(statSync(garbage).isFile(), 'WSL ejects a disk it could not import, never deletes it');
    assert.ok(!Object.values((await registryOf(sim)).subkeys).some((k) => k.DistributionName === 'Copy'), 'no registration left');
    const usage = await wsl(sim, ['--import-in-place', 'Copy']);
    assert.match(usage.text, /^Copyright \(c\) Microsoft Corporation/);

    assert.deepEqual((await wsl(sim, ['--import-in-place', 'Copy', disk])).stdout, SUCCESS);
    const [, key] = await distroKey(sim, 'Copy');
    assert.equal(key.BasePath, join(work, 'inplace'));
    assert.equal(key.VhdFileName, 'ext4.vhdx');
    assert.equal(key.RunOOBE, 0);
    assert.equal(key.DefaultUid, 0);
    assert.ok(key.TerminalProfilePath, 'a Terminal profile, as for any registration');
    assert.equal((await wsl(sim, ['-d', 'Copy', '-e', 'cat', '/home/tester/notes.txt'])).stdout.toString(), 'keep me\n');

    // Unregistering deletes the disk; a disk moved away first survives it (the re-register trick).
    assert.deepEqual((await wsl(sim, ['--terminate', 'Copy'])).stdout, SUCCESS);
    const held = join(work, 'held');
    await mkdir(held);
    await runChecked('mv', [disk, join(held, 'ext4.vhdx')]);
    assert.deepEqual((await wsl(sim, ['--unregister', 'Copy'])).stdout, SUCCESS);
    assert.ok(existsSync(join(held, 'ext4.vhdx', 'rootfs', 'etc', 'passwd')));
    assert.deepEqual((await wsl(sim, ['--import-in-place', 'Copy2', join(held, 'ext4.vhdx')])).stdout, SUCCESS);
    assert.equal((await wsl(sim, ['-d', 'Copy2', '-e', 'cat', '/home/tester/notes.txt'])).stdout.toString(), 'keep me\n');
  });

  test('--manage --move: refused while running, creates the folder tree, refuses an existing disk, unknown before WSL 2.0', async () => {
    assert.equal((await wsl(sim, ['-d', 'Src', '-e', 'true'])).code, 0);
    const target = join(work, 'moves', 'deep', 'src');
    const running = await wsl(sim, ['--manage', 'Src', '--move', target]);
    assert.equal(errorToken(running.text), 'WSL_E_DISTRO_NOT_STOPPED');
    assert.match(running.text, /VHD is currently in use/);
    assert.match(running.text, /MoveDistro\//);

    assert.deepEqual((await wsl(sim, ['--terminate', 'Src'])).stdout, SUCCESS);
    const own = await wsl(sim, ['--manage', 'Src', '--move', join(work, 'src')]);
    assert.equal(errorToken(own.text), 'ERROR_FILE_EXISTS', 'its own folder is "in use" too');

    const occupied = join(work, 'occupied');
    await mkdir(join(occupied, 'ext4.vhdx'), { recursive: true });
    const exists = await wsl(sim, ['--manage', 'Src', '--move', occupied]);
    assert.equal(errorToken(exists.text), 'ERROR_ALREADY_EXISTS');

    const old = await wsl(sim, ['--manage', 'Src', '--move', target], { env: { AZL_WSL_SIM_VERSION: '1.2.5' } });
    assert.equal(old.code, 255);
    assert.match(old.text, /Invalid command line argument: --manage/);
    assert.equal(errorToken(old.text), undefined);

    assert.deepEqual((await wsl(sim, ['--manage', 'Src', '--move', target])).stdout, SUCCESS);
    assert.equal((await distroKey(sim, 'Src'))[1].BasePath, target);
    assert.equal((await wsl(sim, ['-d', 'Src', '-e', 'cat', '/home/tester/notes.txt'])).stdout.toString(), 'keep me\n');
  });
});
