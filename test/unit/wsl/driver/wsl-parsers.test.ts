import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWslText } from '../../../../wsl/driver/wsl-text.js';
import { parseListQuiet, parseListVerbose } from '../../../../wsl/driver/wsl-list.js';
import { compareVersions, parseWslVersion, supportsFromFile } from '../../../../wsl/driver/wsl-version.js';
import { parseWslStatus } from '../../../../wsl/driver/wsl-status.js';
import { recorded } from './wsl-output-fixtures.js';

const text = (file: string): string => decodeWslText(recorded(file));

test('-l -v: several distributions, states, versions and the default marker', () => {
  assert.deepEqual(parseListVerbose(text('list-verbose-en.utf16le.txt')), [
    { name: 'Ubuntu-24.04', state: 'Running', stateText: 'Running', version: 2, isDefault: true },
    { name: 'AzureLinux-Dev', state: 'Stopped', stateText: 'Stopped', version: 2, isDefault: false },
    { name: 'Debian', state: 'Installing', stateText: 'Installing', version: 2, isDefault: false },
    { name: 'old.wsl1_box', state: 'Stopped', stateText: 'Stopped', version: 1, isDefault: false },
  ]);
  const utf8 = parseListVerbose(text('list-verbose-en.utf8.txt'));
  assert.deepEqual(utf8.map((e) => [e.name, e.state, e.isDefault]), [['AzureLinux-Dev', 'Stopped', true], ['Exp', 'Exporting', false]]);
});

test('-l -v in French and German: localized header skipped, states classified, long state touching the version', () => {
  const fr = parseListVerbose(text('list-verbose-fr.utf16le.txt'));
  assert.deepEqual(fr.map((e) => [e.name, e.state, e.version, e.isDefault]), [['Ubuntu', 'Stopped', 2, false], ['AzureLinux-Dev', 'Running', 2, true]]);
  const de = parseListVerbose(text('list-verbose-de.utf8.txt'));
  assert.deepEqual(de.map((e) => [e.name, e.state]), [['AzureLinux-Dev', 'Running'], ['Ubuntu', 'Stopped']]);
});

test('-l -q and the empty list', () => {
  assert.deepEqual(parseListQuiet(text('list-quiet-en.utf16le.txt')), ['Ubuntu-24.04', 'AzureLinux-Dev', 'Debian']);
  assert.deepEqual(parseListQuiet(''), []);
  assert.deepEqual(parseListVerbose(text('list-empty-en.utf16le.txt')), []);
});

test('--version blocks in English, German and French', () => {
  const en = parseWslVersion(text('version-en.utf16le.txt'));
  assert.deepEqual(en, {
    kind: 'store', wsl: '2.5.10.0', kernel: '6.6.87.2-1', wslg: '1.0.66', msrdc: '1.2.6074',
    direct3d: '1.611.1-81528511', dxcore: '10.0.26100.1-240331-1435.ge-release', windows: '10.0.26100.4652',
  });
  assert.equal(parseWslVersion(text('version-de.utf8.txt'))?.kind, 'store');
  assert.equal((parseWslVersion(text('version-fr.utf16le.txt')) as { wsl: string }).wsl, '2.5.10.0');
  assert.equal(parseWslVersion(text('version-inbox-rejected.utf16le.txt')), undefined);
});

test('--from-file needs WSL 2.4.4 or later', () => {
  assert.equal(supportsFromFile(parseWslVersion(text('version-de.utf8.txt'))!), true); // exactly 2.4.4.0
  assert.equal(supportsFromFile(parseWslVersion(text('version-old-en.utf8.txt'))!), false); // 2.3.26
  assert.equal(supportsFromFile({ kind: 'inbox' }), false);
  assert.equal(compareVersions('2.10.0', '2.4.4'), 1);
  assert.equal(compareVersions('2.4.4.0', '2.4.4'), 0);
});

test('--status in English and French', () => {
  assert.deepEqual(parseWslStatus(text('status-en.utf16le.txt')), { defaultDistribution: 'AzureLinux-Dev', defaultVersion: 2 });
  assert.deepEqual(parseWslStatus(text('status-fr.utf8.txt')), { defaultDistribution: 'AzureLinux-Dev', defaultVersion: 2 });
});
