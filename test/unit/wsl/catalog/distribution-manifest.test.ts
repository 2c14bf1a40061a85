import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkManifest, checkRawEntryKeys, normalizeSha256, parseManifest, serializeManifest, type DistributionManifest } from '../../../../wsl/catalog/distribution-manifest.js';

const HASH = 'a'.repeat(64);
const entry = (name: string, isDefault: boolean, url = `https://x/${name}.wsl`) => ({ Name: name, FriendlyName: name, Default: isDefault, Amd64Url: { Url: url, Sha256: HASH } });

test('WSL\'s entry rules: name starts with flavor, one Default, .wsl URL, 64-digit SHA-256, a URL at all', () => {
  const manifest: DistributionManifest = {
    ModernDistributions: {
      Good: [entry('Good', true), entry('Good-2', false)],
      NoDefault: [entry('NoDefault-1', false)],
      TwoDefaults: [entry('TwoDefaults-1', true), entry('TwoDefaults-2', true)],
      Bad: [
        { ...entry('Other', true) },
        { Name: 'Bad-url', FriendlyName: 'x', Default: false, Amd64Url: { Url: 'https://x/file.tar.gz', Sha256: '0x' + HASH.toUpperCase() } },
        { Name: 'Bad-hash', FriendlyName: '', Default: false, Amd64Url: { Url: 'https://x/y.wsl', Sha256: 'abc' } },
        { Name: 'Bad-none', FriendlyName: 'x', Default: false },
      ],
    },
  };
  const messages = checkManifest(manifest).map((finding) => `${finding.flavor}/${finding.name ?? ''}: ${finding.message}`);
  assert.deepEqual(messages, [
    'NoDefault/: no entry of "NoDefault" is the Default.',
    'TwoDefaults/: 2 entries of "TwoDefaults" are marked Default; exactly one must be.',
    'Bad/Other: its Name must start with the flavor "Bad".',
    'Bad/Bad-url: its Amd64Url does not point to a .wsl file: https://x/file.tar.gz',
    'Bad/Bad-hash: it has no FriendlyName.',
    'Bad/Bad-hash: its Amd64Url.Sha256 is not 64 hexadecimal digits.',
    'Bad/Bad-none: it has no Amd64Url or Arm64Url.',
  ]);
});

test('the same Name in two flavors is refused (WSL compares names case-insensitively)', () => {
  const findings = checkManifest({ ModernDistributions: { A: [entry('A-1', true)], 'A-1': [entry('a-1', true)] } });
  assert.match(findings.map((finding) => finding.message).join('\n'), /also used in flavor "A"/);
});

test('parsing is as strict as wsl.exe: one field of the wrong type fails the whole manifest', () => {
  assert.throws(() => parseManifest('{"ModernDistributions": {"X": [{"Name": "X", "Default": "yes"}]}}', 'test.json'), /Default must be true or false/);
  assert.throws(() => parseManifest('{"ModernDistributions": {"X": {}}}', 'test.json'), /must be a list/);
  assert.throws(() => parseManifest('not json', 'test.json'), /not JSON/);
  const parsed = parseManifest('\uFEFF{"ModernDistributions": {"X": [{"Name": "X", "FriendlyName": "x", "Amd64Url": {"Url": "u.wsl", "Sha256": "00"}}]}, "Distributions": [{"Name": "Legacy"}], "Default": "Legacy"}', 't');
  assert.deepEqual(parsed.Distributions, [{ Name: 'Legacy' }]);
  assert.equal(parsed.Default, 'Legacy');
});

test('serialization is ASCII (non-ASCII as \\u escapes), 4-space indented, keeps legacy parts, and round-trips', () => {
  const manifest: DistributionManifest = { ModernDistributions: { Café: [{ ...entry('Café-1', true), FriendlyName: 'Café — 1' }] }, Distributions: [{ Name: 'L' }], Default: 'L' };
  const text = serializeManifest(manifest);
  assert.ok(![...text].some((char) => char.charCodeAt(0) > 0x7f));
  assert.match(text, /^\{\n {4}"ModernDistributions": \{\n {8}"Caf\\u00e9": \[/);
  assert.deepEqual(parseManifest(text, 't'), manifest);
});

test('validate-modern.py\'s unexpected-key rule, and digest normalization', () => {
  const raw = JSON.stringify({ ModernDistributions: { X: [{ ...entry('X', true), Version: '1' }] } });
  assert.deepEqual(checkRawEntryKeys(raw).map((finding) => finding.message), ['unexpected key "Version".']);
  assert.equal(normalizeSha256('0xABCD'), 'abcd');
});
