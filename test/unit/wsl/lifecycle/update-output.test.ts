import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPackages, parseAdvisories, parseRpmList, transactionProgress } from '../../../../wsl/lifecycle/update-distro.js';

test('advisories from dnf 4 (TYPE/SEVERITY in one column) and dnf5 (a table with a header)', () => {
  const dnf4 = 'Last metadata expiration check: 0:00:01 ago.\nAZL-2026-0001 Important/Sec. azl-hello-1.1-1.noarch\nAZL-2026-0002 bugfix        azl-tools-2.1-1.noarch\n';
  assert.deepEqual(parseAdvisories(dnf4), [
    { id: 'AZL-2026-0001', type: 'security', severity: 'Important', package: 'azl-hello-1.1-1.noarch' },
    { id: 'AZL-2026-0002', type: 'bugfix', package: 'azl-tools-2.1-1.noarch' },
  ]);
  const dnf5 = 'Name          Type     Severity  Package                       Issued\nAZL-2026-0001 security Important azl-hello-0:1.1-1.noarch      2026-11-30 00:00:00\nAZL-2026-0003 enhancement None  jq-1.7.1-4.azl4.x86_64        2026-12-01 00:00:00\n';
  assert.deepEqual(parseAdvisories(dnf5), [
    { id: 'AZL-2026-0001', type: 'security', severity: 'Important', package: 'azl-hello-0:1.1-1.noarch' },
    { id: 'AZL-2026-0003', type: 'enhancement', package: 'jq-1.7.1-4.azl4.x86_64' },
  ]);
  assert.deepEqual(parseAdvisories('No updates found.\n'), []);
});

test('transaction progress from dnf 4 and dnf5 lines; other lines are not progress', () => {
  assert.deepEqual(transactionProgress('  Upgrading        : azl-hello-1.1-1.noarch                                 1/2 '), { done: 1, total: 2, what: 'Upgrading azl-hello-1.1-1.noarch' });
  assert.deepEqual(transactionProgress('[3/8] Upgrading azl-hello-0:1.1-1.noarch 100% |  1.0 MiB/s'), { done: 3, total: 8, what: 'Upgrading azl-hello-0:1.1-1.noarch 100% |  1.0 MiB/s' });
  assert.equal(transactionProgress('Dependencies resolved.'), undefined);
});

test('packages from → to: upgraded, new and removed, epochs of 0 dropped', () => {
  const before = parseRpmList('azl-hello\t(none):1.0-1\tnoarch\nbash\t0:5.2-1\tx86_64\nold-thing\t1:2.0-1\tnoarch\n');
  const after = parseRpmList('azl-hello\t(none):1.1-1\tnoarch\nbash\t0:5.2-1\tx86_64\nnew-thing\t(none):1.0-1\tnoarch\n');
  assert.deepEqual(diffPackages(before, after), [
    { name: 'azl-hello', arch: 'noarch', from: '1.0-1', to: '1.1-1' },
    { name: 'new-thing', arch: 'noarch', to: '1.0-1' },
    { name: 'old-thing', arch: 'noarch', from: '1:2.0-1' },
  ]);
});
