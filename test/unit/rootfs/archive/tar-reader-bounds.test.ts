// Bounded memory on hostile archives: extension headers claiming more than the cap are refused
// before a byte is buffered (by the image reader and the OCI layer reader alike), malformed PAX
// records are errors, and the OCI reader keeps the same caps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readTar, readTarStream } from '../../../../rootfs/archive/tar-reader.js';
import { MAX_EXTENSION_BYTES } from '../../../../rootfs/archive/tar-header-parser.js';
import { paxRecord } from '../../../../rootfs/archive/tar-header.js';
import { LayerReader } from '../../../../rootfs/oci/layer-reader.js';
import type { AzlError } from '../../../../common/errors.js';
import { archive, claimedPaxHeader, extension, member } from '../../../fixtures/hostile-archives.js';

const GIB = 1024 ** 3;

async function readAll(bytes: Buffer): Promise<string[]> {
  const paths: string[] = [];
  await readTarStream(Readable.from([bytes]), (entry) => void paths.push(entry.path));
  return paths;
}

const damaged = (pattern: RegExp) => (error: AzlError) => {
  assert.equal(error.code, 'ARCHIVE_INVALID', error.message);
  assert.match(error.message, pattern);
  return true;
};

test('a PAX header claiming 3 GiB or 5 GiB is refused before reading it (no out-of-range crash)', async () => {
  for (const claimed of [3 * GIB, 5 * GIB]) {
    await assert.rejects(readAll(claimedPaxHeader(claimed)), damaged(new RegExp(`PAX extended header claims ${claimed} bytes \\(at most ${MAX_EXTENSION_BYTES}`)));
  }
});

test('from a file too: a gzip archive whose PAX header claims 3 GiB', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-tar-bounds-'));
  try {
    const file = join(dir, 'bomb.wsl');
    await writeFile(file, gzipSync(claimedPaxHeader(3 * GIB)));
    await assert.rejects(readTar(file, () => undefined), damaged(/claims 3221225472 bytes/));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('GNU long names and link names over the cap are refused; at the cap they are read', async () => {
  const long = Buffer.alloc(MAX_EXTENSION_BYTES + 1, 'a');
  await assert.rejects(readAll(archive([extension('L', long), member({ name: 'x', type: 'file' })])), damaged(/GNU long name claims/));
  await assert.rejects(readAll(archive([extension('K', long), member({ name: 'x', type: 'symlink', linkName: 'y' })])), damaged(/GNU long link name claims/));
  const fits = Buffer.alloc(MAX_EXTENSION_BYTES - 1, 'b');
  const paths = await readAll(archive([extension('L', fits), member({ name: 'x', type: 'file' })]));
  assert.equal(paths[0].length, MAX_EXTENSION_BYTES - 1);
});

test('stacked PAX headers share one cap, and global headers have their own', async () => {
  const half = Buffer.concat([paxRecord('comment', Buffer.alloc(MAX_EXTENSION_BYTES / 2, 'c'))]);
  await assert.rejects(readAll(archive([extension('x', half), extension('x', half), extension('x', half), member({ name: 'x', type: 'file' })])), damaged(/extended headers of one member hold more than/));
  await assert.rejects(readAll(archive([extension('g', half), extension('g', half), extension('g', half), member({ name: 'x', type: 'file' })])), damaged(/global headers hold more than/));
});

test('malformed PAX records are errors, not silently ignored', async () => {
  const cases: Array<[string, Buffer]> = [
    ['a length longer than the header', Buffer.from('99 path=x\n')],
    ['a length that is not a number', Buffer.from('zz path=x\n')],
    ['no "="', Buffer.from('9 pathxx\n')],
    ['no final newline', Buffer.from('10 path=xy')],
    ['an empty key', Buffer.from('6 =ab\n')],
  ];
  for (const [what, body] of cases) {
    await assert.rejects(readAll(archive([extension('x', body), member({ name: 'x', type: 'file' })])), damaged(/PAX/), what);
  }
  await assert.rejects(readAll(archive([extension('x', paxRecord('size', Buffer.from('-5'))), member({ name: 'x', type: 'file' })])), damaged(/PAX size/));
  await assert.rejects(readAll(archive([extension('x', paxRecord('mtime', Buffer.from('soon'))), member({ name: 'x', type: 'file' })])), damaged(/PAX mtime/));
  // A well-formed one still works.
  assert.deepEqual(await readAll(archive([extension('x', paxRecord('path', Buffer.from('long/name'))), member({ name: 'x', type: 'file' })])), ['long/name']);
});

test('the OCI layer reader applies the same cap', async () => {
  const reader = new LayerReader(Readable.from([claimedPaxHeader(3 * GIB)])[Symbol.asyncIterator](), 'sha256:test');
  await assert.rejects(reader.next(), (error: Error) => /claims 3221225472 bytes/.test(error.message));
  const stacked = archive([extension('x', paxRecord('comment', Buffer.alloc(MAX_EXTENSION_BYTES / 2 + 10))), extension('x', paxRecord('comment', Buffer.alloc(MAX_EXTENSION_BYTES / 2 + 10))), member({ name: 'x', type: 'file' })]);
  const second = new LayerReader(Readable.from([stacked])[Symbol.asyncIterator](), 'sha256:test');
  await assert.rejects(second.next(), (error: Error) => /extension headers of one entry hold more than/.test(error.message));
});
