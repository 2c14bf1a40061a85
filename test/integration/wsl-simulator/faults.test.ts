// Contract point 23: fault injection (virtualization off, policy, missing feature, absent
// wsl.exe, slow import with cancel) and the argv log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { distroKey, errorToken, registryOf, wsl, openSimulator } from './simulator-harness.js';
import { waitFor } from '../../support/wait-for.js';

const VIRTUALIZATION =
  'WSL2 is unable to start since virtualization is not enabled on this machine.\r\n' +
  'Please ensure the "Virtual Machine Platform" optional component is enabled and virtualization is turned on in your computer\'s firmware settings.\r\n\r\n' +
  'Enable "Virtual Machine Platform" by running: wsl.exe --install --no-distribution\r\n\r\n' +
  'For information please visit https://aka.ms/enablevirtualization\r\n';

describe('wsl.exe simulator: faults', () => {
  let sim: SimulatorEnv, work: string, archive: string, close: () => Promise<void>;
  before(async () => ({ sim, work, archive, close } = await openSimulator('azl-sim-fault-', { importAs: 'Azl' })));
  after(() => close?.());

  test('virtualization off: import and launch fail with HCS_E_HYPERV_NOT_INSTALLED on their own paths', async () => {
    const env = { AZL_WSL_SIM_FAULT: 'virtualization-off' };
    const imp = await wsl(sim, ['--import', 'NoVm', join(work, 'novm'), archive], { env });
    assert.equal(imp.code, 255);
    assert.equal(imp.text, `${VIRTUALIZATION}Error code: Wsl/Service/RegisterDistro/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED\r\n`);
    assert.equal(existsSync(join(work, 'novm')), false);
    const launch = await wsl(sim, ['-d', 'Azl', '--', 'true'], { env });
    assert.equal(launch.text, `${VIRTUALIZATION}Error code: Wsl/Service/CreateInstance/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED\r\n`);
    const old = await wsl(sim, ['-d', 'Azl', '--', 'true'], { env: { ...env, AZL_WSL_SIM_WORDING: 'old' } });
    assert.ok(old.text.startsWith('WSL2 is not supported with your current machine configuration.\r\n'));
  });

  test('policy and missing feature', async () => {
    const policy = await wsl(sim, ['-l'], { env: { AZL_WSL_SIM_FAULT: 'policy-disabled' } });
    assert.equal(policy.code, 255);
    assert.equal(policy.text, 'This program is blocked by group policy. For more information, contact your system administrator. \r\nError code: Wsl/ERROR_ACCESS_DISABLED_BY_POLICY\r\n');
    const feature = await wsl(sim, ['-d', 'Azl', '--', 'true'], { env: { AZL_WSL_SIM_FAULT: 'feature-missing', AZL_WSL_SIM_LOCALE: 'fr' } });
    assert.match(feature.text, /^Impossible de démarrer .*\r\nCode d'erreur\u00a0: Wsl\/Service\/CreateInstance\/CreateVm\/HCS_E_SERVICE_NOT_AVAILABLE\r\n$/);
  });

  test('absent: exit 127, "command not found" on stderr, nothing recorded', async () => {
    const before = (await sim.readArgvLog()).length;
    const r = await wsl(sim, ['--version'], { env: { AZL_WSL_SIM_FAULT: 'absent' } });
    assert.equal(r.code, 127);
    assert.equal(r.stdout.length, 0);
    assert.match(r.stderr.toString(), /wsl\.exe: command not found/);
    assert.equal((await sim.readArgvLog()).length, before);
  });

  test('slow import: Installing is hidden from -l, blocks the name, and a kill leaves nothing behind', async () => {
    const location = join(work, 'slow');
    const child = spawn(sim.wslPath, ['--import', 'Slow', location, archive], {
      env: { ...sim.env, AZL_WSL_SIM_FAULT: 'slow-import', AZL_WSL_SIM_SLOW_IMPORT_MS: '30000' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    await waitFor('the import to be registered and extracted', async () => {
      const key = Object.values((await registryOf(sim)).subkeys).find((k) => k.DistributionName === 'Slow');
      return key?.State === 3 && existsSync(join(location, 'ext4.vhdx', 'rootfs', 'etc', 'passwd'));
    });
    assert.deepEqual((await wsl(sim, ['-l', '-q'])).text.split('\r\n').filter(Boolean), ['Azl']);
    assert.ok((await wsl(sim, ['-l', '--all', '-q'])).text.includes('Slow\r\n'));
    const clash = await wsl(sim, ['--import', 'slow', join(work, 'slow2'), archive]);
    assert.equal(clash.text, 'An install, uninstall, or conversion is in progress for this distribution.\r\nError code: Wsl/Service/RegisterDistro/E_ILLEGAL_STATE_CHANGE\r\n');
    // Lookups by name see only Installed distributions; --unregister sees all, but the install holds it.
    for (const args of [['-d', 'Slow', 'true'], ['-t', 'Slow'], ['-s', 'Slow'], ['--export', 'Slow', join(work, 'slow.tar')], ['--manage', 'Slow', '--resize', '1GB']]) {
      assert.equal(errorToken((await wsl(sim, args)).text), 'WSL_E_DISTRO_NOT_FOUND', args.join(' '));
    }
    const unregister = await wsl(sim, ['--unregister', 'Slow']);
    assert.equal(unregister.text, 'An install, uninstall, or conversion is in progress for this distribution.\r\nError code: Wsl/Service/UnregisterDistro/E_ILLEGAL_STATE_CHANGE\r\n');
    assert.match((await wsl(sim, ['-l', '-v'])).text, /Slow\s+Installing\s+2/);
    child.kill('SIGTERM');
    assert.notEqual(await exited, 0);
    const registry = await registryOf(sim);
    assert.ok(!Object.values(registry.subkeys).some((k) => k.DistributionName === 'Slow'), 'not left registered');
    assert.equal(existsSync(location), false, 'the created folder is removed');
    assert.deepEqual((await wsl(sim, ['-l', '--all', '-q'])).text, 'Azl\r\n');
  });

  test('an export in progress is held in memory (Exporting in -l -v, Installed in the registry): launch, unregister, move and export are refused', async () => {
    const [guid] = await distroKey(sim, 'Azl');
    // The service's m_lockedDistributions entry an --export in progress holds (our own pid keeps it alive).
    await writeFile(join(sim.stateDir, 'locks-tester.json'), JSON.stringify({ [guid]: { state: 6, pid: process.pid } }));
    try {
      assert.match((await wsl(sim, ['-l', '-v'])).text, /Azl\s+Exporting\s+2/);
      assert.equal((await registryOf(sim)).subkeys[guid].State, 1, 'not a registry state');
      assert.ok(!(await wsl(sim, ['-l', '-q'])).text.includes('Azl'), 'hidden from the plain list');
      const refusals: Array<[string[], string]> = [
        [['-d', 'Azl', 'true'], 'Wsl/Service/CreateInstance/E_ILLEGAL_STATE_CHANGE'],
        [['--unregister', 'Azl'], 'Wsl/Service/UnregisterDistro/E_ILLEGAL_STATE_CHANGE'],
        [['--manage', 'Azl', '--move', join(work, 'moved')], 'Wsl/Service/MoveDistro/E_ILLEGAL_STATE_CHANGE'],
        [['--export', 'Azl', join(work, 'again.tar')], 'Wsl/Service/E_ILLEGAL_STATE_CHANGE'],
      ];
      for (const [args, path] of refusals) {
        const r = await wsl(sim, args);
        assert.equal(r.code, 255, args.join(' '));
        assert.ok(r.text.endsWith(`: ${path}\r\n`), `${args.join(' ')}: ${r.text}`);
      }
      // --set-default-user's nested wsl.exe cannot start it either: -1, and nothing printed.
      const nested = await wsl(sim, ['--manage', 'Azl', '--set-default-user', 'root']);
      assert.equal(nested.code, 255);
      assert.equal(nested.stdout.length, 0);
    } finally {
      await writeFile(join(sim.stateDir, 'locks-tester.json'), '{}');
    }
  });

  test('argv log records every argv and WSL_UTF8', async () => {
    await wsl(sim, ['-l', '-v'], { env: { WSL_UTF8: '1' } });
    const log = await sim.readArgvLog();
    assert.deepEqual(log[log.length - 1], ['-l', '-v']);
    assert.deepEqual(log[0], ['--import', 'Azl', join(work, 'azl'), archive]);
  });
});
