import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outputNameFor } from '../../../../rootfs/build/output-name.js';
import { samplePlan } from './sample-plan.js';

test('the bundle format names the image, with %A as the architecture', () => {
  const plan = samplePlan({ bundleFormat: { value: 'AzureLinux-4-%A', source: { file: 'x', line: 1 } } });
  assert.equal(outputNameFor(plan), 'AzureLinux-4-x86_64');
});

test('without a bundle format: <imageName>-<profileName>-<arch>; an override wins and is checked', () => {
  const plan = samplePlan({ imageName: 'marketplace', profileName: 'marketplace-gen2' });
  assert.equal(outputNameFor(plan), 'marketplace-marketplace-gen2-x86_64');
  assert.equal(outputNameFor(samplePlan({ imageName: 'marketplace-gen2', profileName: 'marketplace-gen2' })), 'marketplace-gen2-x86_64', 'no repeated name');
  assert.equal(outputNameFor(plan, 'MyImage'), 'MyImage');
  assert.throws(() => outputNameFor(plan, '../evil'), { code: 'USAGE' });
  assert.throws(() => outputNameFor(plan, '.hidden'), { code: 'USAGE' });
});
