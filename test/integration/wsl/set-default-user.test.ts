// `wsl --manage NAME --set-default-user U` against the simulator, which answers as WSL does
// (WslClient.cpp Manage): an older WSL refuses the option with `Error code: Wsl/E_INVALIDARG`,
// and WSL runs `/usr/bin/id` through a nested wsl.exe whose failure prints nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AzlError } from '../../../common/errors.js';
import { setDefaultUser } from '../../../wsl/driver/wsl-manage.js';
import { runWsl } from '../../../wsl/driver/wsl-runner.js';
import { createSimulatorEnv, type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { buildFixtureDistro } from '../../wsl-simulator/fixture-distro.js';

let sim: SimulatorEnv;
let work: string;

before(async () => {
  sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  work = await mkdtemp(join(tmpdir(), 'azl-set-default-user-'));
  const imported = await runWsl(['--import', 'Box', join(work, 'box'), await buildFixtureDistro(work)], { name: 'import', wslPath: sim.wslPath, env: sim.env });
  assert.equal(imported.exitCode, 0, imported.text);
});

after(async () => {
  await sim?.dispose();
  await rm(work, { recursive: true, force: true });
});

test('WSL 2.4 has --manage but not --set-default-user: the coded refusal means "unsupported", so wsl.conf carries the default', async () => {
  const call = { wslPath: sim.wslPath, env: { ...sim.env, AZL_WSL_SIM_VERSION: '2.4.13' } };
  const raw = await runWsl(['--manage', 'Box', '--set-default-user', 'tester'], { ...call, name: 'probe' });
  assert.equal(raw.error?.path, 'Wsl/E_INVALIDARG', 'the real signal: a code line from the option parser');
  assert.equal(await setDefaultUser('Box', 'tester', call), 'unsupported');
  // Older still (1.x, no --manage at all): the complaint has no code line.
  assert.equal(await setDefaultUser('Box', 'tester', { ...call, env: { ...sim.env, AZL_WSL_SIM_VERSION: '1.2.5' } }), 'unsupported');
});

test('a current WSL sets it; a distribution that cannot start fails silently in the nested wsl.exe, which is an error, not "unsupported"', async () => {
  const call = { wslPath: sim.wslPath, env: sim.env };
  assert.equal(await setDefaultUser('Box', 'tester', call), 'set');
  const broken = { wslPath: sim.wslPath, env: { ...sim.env, AZL_WSL_SIM_FAULT: 'virtualization-off' } };
  const raw = await runWsl(['--manage', 'Box', '--set-default-user', 'tester'], { ...broken, name: 'probe' });
  assert.equal(raw.failed, true);
  assert.equal(raw.text, '', 'the nested wsl.exe’s error text is swallowed');
  await assert.rejects(setDefaultUser('Box', 'tester', broken), (error: AzlError) => error.code === 'WSL_FAILED' && /could not run \/usr\/bin\/id/.test(error.message));
  await assert.rejects(setDefaultUser('Box', 'ghost', call), (error: AzlError) => error.code === 'USER_NAME_INVALID');
});
