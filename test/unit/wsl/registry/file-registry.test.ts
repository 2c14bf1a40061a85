import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry, stringValue, findSubkey } from '../../../../wsl/registry/registry.js';

test('the HKLM stand-in: elevation checked before writing, case-insensitive keys and values, subkeys', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-reg-'));
  try {
    const file = join(dir, 'hklm.json');
    const user = openRegistry({ env: { AZL_WSL_MACHINE_REGISTRY: file }, platform: 'linux' });
    await assert.rejects(user.setValue('HKLM\\SOFTWARE\\Policies\\azl-wsl', 'X', { type: 'REG_SZ', data: 'y' }), /needs administrator rights/);
    await assert.rejects(readFile(file));
    const admin = openRegistry({ env: { AZL_WSL_MACHINE_REGISTRY: file, AZL_WSL_SIM_IDENTITY: 'admin' }, platform: 'linux' });
    await admin.setValue('HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\azl-wsl', 'ForceProxy', { type: 'REG_SZ', data: 'http://p:1' });
    await admin.setValue('HKLM\\software\\policies\\AZL-WSL\\AllowedImages', '1', { type: 'REG_SZ', data: 'Contoso' });
    await admin.setValue('HKLM\\SOFTWARE\\Policies\\azl-wsl', 'forceproxy', { type: 'REG_SZ', data: 'http://p:2' });
    const key = await user.read('hklm\\SOFTWARE\\Policies\\azl-wsl');
    assert.equal(stringValue(key, 'FORCEPROXY'), 'http://p:2');
    assert.equal(Object.keys(key!.values).length, 1, 'a value set again under another case replaces it');
    assert.equal(stringValue(findSubkey(key, 'allowedimages'), '1'), 'Contoso');
    assert.equal(await user.read('HKLM\\SOFTWARE\\Nothing'), undefined);
    assert.equal(await admin.deleteValue('HKLM\\SOFTWARE\\Policies\\azl-wsl', 'ForceProxy'), true);
    assert.equal(await admin.deleteValue('HKLM\\SOFTWARE\\Policies\\azl-wsl', 'ForceProxy'), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Linux without a stand-in: nothing is set and writes say why', async () => {
  const registry = openRegistry({ env: {}, platform: 'linux' });
  assert.equal(await registry.read('HKLM\\SOFTWARE'), undefined);
  await assert.rejects(registry.setValue('HKCU\\X', 'y', { type: 'REG_SZ', data: '' }), /no Windows registry/);
});
