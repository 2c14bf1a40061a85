import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegQueryOutput, regAddDataArgs } from '../../../../wsl/registry/reg-exe-registry.js';
import { canonicalKeyPath } from '../../../../wsl/registry/registry.js';

const OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\azl-wsl',
  '    RequireSudoPassword    REG_DWORD    0x1',
  '    ForceProxy    REG_SZ    http://proxy.contoso.com:8080',
  '    Empty Value    REG_SZ    ',
  '    ForceCaFiles    REG_MULTI_SZ    C:\\ca\\one.pem\\0C:\\ca\\two.pem',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\azl-wsl\\AllowedImages',
  '    1    REG_SZ    Contoso-AzureLinux',
  '    2    REG_SZ    sha256:' + 'a'.repeat(64),
  '',
].join('\r\n');

test('reg query /s output: values (names with spaces, empty data, DWORD, MULTI_SZ) and subkeys', () => {
  const key = parseRegQueryOutput(OUTPUT, 'HKLM\\SOFTWARE\\Policies\\azl-wsl');
  assert.deepEqual(key?.values, {
    RequireSudoPassword: { type: 'REG_DWORD', data: 1 },
    ForceProxy: { type: 'REG_SZ', data: 'http://proxy.contoso.com:8080' },
    'Empty Value': { type: 'REG_SZ', data: '' },
    ForceCaFiles: { type: 'REG_MULTI_SZ', data: ['C:\\ca\\one.pem', 'C:\\ca\\two.pem'] },
  });
  assert.deepEqual(Object.keys(key?.subkeys ?? {}), ['AllowedImages']);
  assert.equal(key?.subkeys.AllowedImages.values['2'].data, 'sha256:' + 'a'.repeat(64));
  assert.equal(parseRegQueryOutput('', 'HKLM\\X'), undefined);
});

test('reg add data arguments and key spelling', () => {
  assert.deepEqual(regAddDataArgs({ type: 'REG_SZ', data: 'file:///C:/a b/x.json' }), ['/t', 'REG_SZ', '/d', 'file:///C:/a b/x.json']);
  assert.deepEqual(regAddDataArgs({ type: 'REG_MULTI_SZ', data: ['a', 'b'] }), ['/t', 'REG_MULTI_SZ', '/d', 'a\\0b']);
  assert.equal(canonicalKeyPath('HKEY_LOCAL_MACHINE\\SOFTWARE\\X\\'), 'HKLM\\SOFTWARE\\X');
  assert.equal(canonicalKeyPath('hklm\\Software'), 'HKLM\\Software');
});
