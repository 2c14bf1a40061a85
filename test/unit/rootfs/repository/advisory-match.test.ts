/**
 * rpm's version order (tilde, caret, numeric vs alphabetic segments, epochs) and which
 * advisories apply to installed packages (newer fixed version, matching arch, src ignored,
 * one entry per advisory, worst severity first), from updateinfo text as repositories write it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareEvr, rpmVersionCompare } from '../../../../rootfs/repository/rpm-version.js';
import { applicableAdvisories } from '../../../../rootfs/repository/advisory-match.js';
import { parseUpdateinfo } from '../../../../rootfs/repository/updateinfo.js';

test('rpmvercmp order', () => {
  const ordered = ['1.0~rc1', '1.0', '1.0^git1', '1.0a', '1.0.1', '1.0.10', '1.1', '2', '10'];
  for (let i = 0; i < ordered.length; i++) {
    for (let j = 0; j < ordered.length; j++) {
      assert.equal(Math.sign(rpmVersionCompare(ordered[i]!, ordered[j]!)), Math.sign(i - j), `${ordered[i]} vs ${ordered[j]}`);
    }
  }
  assert.equal(rpmVersionCompare('1.001', '1.1'), 0, 'leading zeros do not count');
  assert.equal(rpmVersionCompare('1_0', '1.0'), 0, 'separators are all alike');
  assert.ok(compareEvr({ epoch: 1, version: '1.0', release: '1' }, { epoch: null, version: '9.9', release: '9' }) > 0, 'the epoch wins');
  assert.ok(compareEvr({ epoch: null, version: '661', release: '2.azl4' }, { epoch: 0, version: '661', release: '3.azl4' }) < 0);
});

const UPDATEINFO = `<?xml version="1.0" encoding="UTF-8"?>
<updates>
  <update from="x" status="stable" type="security" version="1">
    <id>AZL-1</id><title>openssl: fix &amp; more</title><severity>Moderate</severity><issued date="2026-01-01 00:00:00"/>
    <references>
      <reference href="https://example/CVE-2026-2" id="CVE-2026-2" type="cve" title="x"/>
      <reference href="https://bugs/1" id="1" type="bugzilla" title="y"/>
      <reference href="https://example/CVE-2026-1" id="CVE-2026-1" type="cve" title="x"/>
    </references>
    <pkglist><collection short="a">
      <package name="openssl" version="3.3.2" release="2.azl4" epoch="1" arch="x86_64"><filename>x.rpm</filename></package>
      <package name="openssl" version="3.3.2" release="2.azl4" epoch="1" arch="src"><filename>x.src.rpm</filename></package>
      <package name="openssl-libs" version="3.3.2" release="2.azl4" epoch="1" arch="aarch64"><filename>y.rpm</filename></package>
    </collection></pkglist>
  </update>
  <update type="security"><id>AZL-2</id><severity>Critical</severity>
    <pkglist><collection><package name="curl" version="8.11.1" release="3.azl4" arch="noarch"/></collection></pkglist>
  </update>
  <update type="security"><id>AZL-3</id><severity>Important</severity>
    <pkglist><collection><package name="curl" version="8.11.0" release="9.azl4" arch="noarch"/></collection></pkglist>
  </update>
  <update type="enhancement"><id>AZL-4</id><severity>None</severity>
    <pkglist><collection><package name="vim" version="9.2" release="1" arch="x86_64"/></collection></pkglist>
  </update>
</updates>`;

test('updateinfo is parsed with its CVEs, severities and fixed packages', () => {
  const advisories = parseUpdateinfo(UPDATEINFO);
  assert.equal(advisories.length, 4);
  assert.deepEqual(advisories[0], {
    id: 'AZL-1',
    type: 'security',
    severity: 'Moderate',
    title: 'openssl: fix & more',
    issued: '2026-01-01 00:00:00',
    cves: ['CVE-2026-1', 'CVE-2026-2'],
    packages: [
      { name: 'openssl', epoch: 1, version: '3.3.2', release: '2.azl4', arch: 'x86_64' },
      { name: 'openssl', epoch: 1, version: '3.3.2', release: '2.azl4', arch: 'src' },
      { name: 'openssl-libs', epoch: 1, version: '3.3.2', release: '2.azl4', arch: 'aarch64' },
    ],
  });
  assert.equal(advisories[3]!.severity, undefined, '"None" is no severity');
});

test('advisories apply to older installed packages of a matching arch, worst first', () => {
  const installed = [
    { name: 'openssl', epoch: 1, version: '3.3.2', release: '1.azl4', arch: 'x86_64' },
    { name: 'openssl-libs', epoch: 1, version: '3.3.2', release: '1.azl4', arch: 'x86_64' },
    { name: 'curl', epoch: null, version: '8.11.1', release: '2.azl4', arch: 'noarch' },
    { name: 'vim', epoch: null, version: '9.2', release: '1', arch: 'x86_64' },
  ];
  const applicable = applicableAdvisories(parseUpdateinfo(UPDATEINFO), installed);
  assert.deepEqual(
    applicable.map((advisory) => [advisory.id, advisory.severity, advisory.packages]),
    [
      ['AZL-2', 'Critical', [{ name: 'curl', arch: 'noarch', installed: '8.11.1-2.azl4', fixed: '8.11.1-3.azl4' }]],
      // openssl-libs for aarch64 does not apply to the x86_64 package; the src entry is never a package.
      ['AZL-1', 'Moderate', [{ name: 'openssl', arch: 'x86_64', installed: '1:3.3.2-1.azl4', fixed: '1:3.3.2-2.azl4' }]],
    ],
  );
  // AZL-3's fix (8.11.0-9) is older than what is installed; AZL-4 fixes the installed version itself.
  assert.deepEqual(applicableAdvisories(parseUpdateinfo(UPDATEINFO), []), []);
});
