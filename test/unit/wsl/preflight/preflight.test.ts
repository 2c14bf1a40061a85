import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDiskSpace, checkDistroName, checkLocation, formatPreflight, runPreflight } from '../../../../wsl/preflight/preflight.js';
import { jsonDistroLocations, parseRegQuery, simulatorDistroLocations } from '../../../../wsl/preflight/distro-locations.js';
import { createFakeWsl } from '../driver/fake-wsl.js';

test('distro names: rule, legacy, case-insensitive clash, official names unless allowed', () => {
  assert.equal(checkDistroName('Dev-1.x_y', ['Ubuntu']).status, 'ok');
  assert.equal(checkDistroName('bad name', []).code, 'DISTRO_NAME_INVALID');
  assert.equal(checkDistroName('LeGaCy', []).code, 'DISTRO_NAME_INVALID');
  assert.equal(checkDistroName('x'.repeat(257), []).status, 'fail');
  const clash = checkDistroName('ubuntu', ['Ubuntu']);
  assert.equal(clash.code, 'DISTRO_EXISTS');
  assert.match(clash.message, /"Ubuntu" is already installed/);
  assert.equal(checkDistroName('AzureLinux-4.0', [], true).status, 'ok');
  assert.equal(checkDistroName('AzureLinux-3.0-Dev', []).status, 'ok');
});

test('official names: only AzureLinux-4, AzureLinux-4.0 and AzureLinux-4.0-BETA (any case); the refusal suggests a name that is accepted', () => {
  for (const official of ['AzureLinux-4', 'azurelinux-4.0', 'AZURELINUX-4.0-beta']) {
    const check = checkDistroName(official, ['AzureLinux-4-Dev']);
    assert.equal(check.code, 'DISTRO_NAME_INVALID', official);
    assert.match(check.message, /Microsoft's official Azure Linux image/);
    assert.match(check.hint ?? '', /--allow-official-name/);
    const suggested = /such as (\S+),/.exec(check.hint ?? '')?.[1] ?? '';
    assert.equal(checkDistroName(suggested, ['AzureLinux-4-Dev']).status, 'ok', `the suggestion ${suggested} is accepted`);
  }
  for (const own of ['AzureLinux-4-Dev', 'AzureLinux-4.1', 'AzureLinux-40', 'AzureLinux-4.0-BETA2', 'My-AzureLinux-4']) {
    assert.equal(checkDistroName(own, []).status, 'ok', own);
  }
  const invalid = checkDistroName('my distro!', []);
  assert.match(invalid.hint ?? '', /letters, digits, "\.", "_" or "-"/);
  assert.match(invalid.hint ?? '', /For example my-distro-/);
  assert.match(checkDistroName('Dev', ['dev']).hint ?? '', /Dev-2 is free/);
});

test('locations: relative, another BasePath, existing ext4.vhdx, missing parent, usable', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-preflight-'));
  try {
    const registry = join(dir, 'registry-jane.json');
    await writeFile(registry, JSON.stringify({ key: 'x', values: {}, subkeys: { '{1}': { DistributionName: 'Other', BasePath: join(dir, 'other') } } }));
    const locations = jsonDistroLocations(registry);
    assert.equal((await checkLocation('relative/path', locations)).code, 'LOCATION_UNUSABLE');
    const used = await checkLocation(join(dir, 'other') + '/', locations);
    assert.equal(used.code, 'LOCATION_IN_USE');
    assert.match(used.message, /"Other"/);
    assert.deepEqual(await simulatorDistroLocations(dir).list(), [{ name: 'Other', basePath: join(dir, 'other') }]);
    await mkdir(join(dir, 'old'));
    await writeFile(join(dir, 'old', 'ext4.vhdx'), '');
    assert.equal((await checkLocation(join(dir, 'old'), locations)).code, 'LOCATION_IN_USE');
    assert.equal((await checkLocation(join(dir, 'missing', 'child'), locations)).code, 'LOCATION_UNUSABLE');
    assert.equal((await checkLocation(join(dir, 'new'), locations)).status, 'ok');
    assert.equal((await checkLocation('C:\\WSL\\Dev', { list: async () => [{ name: 'Dev', basePath: 'c:\\wsl\\dev\\' }] })).code, 'LOCATION_IN_USE');
    assert.equal((await checkDiskSpace(join(dir, 'new', 'deeper'), Number.MAX_SAFE_INTEGER)).code, 'DISK_FULL');
    assert.notEqual((await checkDiskSpace(dir, 1)).status, 'fail');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('reg query output gives name and BasePath per distribution', () => {
  const text = [
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss',
    '    DefaultDistribution    REG_SZ    {a}',
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{a}',
    '    BasePath    REG_SZ    \\\\?\\C:\\Users\\jane\\WSL\\Dev',
    '    DistributionName    REG_SZ    Dev',
    '',
  ].join('\r\n');
  assert.deepEqual(parseRegQuery(text), [{ name: 'Dev', basePath: 'C:\\Users\\jane\\WSL\\Dev' }]);
});

test('runPreflight: old WSL falls back to import on auto and fails for from-file; virtualization off fails', async () => {
  const old = await createFakeWsl([
    { args: ['--version'], output: 'version-old-en.utf8.txt', exit: 0 },
    { args: ['--status'], output: 'status-en.utf16le.txt', exit: 0 },
    { args: ['-l', '-v'], output: 'list-verbose-en.utf16le.txt', exit: 0 },
  ]);
  const off = await createFakeWsl([
    { args: ['--version'], output: 'version-en.utf16le.txt', exit: 0 },
    { args: ['--status'], output: 'error-virtualization-en-old.utf16le.txt', exit: 255 },
  ]);
  try {
    const auto = await runPreflight({ wslPath: old.wslPath, method: 'auto', distroName: 'azurelinux-dev' });
    assert.equal(auto.method, 'import');
    assert.equal(auto.checks.find((c) => c.id === 'wsl-version')?.status, 'warn');
    assert.equal(auto.checks.find((c) => c.id === 'distro-name')?.code, 'DISTRO_EXISTS');
    assert.equal(auto.ok, false);
    const fromFile = await runPreflight({ wslPath: old.wslPath, method: 'from-file' });
    assert.equal(fromFile.checks.find((c) => c.id === 'wsl-version')?.code, 'WSL_TOO_OLD');
    const virt = await runPreflight({ wslPath: off.wslPath, distroName: 'Dev' });
    const service = virt.checks.find((c) => c.id === 'wsl-service')!;
    assert.equal(service.code, 'WSL_VIRTUALIZATION_OFF');
    assert.match(formatPreflight(virt), /\[FAIL\] WSL 2 cannot start[\s\S]*Turn on virtualization[\s\S]*nothing was changed/);
    const missing = await runPreflight({ wslPath: join(tmpdir(), 'no-such-dir', 'wsl.exe') });
    assert.equal(missing.checks[0].code, 'WSL_MISSING');
    assert.equal(missing.ok, false);
  } finally {
    await old.dispose();
    await off.dispose();
  }
});
