import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatParityEntry, formatParityReport, type ParityReport } from '../../../../rootfs/transform/parity-report.js';
import { cloudPlan, convert, offering, wslPlan } from './sample-plans.js';

test('an entry reads as verb, subject, reason and profile line', async () => {
  assert.equal(
    formatParityEntry({
      action: 'removed-package',
      subject: 'WALinuxAgent',
      reason: 'the Azure VM agent has no VM to manage in WSL',
      source: { file: 'teams/cloud/vm-base.xml', line: 12 },
    }),
    'removed `WALinuxAgent`: the Azure VM agent has no VM to manage in WSL (teams/cloud/vm-base.xml:12)',
  );
  assert.equal(
    formatParityEntry({ action: 'swapped-package', subject: 'a', replacement: 'b', reason: 'why' }),
    'swapped `a` for `b`: why',
  );
});

test('the report groups entries by kind and shows every reason and source', async () => {
  const { parity } = await convert(cloudPlan(), offering('wsl-setup'));
  const text = formatParityReport(parity);
  assert.match(text, /^Profile `marketplace-gen2` \(type `oem`\) was turned into a WSL image; \d+ differences/);
  const headings = ['Packages removed:', 'Packages added:', 'Files and scripts removed:', 'Units masked:', 'Settings changed:', 'Notes:'];
  let last = -1;
  for (const heading of headings) {
    const at = text.indexOf(`\n${heading}\n`);
    assert.ok(at > last, `${heading} present and in order`);
    last = at;
  }
  assert.ok(!text.includes('Packages swapped:'), 'empty groups are left out');
  assert.match(text, /removed `WALinuxAgent`: the Azure VM agent has no VM to manage in WSL \(teams\/cloud\/vm-base\.xml:23\)/);
  assert.match(text, /removed script `configure-systemd-networkd.sh`: .* \(teams\/cloud\/vm-base\.xml:50\)/);
  assert.match(text, /set `image type` to `wsl`: was `oem`.* \(teams\/cloud\/vm-base\.xml:3\)/);
  for (const entry of parity.entries) assert.ok(text.includes(entry.reason), entry.subject);
  assert.equal(text.split('\n').filter((line) => line.startsWith('  - ')).length, parity.entries.length);
});

test('a WSL profile reports that it builds unchanged; JSON is the plain object', async () => {
  const { parity } = await convert(wslPlan(), offering());
  assert.equal(formatParityReport(parity), 'Profile `wsl` already describes a WSL image (type `wsl`): it builds unchanged.\n');
  const report: ParityReport = JSON.parse(JSON.stringify(parity));
  assert.deepEqual(report, parity);
});
