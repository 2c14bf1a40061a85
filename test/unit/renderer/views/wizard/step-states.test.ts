import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobInfo } from '../../../../../electron/contract/api.js';
import { stepStates } from '../../../../../renderer/views/wizard/step-states.js';

test('the step bar tells the truth: a failed step is ✗ and stays current, Install is done only when the install succeeded, the build is skipped for an image', () => {
  const job = (state: JobInfo['state']): JobInfo => ({ id: 'j', kind: 'install', title: 't', state, steps: [], startedAt: 0 });
  assert.equal(stepStates('install', { install: job('running') }, false).install, 'current');
  assert.equal(stepStates('install', { install: job('failed') }, false).install, 'failed');
  assert.equal(stepStates('install', { install: job('succeeded') }, false).install, 'done');
  assert.equal(stepStates('build', { build: job('failed') }, false).build, 'failed');
  assert.equal(stepStates('build', { build: job('failed') }, false).target, 'todo');
  const image = stepStates('account', {}, true);
  assert.deepEqual([image.source, image.review, image.build, image.target, image.account, image.install], ['done', 'done', 'skipped', 'done', 'current', 'todo']);
});
