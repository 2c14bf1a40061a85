// Where a relative symlink target ends up: above the root is an escape, anything else is fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { climbsAboveRoot, MemberRules } from '../../../../rootfs/validate/member-rules.js';
import type { TarEntry } from '../../../../rootfs/archive/tar-reader.js';

test('relative targets climbing above the root, and those that stay inside', () => {
  assert.equal(climbsAboveRoot('etc/x', '../usr/lib/x'), false);
  assert.equal(climbsAboveRoot('etc/x', '../../x'), true);
  assert.equal(climbsAboveRoot('x', '../x'), true);
  assert.equal(climbsAboveRoot('usr/lib/a/b', '../../../etc'), false);
  assert.equal(climbsAboveRoot('usr/lib/a/b', './../../../../etc'), true);
  assert.equal(climbsAboveRoot('etc/x', '/etc/y'), false);
  assert.equal(climbsAboveRoot('etc/x', 'a/../../..'), true);
});

const entry = (path: string, type: TarEntry['type'], linkTarget?: string): TarEntry => ({ path, type, mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, xattrs: {}, linkTarget });

test('a symlink replaced by a directory is no longer written through; only the first problems of a rule keep their text', () => {
  const rules = new MemberRules();
  rules.check(entry('opt', 'symlink', '/'));
  rules.check(entry('opt', 'directory'));
  rules.check(entry('opt/app', 'file'));
  assert.deepEqual(rules.problems, []);
  for (let i = 0; i < 15; i++) rules.check(entry(`tmp/p${i}`, 'fifo'));
  assert.equal(rules.problems.length, 10);
  assert.equal(rules.counts.get('member-device'), 15);
});
