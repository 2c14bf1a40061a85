import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAdminPolicy, policyFromJson, policyFromRegistry } from '../../../../wsl/policy/admin-policy.js';
import { openRegistry } from '../../../../wsl/registry/registry.js';

test('JSON policy: the registry\'s key names, strictly checked, naming the bad key', () => {
  const policy = policyFromJson({ AllowedImages: ['Contoso-AzureLinux'], RequireSudoPassword: 1, ForbidRootDefaultUser: false, MinimumImageVersion: '4.0.1' }, 'p.json');
  assert.deepEqual(policy.AllowedImages, ['Contoso-AzureLinux']);
  assert.equal(policy.RequireSudoPassword, true);
  assert.throws(() => policyFromJson({ AllowedImage: [] }, 'p.json'), /unknown key "AllowedImage"/);
  assert.throws(() => policyFromJson({ RequireSudoPassword: 'yes' }, 'p.json'), /invalid RequireSudoPassword/);
  assert.throws(() => policyFromJson({ AllowedImages: ['sha256:abc'] }, 'p.json'), /invalid AllowedImages: "sha256:abc"/);
  assert.throws(() => policyFromJson({ ForceProxy: 'http://user:secret@proxy:8080' }, 'p.json'), /without credentials/);
});

test('registry policy: wrong value types are named; unknown values are ignored; lists also as REG_MULTI_SZ', () => {
  assert.throws(() => policyFromRegistry({ values: { RequireSudoPassword: { type: 'REG_SZ', data: '1' } }, subkeys: {} }, 'HKLM'), /RequireSudoPassword: it must be REG_DWORD/);
  const policy = policyFromRegistry({ values: { FutureKey: { type: 'REG_SZ', data: 'x' }, AllowedImages: { type: 'REG_MULTI_SZ', data: ['A', 'B'] } }, subkeys: {} }, 'HKLM');
  assert.deepEqual(policy.AllowedImages, ['A', 'B']);
});

test('--policy FILE wins over $AZL_WSL_POLICY, which wins over the registry key', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-policy-'));
  try {
    const hklm = join(dir, 'hklm.json');
    await writeFile(hklm, JSON.stringify({ keys: { 'HKLM\\SOFTWARE\\Policies\\azl-wsl': { RequireSudoPassword: { type: 'REG_DWORD', data: 1 } } } }));
    const registry = openRegistry({ env: { AZL_WSL_MACHINE_REGISTRY: hklm }, platform: 'linux' });
    const fromRegistry = await loadAdminPolicy({ env: {}, registry });
    assert.equal(fromRegistry.RequireSudoPassword, true);
    assert.match(fromRegistry.source, /HKLM\\SOFTWARE\\Policies\\azl-wsl/);
    await writeFile(join(dir, 'env.json'), '{"ForbidRootDefaultUser": true}');
    await writeFile(join(dir, 'flag.json'), '{}');
    const fromEnv = await loadAdminPolicy({ env: { AZL_WSL_POLICY: join(dir, 'env.json') }, registry });
    assert.deepEqual([fromEnv.RequireSudoPassword, fromEnv.ForbidRootDefaultUser], [undefined, true]);
    const fromFlag = await loadAdminPolicy({ file: join(dir, 'flag.json'), env: { AZL_WSL_POLICY: join(dir, 'env.json') }, registry });
    assert.equal(fromFlag.ForbidRootDefaultUser, undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
