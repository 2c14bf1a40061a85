import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeMemberHeader, paxRecord, endOfArchive } from '../../../../rootfs/archive/tar-header.js';
import { parseGetfattrOutput } from '../../../../rootfs/archive/read-xattrs.js';
import { archiveExtension } from '../../../../rootfs/archive/archive-format.js';

test('PAX record length counts its own digits and raw value bytes', () => {
  const value = Buffer.from([0x00, 0xff, 0x0a]);
  const record = paxRecord('SCHILY.xattr.security.capability', value);
  const length = Number(record.toString('latin1').split(' ')[0]);
  assert.equal(length, record.length);
  assert.deepEqual(record.subarray(record.length - 4, record.length - 1), value);
  // Crossing a digit boundary: a 94-byte body makes the record 100 (3 digits), not 99.
  const edge = paxRecord('k', Buffer.alloc(94 - 4, 0x61));
  assert.equal(Number(edge.toString('latin1').split(' ')[0]), edge.length);
});

test('mode 0000 and setuid survive in the ustar header; long names go to PAX', () => {
  const header = encodeMemberHeader({ name: './etc/secret', type: 'file', mode: 0, uid: 0, gid: 0, size: 3, mtime: 0 });
  assert.equal(header.length, 512);
  assert.equal(header.toString('latin1', 100, 107), '0000000');
  const suid = encodeMemberHeader({ name: './usr/bin/sudo', type: 'file', mode: 0o4755, uid: 0, gid: 0, size: 0, mtime: 0 });
  assert.equal(suid.toString('latin1', 100, 107), '0004755');
  const long = encodeMemberHeader({ name: './' + 'a'.repeat(200), type: 'file', mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0 });
  assert.equal(long.length, 512 * 3);
  assert.equal(String.fromCharCode(long[156]), 'x');
  assert.match(long.toString('latin1', 512, 1024), /^\d+ path=\.\/a{200}\n/);
});

test('end of archive pads to a whole 10 KiB record with at least two zero blocks', () => {
  assert.equal(endOfArchive(512).length, 10240 - 512);
  assert.equal(endOfArchive(9728).length, 10240 * 2 - 9728);
});

test('getfattr output parses into relative paths with raw values, escapes undone', () => {
  const output = Buffer.from(
    '# file: /r/usr/bin/ping\nsecurity.capability=0x0100000200200000000000000000000000000000\n\n' +
      '# file: /r/a/nl\\012x\nuser.y=0x00ff\nsystem.posix_acl_access=0x02\n\n# file: /r\nuser.root=0x01\n\n',
  );
  const parsed = parseGetfattrOutput(output, '/r');
  assert.equal(parsed.get('usr/bin/ping')?.get('security.capability')?.length, 20);
  assert.deepEqual(parsed.get('a/nl\nx')?.get('user.y'), Buffer.from([0x00, 0xff]));
  assert.equal(parsed.get('a/nl\nx')?.has('system.posix_acl_access'), false);
  assert.deepEqual(parsed.get('')?.get('user.root'), Buffer.from([1]));
});

test('archive extensions', () => {
  assert.equal(archiveExtension('wsl'), '.wsl');
  assert.equal(archiveExtension('tar.xz'), '.tar.xz');
});
