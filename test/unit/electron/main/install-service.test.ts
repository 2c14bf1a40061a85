import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { InstallService } from '../../../../electron/main/install-service.js';
import { InstallRecords } from '../../../../electron/main/install-records.js';
import { JobManager } from '../../../../electron/main/job-manager.js';
import { createSimulatorEnv, type SimulatorEnv } from '../../../wsl-simulator/simulator-env.js';

let sim: SimulatorEnv;
let service: InstallService;

before(async () => {
  sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  service = new InstallService({
    jobs: new JobManager({ onUpdate: () => {}, onLog: () => {} }),
    records: new InstallRecords(join(sim.stateDir, 'records.json')),
    wsl: { wslPath: sim.wslPath, env: { ...sim.env, LOCALAPPDATA: '/home/jane/AppData/Local' } },
    distroLocations: { list: async () => [] },
  });
});

after(async () => {
  await sim?.dispose();
});

test('account rules: "both passwords match" only once both are typed, a name the image has is refused, a very short password is warned about', () => {
  const empty = service.checkAccount({ user: 'jane', password: '', confirmation: '' });
  assert.equal(empty.rules.find((rule) => rule.id === 'password-mismatch')?.met, false, 'two empty fields do not "match"');
  assert.equal(empty.rules.some((rule) => rule.id === 'user-free'), false, 'no image accounts, no such rule');
  const clash = service.checkAccount({ user: 'jdoe', password: 'long enough', confirmation: 'long enough', existingUsers: ['jdoe'] });
  assert.equal(clash.ok, false);
  assert.match(clash.rules.find((rule) => rule.id === 'user-free')?.message ?? '', /"jdoe" already exists/);
  const short = service.checkAccount({ user: 'kim', password: 'x', confirmation: 'x' });
  assert.equal(short.ok, true, 'a warning, not a refusal');
  assert.match(short.warnings[0] ?? '', /1-character password .* sudo will ask for it/);
  assert.deepEqual(service.checkAccount({ user: 'kim', password: 'long enough', confirmation: 'long enough' }).warnings, []);
});

test('name checks: official names can be confirmed, a free name is suggested, and the default location follows the method', async () => {
  const official = await service.checkName({ name: 'AzureLinux-4', method: 'import' });
  assert.equal(official.nameProblemKind, 'official');
  assert.equal(official.suggestedName, 'AzureLinux-4-Dev');
  assert.equal((await service.checkName({ name: 'AzureLinux-4', method: 'import', allowOfficialName: true })).nameProblem, undefined);
  assert.equal((await service.checkName({ name: 'AzureLinux-4-Dev', method: 'auto' })).nameProblem, undefined, 'the suggestion itself is accepted');
  const invalid = await service.checkName({ name: 'bad name', method: 'auto' });
  assert.equal(invalid.nameProblemKind, 'invalid');
  assert.match(invalid.nameHint ?? '', /letters, digits/);
  const imported = await service.checkName({ name: 'Dev', method: 'import' });
  assert.equal(imported.defaultLocation, '/home/jane/AppData/Local/wsl/Dev');
  assert.equal(imported.method, 'import');
  const fromFile = await service.checkName({ name: 'Dev', method: 'auto' });
  assert.equal(fromFile.method, 'from-file', 'this WSL supports --from-file');
  assert.match(fromFile.defaultLocation, /^\/home\/jane\/AppData\/Local\/wsl\/\{a new install id\}$/);
  assert.equal(typeof fromFile.freeBytes, 'number', 'free space of the drive the default location is on');
});

test('an install needs exactly one of a new account and an existing one', async () => {
  await assert.rejects(service.start({ image: '/x.wsl', name: 'X', method: 'import' }), /exactly one/);
  await assert.rejects(
    service.start({ image: '/x.wsl', name: 'X', method: 'import', account: { user: 'a', password: 'p', sudo: 'password' }, existingAccount: { user: 'jdoe' } }),
    /exactly one/,
  );
});
