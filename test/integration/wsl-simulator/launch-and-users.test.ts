// Contract points 13–17 and 21: raw relay, exit codes, command-line text, user precedence,
// the instance snapshot, OOBE, `--manage`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulatorEnv, type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { distroKey, errorToken, utf16, wsl, openSimulator } from './simulator-harness.js';
import { waitFor } from '../../support/wait-for.js';

const SUCCESS = utf16('The operation completed successfully. \n');

describe('wsl.exe simulator: running commands, users, OOBE', () => {
  let sim: SimulatorEnv, work: string, archive: string, close: () => Promise<void>;
  before(async () => ({ sim, work, archive, close } = await openSimulator('azl-sim-run-', { importAs: 'Azl' })));
  after(() => close?.());

  test('Linux output is relayed raw; exit codes pass through except 67 and 87', async () => {
    const ok = await wsl(sim, ['-d', 'Azl', '--', 'printf', "'OK\\n'"]);
    assert.deepEqual(ok.stdout, Buffer.from('OK\n'));
    assert.equal(ok.code, 0);
    const three = await wsl(sim, ['-d', 'Azl', '-e', 'sh', '-c', 'echo err >&2; exit 3']);
    assert.equal(three.code, 3);
    assert.equal(three.stderr.toString(), 'err\n');
    const s67 = await wsl(sim, ['-d', 'Azl', '-e', 'sh', '-c', 'exit 67']);
    assert.equal(s67.code, 255);
    assert.equal(s67.text, 'User not found.\r\nError code: Wsl/WSL_E_USER_NOT_FOUND\r\n');
    const s87 = await wsl(sim, ['-d', 'Azl', '-e', 'sh', '-c', 'exit 87']);
    assert.equal(s87.code, 255);
    assert.match(s87.text, /\r\nError code: Wsl\/WSL_E_TTY_LIMIT\r\n$/);
  });

  test('command text goes to `<shell> -c`, re-parsed by the shell; -e runs argv without a shell; stdin passes through', async () => {
    const shell = await wsl(sim, ['-d', 'Azl', '--', 'echo', 'a  b', '$HOME', '$0']);
    assert.equal(shell.stdout.toString(), 'a  b /root /bin/sh\n');
    const implicit = await wsl(sim, ['-d', 'Azl', 'echo', 'x;', 'echo', 'y']);
    assert.equal(implicit.stdout.toString(), 'x\ny\n');
    const exec = await wsl(sim, ['-d', 'Azl', '-e', 'echo', '$HOME', 'a  b']);
    assert.equal(exec.stdout.toString(), '$HOME a  b\n');
    const piped = await wsl(sim, ['-d', 'Azl', '-u', 'root', '-e', 'sh', '-c', 'read -r line; echo "got:$line"'], { input: 'tester:S3cret!\n' });
    assert.equal(piped.stdout.toString(), 'got:tester:S3cret!\n');
    const log = await sim.readArgvLog();
    assert.ok(log.length > 0);
    assert.ok(!JSON.stringify(log).includes('S3cret'), 'stdin never reaches the argv log');
    const cwd = await wsl(sim, ['-d', 'Azl', '-u', 'tester', '--', 'pwd']);
    assert.equal(cwd.stdout.toString(), '/home/tester\n');
    const cd = await wsl(sim, ['-d', 'Azl', '--cd', '/etc', '--', 'pwd']);
    assert.equal(cd.stdout.toString(), '/etc\n');
    const env = await wsl(sim, ['-d', 'Azl', '-u', 'tester', '-e', 'sh', '-c', 'echo $USER $HOME $SHELL $LANG; id -G']);
    assert.equal(env.stdout.toString(), 'tester /home/tester /bin/sh en_US.UTF-8\n1000 10\n');
  });

  test('unknown -u: "User not found." and WSL_E_USER_NOT_FOUND', async () => {
    const r = await wsl(sim, ['-d', 'Azl', '-u', 'ghost', '--', 'true']);
    assert.equal(r.code, 255);
    assert.equal(r.text, 'User not found.\r\nError code: Wsl/WSL_E_USER_NOT_FOUND\r\n');
    assert.match(r.stderr.toString(), /getpwnam\(ghost\) failed/);
  });

  test('user: -u > wsl.conf [user] default > DefaultUid > root, read at instance start, applied after --terminate', async () => {
    const uid = async (...extra: string[]): Promise<string> => (await wsl(sim, ['-d', 'Azl', ...extra, '-e', 'id', '-u'])).stdout.toString().trim();
    assert.equal(await uid(), '0');
    const unknown = await wsl(sim, ['--manage', 'Azl', '--set-default-user', 'ghost']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr.toString(), 'id: ‘ghost’: no such user\n');
    assert.equal(unknown.stdout.length, 0);
    const set = await wsl(sim, ['--manage', 'Azl', '--set-default-user', 'tester']);
    assert.deepEqual(set.stdout, SUCCESS);
    assert.equal((await distroKey(sim, 'Azl'))[1].DefaultUid, 1000);
    assert.equal(await uid(), '1000');
    // wsl.conf written while the instance runs: the snapshot still rules.
    assert.equal((await wsl(sim, ['-d', 'Azl', '-u', 'root', '-e', 'sh', '-c', 'printf "[user]\\ndefault=root\\n" > /etc/wsl.conf'])).code, 0);
    assert.equal(await uid(), '1000');
    assert.equal(await uid('-u', 'root'), '0');
    assert.deepEqual((await wsl(sim, ['--terminate', 'Azl'])).stdout, SUCCESS);
    assert.equal(await uid(), '0', 'wsl.conf wins over DefaultUid after the restart');
    await wsl(sim, ['-d', 'Azl', '-u', 'root', '-e', 'sh', '-c', 'printf "[user]\\ndefault=nobody-here\\n" > /etc/wsl.conf']);
    assert.equal((await wsl(sim, ['--shutdown'])).code, 0);
    assert.equal(await uid(), '1000', 'an unknown [user] default falls through to DefaultUid');
    assert.equal(await uid('-u', 'tester'), '1000');
    await wsl(sim, ['-d', 'Azl', '-u', 'root', '-e', 'rm', '/etc/wsl.conf']);
  });

  test('idle timeout restarts the instance with the new wsl.conf', async () => {
    const quick = await createSimulatorEnv({ idleTimeoutMs: 300 });
    try {
      assert.equal((await wsl(quick, ['--import', 'Q', join(work, 'q'), archive])).code, 0);
      assert.equal((await wsl(quick, ['-d', 'Q', '-e', 'sh', '-c', 'printf "[user]\\ndefault=tester\\n" > /etc/wsl.conf'])).code, 0);
      // WSL stops an instance idle for longer than the timeout; the next launch starts it afresh.
      await waitFor('Q to stop after its idle timeout', async () => /\bQ\s+Stopped\b/.test((await wsl(quick, ['-l', '-v'])).text));
      assert.equal((await wsl(quick, ['-d', 'Q', '-e', 'id', '-un'])).stdout.toString(), 'tester\n');
    } finally {
      await quick.dispose();
    }
  });

  test('OOBE: failure keeps RunOOBE and exits 1; commands skip it; success clears it and applies defaultUid even with -u', async () => {
    const failed = await wsl(sim, ['--install', '--from-file', archive, '--name', 'Oobe', '--location', join(work, 'oobe')], { input: 'fail\n' });
    assert.equal(failed.code, 1);
    // wsl.exe's lines in UTF-16LE, then the OOBE's own prompt relayed raw.
    assert.deepEqual(
      failed.stdout,
      Buffer.concat([utf16(`Installing: ${archive}\nDistribution successfully installed. It can be launched via 'wsl.exe -d Oobe'\nLaunching Oobe...\n`), Buffer.from('Enter new UNIX username: ')]),
    );
    assert.match(failed.stderr.toString(), /OOBE command "\/usr\/lib\/wsl\/oobe\.sh" failed, exiting\n$/);
    assert.equal((await distroKey(sim, 'Oobe'))[1].RunOOBE, 1);
    const command = await wsl(sim, ['-d', 'Oobe', '-e', 'id', '-u']);
    assert.equal(command.stdout.toString(), '0\n', 'no OOBE for a command');
    const eof = await wsl(sim, ['-d', 'Oobe']);
    assert.equal(eof.code, 1, 'EOF at the prompt fails the OOBE again');
    const ok = await wsl(sim, ['-d', 'Oobe', '-u', 'root'], { input: 'alice\nid -un\nexit 5\n' });
    assert.equal(ok.code, 5, 'the shell after the OOBE decides the exit code');
    assert.equal(ok.stdout.toString(), 'Enter new UNIX username: alice\n');
    const [, key] = await distroKey(sim, 'Oobe');
    assert.equal(key.RunOOBE, 0);
    assert.equal(key.DefaultUid, 1001);
    assert.equal((await wsl(sim, ['-d', 'Oobe'], { input: 'id -u\n' })).stdout.toString(), '1001\n', 'no second OOBE; new default user');
  });

  test('--manage: exactly one option; --move really moves the disk', async () => {
    for (const args of [['--manage', 'Azl'], ['--manage', 'Azl', '--set-sparse', 'true', '--resize', '10GB']]) {
      const r = await wsl(sim, args);
      assert.equal(r.code, 255);
      assert.match(r.text, /^Copyright \(c\) Microsoft Corporation/);
      assert.ok(!r.text.includes('Error code:'));
    }
    await wsl(sim, ['-d', 'Azl', '-e', 'true']);
    // While its instance runs the VHD is in use (an idle instance counts until its timeout).
    assert.equal(errorToken((await wsl(sim, ['--manage', 'Azl', '--set-sparse', 'false'])).text), 'WSL_E_DISTRO_NOT_STOPPED');
    await wsl(sim, ['-t', 'Azl']);
    assert.deepEqual((await wsl(sim, ['--manage', 'Azl', '--set-sparse', 'false'])).stdout, SUCCESS);
    const target = join(work, 'moved');
    assert.deepEqual((await wsl(sim, ['--manage', 'Azl', '--move', target])).stdout, SUCCESS);
    assert.equal((await distroKey(sim, 'Azl'))[1].BasePath, target);
    assert.ok(existsSync(join(target, 'ext4.vhdx', 'rootfs', 'etc', 'passwd')));
    assert.equal(existsSync(join(work, 'azl')), false);
    assert.equal((await wsl(sim, ['-d', 'Azl', '-e', 'cat', '/etc/os-release'])).stdout.toString(), readFileSync(join(target, 'ext4.vhdx', 'rootfs', 'etc', 'os-release'), 'utf8'));
  });
});
