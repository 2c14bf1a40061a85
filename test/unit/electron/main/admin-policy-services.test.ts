// The app enforces the admin policy in main: locked settings are reported and refused,
// installs and default users the policy forbids are refused before any job or wsl.exe call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { policyFromJson } from '../../../../wsl/policy/admin-policy.js';
import type { Settings } from '../../../../electron/contract/api.js';
import { offlineServices, quietClient } from './offline-services.js';

test('locked settings, and refusals naming key and value before anything starts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-app-policy-'));
  const policy = policyFromJson({ RequireSudoPassword: true, ForbidRootDefaultUser: true, LockedSettings: { outputDir: '/srv/images', installMethod: 'import' } }, 'test policy');
  const services = offlineServices(dir, { policy: async () => policy });
  const client = quietClient;
  try {
    const settings = (await services.router.call(client, 'settings.get', [])) as { ok: true; value: Settings };
    assert.equal(settings.value.outputDir, '/srv/images', 'the policy\'s folder is the one in effect');
    assert.deepEqual(settings.value.locked.map((lock) => [lock.name, lock.value, lock.policyKey]).sort(), [
      ['installMethod', 'import', 'LockedSettings'],
      ['outputDir', '/srv/images', 'LockedSettings'],
      ['sudo', 'password', 'RequireSudoPassword'],
    ]);
    const changed = await services.router.call(client, 'settings.update', [{ outputDir: '/home/me/images' }]);
    assert.deepEqual(changed.ok ? undefined : [changed.error.code, changed.error.message], ['POLICY_REFUSED', "Refused by your organization's policy LockedSettings = {outputDir=/srv/images}: outputDir is set by your organization to /srv/images."]);

    const request = { image: join(dir, 'image.wsl'), name: 'Dev', method: 'import', account: { user: 'dev', password: 'pw', sudo: 'nopasswd' } };
    const nopasswd = await services.router.call(client, 'install.start', [request]);
    assert.equal(nopasswd.ok ? undefined : nopasswd.error.code, 'POLICY_REFUSED');
    assert.match(nopasswd.ok ? '' : nopasswd.error.message, /policy RequireSudoPassword = 1/);
    const method = await services.router.call(client, 'install.start', [{ ...request, method: 'from-file', account: { ...request.account, sudo: 'password' } }]);
    assert.match(method.ok ? '' : method.error.message, /LockedSettings = \{installMethod=import\}/);
    assert.deepEqual(services.jobs.list(), [], 'no job was started');
    const root = await services.router.call(client, 'distros.setDefaultUser', ['Dev', 'root']);
    assert.match(root.ok ? '' : root.error.message, /policy ForbidRootDefaultUser = 1: the distribution starts as root/);
  } finally {
    await services.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
