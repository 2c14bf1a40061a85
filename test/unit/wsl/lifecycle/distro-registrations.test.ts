import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRegistration, jsonRegistrations, parseRegistrations } from '../../../../wsl/lifecycle/distro-registrations.js';

// The shape `reg query HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss /s` prints.
const REG_QUERY = [
  '',
  'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss',
  '    DefaultDistribution    REG_SZ    {0b6a8d8e-1c2f-4d5a-9e7b-3a1f2c4d5e6f}',
  '    DefaultVersion    REG_DWORD    0x2',
  '',
  'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{0b6a8d8e-1c2f-4d5a-9e7b-3a1f2c4d5e6f}',
  '    State    REG_DWORD    0x1',
  '    DistributionName    REG_SZ    AzureLinux-Dev',
  '    Version    REG_DWORD    0x2',
  '    BasePath    REG_SZ    \\\\?\\C:\\Users\\jane\\AppData\\Local\\wsl\\AzureLinux-Dev',
  '    Flags    REG_DWORD    0xf',
  '    DefaultUid    REG_DWORD    0x3e8',
  '    VhdFileName    REG_SZ    ext4.vhdx',
  '    TerminalProfilePath    REG_SZ    C:\\Users\\jane\\AppData\\Local\\Microsoft\\Windows Terminal\\Fragments\\Microsoft.WSL\\{5d1b}.json',
  '',
  'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{11111111-2222-3333-4444-555555555555}',
  '    DistributionName    REG_SZ    Ubuntu',
  '    BasePath    REG_EXPAND_SZ    D:\\wsl\\ubuntu',
  '',
].join('\r\n');

test('reg query output: one registration per {guid} key with its disk, default uid and Terminal profile', async () => {
  const registrations = parseRegistrations(REG_QUERY);
  assert.deepEqual(registrations, [
    {
      id: '{0b6a8d8e-1c2f-4d5a-9e7b-3a1f2c4d5e6f}',
      name: 'AzureLinux-Dev',
      basePath: 'C:\\Users\\jane\\AppData\\Local\\wsl\\AzureLinux-Dev',
      vhdFileName: 'ext4.vhdx',
      defaultUid: 1000,
      terminalProfilePath: 'C:\\Users\\jane\\AppData\\Local\\Microsoft\\Windows Terminal\\Fragments\\Microsoft.WSL\\{5d1b}.json',
    },
    { id: '{11111111-2222-3333-4444-555555555555}', name: 'Ubuntu', basePath: 'D:\\wsl\\ubuntu', vhdFileName: 'ext4.vhdx' },
  ]);
  const source = { list: async () => registrations };
  assert.equal((await findRegistration(source, 'azurelinux-dev'))?.defaultUid, 1000, 'names compare case-insensitively');
  assert.equal(await findRegistration(source, 'Debian'), undefined);
});

test('a registry kept as JSON (the simulator’s): subkeys by guid; a missing or broken file is no registrations', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-reg-'));
  try {
    const file = join(dir, 'registry.json');
    await writeFile(file, JSON.stringify({ values: {}, subkeys: { '{a}': { DistributionName: 'Dev', BasePath: '/x/dev', VhdFileName: 'ext4.vhdx', DefaultUid: 0 } } }));
    assert.deepEqual(await jsonRegistrations(file).list(), [{ id: '{a}', name: 'Dev', basePath: '/x/dev', vhdFileName: 'ext4.vhdx', defaultUid: 0 }]);
    await writeFile(file, '{ not json');
    assert.deepEqual(await jsonRegistrations(file).list(), []);
    assert.deepEqual(await jsonRegistrations(join(dir, 'missing.json')).list(), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
