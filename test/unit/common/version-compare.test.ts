import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions } from '../../../common/version-compare.js';

test('image versions compare like rpm versions', () => {
  const ordered = ['1', '4.0', '4.0.2', '4.0.10', '4.0.20260501', '4.0.20260601', '4.1', '5.0~rc1'.replace('~', ''), '10'];
  for (let i = 1; i < ordered.length; i++) assert.ok(compareVersions(ordered[i - 1], ordered[i]) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
  assert.equal(compareVersions('4.0.01', '4.0.1'), 0);
  assert.ok(compareVersions('4.0.1', '4.0.a') > 0, 'a number is newer than letters');
  assert.ok(compareVersions('123456789012345678901', '123456789012345678900') > 0, 'long numbers keep their precision');
});
