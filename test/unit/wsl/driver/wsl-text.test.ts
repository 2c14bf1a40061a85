import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWslText, looksLikeUtf16le, parseWslErrorCode } from '../../../../wsl/driver/wsl-text.js';
import { recorded, recordedNames } from './wsl-output-fixtures.js';

test('UTF-16LE without BOM and UTF-8 decode to the same text', () => {
  const utf16 = recorded('list-verbose-en.utf16le.txt');
  assert.equal(looksLikeUtf16le(utf16), true);
  const text = decodeWslText(utf16);
  assert.match(text, /^ {2}NAME\s+STATE\s+VERSION\n\* Ubuntu-24\.04/);
  assert.ok(!text.includes('\r'), 'CRLF becomes LF');
  const utf8 = recorded('list-verbose-en.utf8.txt');
  assert.equal(looksLikeUtf16le(utf8), false);
  assert.match(decodeWslText(utf8), /\* AzureLinux-Dev\s+Stopped/);
});

test('accented and CJK UTF-16LE text decodes intact', () => {
  assert.match(decodeWslText(recorded('list-verbose-fr.utf16le.txt')), /ÉTAT[\s\S]*En cours d'exécution/);
  assert.match(decodeWslText(recorded('error-path-not-found-zh.utf16le.txt')), /^系统找不到指定的路径。/);
  assert.match(decodeWslText(Buffer.from('\ufeffÄrger\r\n', 'utf8')), /^Ärger\n$/);
  assert.equal(decodeWslText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ok\r\n', 'utf16le')])), 'ok\n');
});

const EXPECTED_TOKENS: Record<string, string> = {
  'error-already-exists-en-old': 'ERROR_ALREADY_EXISTS',
  'error-already-exists-en-new': 'ERROR_ALREADY_EXISTS',
  'error-already-exists-fr': 'ERROR_ALREADY_EXISTS',
  'error-already-exists-de': 'ERROR_ALREADY_EXISTS',
  'error-distro-not-found-en': 'WSL_E_DISTRO_NOT_FOUND',
  'error-distro-not-found-de': 'WSL_E_DISTRO_NOT_FOUND',
  'error-invalid-name-en': 'E_INVALIDARG',
  'error-location-in-use-en': 'ERROR_FILE_EXISTS',
  'error-vhdx-exists-fr': 'ERROR_FILE_EXISTS',
  'error-virtualization-en-new': 'HCS_E_HYPERV_NOT_INSTALLED',
  'error-virtualization-en-old': 'HCS_E_HYPERV_NOT_INSTALLED',
  'error-hcs-service-en': 'HCS_E_SERVICE_NOT_AVAILABLE',
  'error-policy-de': 'ERROR_ACCESS_DISABLED_BY_POLICY',
  'error-import-failed-en': 'WSL_E_IMPORT_FAILED',
  'error-not-a-distro-fr': 'WSL_E_NOT_A_LINUX_DISTRO',
  'error-file-not-found-en': 'ERROR_FILE_NOT_FOUND',
  'error-user-not-found-en': 'WSL_E_USER_NOT_FOUND',
  'error-path-not-found-zh': 'ERROR_PATH_NOT_FOUND',
  'error-vhd-hint-en': '',
  'error-prose-with-colon-en': '',
};

test('every recorded error yields its token whatever the language, encoding or wording', () => {
  const files = recordedNames('error-');
  assert.equal(files.length, Object.keys(EXPECTED_TOKENS).length, 'every error fixture has an expectation');
  for (const file of files) {
    const base = file.replace(/\.(utf16le|utf8)\.txt$/, '');
    const parsed = parseWslErrorCode(decodeWslText(recorded(file)));
    assert.equal(parsed?.token ?? '', EXPECTED_TOKENS[base], file);
  }
});

test('the path and the prose before the code line are kept', () => {
  const parsed = parseWslErrorCode(decodeWslText(recorded('error-virtualization-en-new.utf16le.txt')))!;
  assert.equal(parsed.path, 'Wsl/Service/RegisterDistro/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED');
  assert.match(parsed.message, /^WSL2 is unable to start/);
  assert.doesNotMatch(parsed.message, /Error code/);
});

test('the LAST code line wins', () => {
  const text = 'first\nError code: Wsl/A/ERROR_FILE_NOT_FOUND\nsecond\nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND\n';
  assert.equal(parseWslErrorCode(text)?.token, 'WSL_E_DISTRO_NOT_FOUND');
});
