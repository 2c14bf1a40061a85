import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, nearestName } from '../../../../cli/output/nearest-name.js';

test('the nearest name: typos, swapped letters and unique beginnings; nothing when nothing is close', () => {
  const commands = ['plan', 'build', 'validate', 'install', 'list', 'remove', 'builder'];
  assert.equal(nearestName('biuld', commands), 'build');
  assert.equal(nearestName('instal', commands), 'install');
  assert.equal(nearestName('valdiate', commands), 'validate');
  assert.equal(nearestName('rem', commands), 'remove');
  assert.equal(nearestName('frobnicate', commands), undefined);
  assert.equal(nearestName('x', commands), undefined);
  assert.equal(editDistance('ab', 'ba'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});
