import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidDistroName, officialDistroName, suggestDistroName, SUGGESTED_DISTRO_NAME } from '../../../common/distro-names.js';

test('the official names are exactly the three Microsoft uses, compared ignoring case', () => {
  assert.equal(officialDistroName('azurelinux-4.0-beta'), 'AzureLinux-4.0-BETA');
  assert.equal(officialDistroName('AzureLinux-4'), 'AzureLinux-4');
  assert.equal(officialDistroName('AzureLinux-4-Dev'), undefined);
  assert.equal(officialDistroName('AzureLinux-4.0.1'), undefined);
});

test('a suggested name is valid, unofficial and free', () => {
  assert.equal(suggestDistroName(SUGGESTED_DISTRO_NAME, []), 'AzureLinux-4-Dev');
  assert.equal(suggestDistroName('AzureLinux-4-Dev', ['azurelinux-4-dev', 'AzureLinux-4-Dev-2']), 'AzureLinux-4-Dev-3');
  assert.equal(suggestDistroName('AzureLinux-4.0', []), 'AzureLinux-4.0-Dev');
  assert.equal(suggestDistroName('', []), 'AzureLinux-4-Dev');
  assert.equal(suggestDistroName('legacy', []), 'AzureLinux-4-Dev');
  for (const name of ['AzureLinux-4-Dev', 'AzureLinux-4.0-Dev']) assert.ok(isValidDistroName(name));
});

test('names that are path tricks as a folder are refused: dots only, a trailing dot, Windows device names', () => {
  for (const name of ['.', '..', '...', 'Dev.', 'NUL', 'nul', 'CON', 'con.txt', 'COM1', 'lpt9.wsl', 'AUX', 'PRN.x']) assert.equal(isValidDistroName(name), false, name);
  for (const name of ['Dev.1', 'a..b', '.hidden', 'nullish', 'CONSOLE', 'COM10', 'Dev_2', '-x']) assert.equal(isValidDistroName(name), true, name);
});
