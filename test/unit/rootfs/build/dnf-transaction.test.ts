import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directBlockedEdges, parseDependencyProblems, parseNevra, parseTransactionTable, readResolution } from '../../../../rootfs/build/dnf-transaction.js';
import { classifyFailure } from '../../../../rootfs/build/package-manager.js';
import { WSL_TRANSFORM } from '../../../../common/source-location.js';

// What dnf 4 printed here for `install --assumeno` with our excludes (the names wrapped as dnf 4
// wraps them at 80 columns), and what dnf5 prints for the same problem.
const DNF4_TABLE = `Dependencies resolved.
================================================================================
 Package                       Arch        Version                Repo     Size
================================================================================
Installing:
 core-packages-base-image      noarch      3.0-8.azl3             fx      5.8 k
 sudo                          x86_64      1.9.16p2-1.azl3        fx      1.0 M
Installing dependencies:
 a-package-name-longer-than-the-column-dnf-gives-it
                               noarch      1:2.0-1.azl3           fx      6.0 k
 bash                          noarch      5.2.37-1.azl3          fx      6.1 k
Installing weak dependencies:
 tar                           noarch      1.35-4.azl3            fx      6.1 k

Transaction Summary
================================================================================
Install  5 Packages

Total size: 28 M
Operation aborted.`;

const DNF4_PROBLEMS = `Error: 
 Problem 1: package rpm-plugin-selinux-4.20.0-3.azl4.noarch requires selinux-policy-base, but none of the providers can be installed
  - conflicting requests
  - package selinux-policy-targeted-40.13-1.azl4.noarch is filtered out by exclude filtering
 Problem 2: package core-packages-base-image-3.0-8.azl3.noarch requires initramfs, but none of the providers can be installed
  - package initramfs-102-8.azl3.noarch requires dracut, but none of the providers can be installed
  - conflicting requests
  - package dracut-102-8.azl3.noarch is filtered out by exclude filtering
(try to add '--skip-broken' to skip uninstallable packages)`;

const DNF5_PROBLEM = `Failed to resolve the transaction:
Problem: package grubby-8.40-80.azl4.noarch from fx requires grub2-tools-minimal, but none of the providers can be installed
  - conflicting requests
  - package grub2-tools-minimal-2.12-20.azl4.noarch from fx is filtered out by exclude filtering`;

test('NEVRAs split into name, [epoch:]version-release and arch', () => {
  assert.deepEqual(parseNevra('grub2-tools-minimal-1:2.12-20.azl4.noarch'), { name: 'grub2-tools-minimal', evr: '1:2.12-20.azl4', arch: 'noarch' });
  assert.deepEqual(parseNevra('sudo-1.9.16p2-1.azl3.x86_64'), { name: 'sudo', evr: '1.9.16p2-1.azl3', arch: 'x86_64' });
  assert.equal(parseNevra('not-a-nevra'), undefined);
});

test('the transaction table is read in every install section, wrapped names included', () => {
  const packages = parseTransactionTable(DNF4_TABLE);
  assert.deepEqual(packages.map((pkg) => pkg.name), ['core-packages-base-image', 'sudo', 'a-package-name-longer-than-the-column-dnf-gives-it', 'bash', 'tar']);
  assert.deepEqual(packages[2], { name: 'a-package-name-longer-than-the-column-dnf-gives-it', arch: 'noarch', evr: '1:2.0-1.azl3' });
  assert.deepEqual(readResolution(DNF4_TABLE), { ok: true, packages });
});

test('problems give the requirement chains and what was filtered out, in dnf 4 and dnf5 shapes', () => {
  const problems = parseDependencyProblems(DNF4_PROBLEMS);
  assert.equal(problems.length, 2);
  assert.deepEqual(problems[0]!.edges, [{ requirer: 'rpm-plugin-selinux', requirement: 'selinux-policy-base' }]);
  assert.deepEqual(problems[0]!.excluded, ['selinux-policy-targeted']);
  // The chain's first link is the package that needs the removed one, not the meta-package above it.
  assert.deepEqual(directBlockedEdges(problems[1]!), [{ requirer: 'initramfs', requirement: 'dracut' }]);
  const [dnf5] = parseDependencyProblems(DNF5_PROBLEM);
  assert.deepEqual(dnf5!.edges, [{ requirer: 'grubby', requirement: 'grub2-tools-minimal' }]);
  assert.deepEqual(dnf5!.excluded, ['grub2-tools-minimal']);
  const failed = readResolution(DNF5_PROBLEM);
  assert.equal(failed.ok, false);
});

test('unmatched arguments and missing capabilities are dnf\'s own failures', () => {
  const failed = readResolution('Error: Unable to find a match: nosuchpkg other\n');
  assert.ok(!failed.ok && failed.unmatched.join(' ') === 'nosuchpkg other');
  const [problem] = parseDependencyProblems(' Problem: nothing provides libgone.so needed by tool-1.0-1.noarch\n  - conflicting requests');
  assert.deepEqual(problem!.unprovided, [{ requirement: 'libgone.so', requirer: 'tool' }]);
});

test('an install dnf refuses because of an exclusion names whose exclusion it was', () => {
  const ours = classifyFailure('install packages', DNF5_PROBLEM, [{ name: 'grub2-tools-minimal', source: WSL_TRANSFORM }]);
  assert.equal(ours.code, 'WSL_CONVERSION_BLOCKED');
  assert.match(ours.message, /The WSL conversion removed grub2-tools-minimal, which grubby requires/);
  assert.match(ours.hint!, /azl-wsl's, not the profile's/);
  const profiles = classifyFailure('install packages', DNF5_PROBLEM, [{ name: 'grub2-*', source: { file: 'teams/cloud/vm-base.xml', line: 12 } }]);
  assert.equal(profiles.code, 'PACKAGE_MANAGER_FAILED');
  assert.match(profiles.message, /The profile excludes grub2-tools-minimal, which grubby requires/);
  assert.match(profiles.hint!, /grub2-\* \(teams\/cloud\/vm-base\.xml:12\)/);
});
