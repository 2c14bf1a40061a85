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
