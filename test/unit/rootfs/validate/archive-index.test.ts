// The archive index's memory bounds: a member list past its budget is a clear error, and kept
// contents past theirs are fetched on demand instead of held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { indexArchive, loadContents, resolveInArchive } from '../../../../rootfs/validate/archive-index.js';
import type { AzlError } from '../../../../common/errors.js';
import { archive, member } from '../../../fixtures/hostile-archives.js';
import { withTempDir } from '../../../support/temp-dir.js';

function withFile(bytes: Buffer, check: (file: string) => Promise<void>): Promise<void> {
  return withTempDir('azl-index-', async (dir) => {
    const file = join(dir, 'image.wsl');
    await writeFile(file, gzipSync(bytes));
    await check(file);
  });
}

test('millions of tiny members (here: a small budget) end in a clear error, not in exhausted memory', () =>
  withFile(archive(Array.from({ length: 2000 }, (_, i) => member({ name: `./d/f${i}`, type: 'file' }))), async (file) => {
    await assert.rejects(indexArchive(file, undefined, { maxIndexBytes: 100 * 1024 }), (error: AzlError) => {
      assert.equal(error.code, 'ARCHIVE_INVALID');
      assert.match(error.message, /too large to check: its list of members passed 0\.10 MiB after \d+ members/);
      return true;
    });
    assert.equal((await indexArchive(file)).entries.size, 2000, 'the default budget holds it');
  }));

test('kept contents stop at their budget; a file past it is read by a second pass when needed', () => {
  const big = Buffer.alloc(1024 * 1024 - 1, 'x'); // just under the per-file limit
  const parts = Array.from({ length: 17 }, (_, i) => member({ name: `./etc/filler-${i}`, type: 'file' }, big));
  parts.push(member({ name: './etc/passwd', type: 'file' }, Buffer.from('root:x:0:0:root:/root:/bin/sh\n')));
  return withFile(archive(parts), async (file) => {
    const index = await indexArchive(file);
    assert.ok(index.keptBytes <= 16 * 1024 * 1024);
    assert.equal(resolveInArchive(index, '/etc/passwd')?.item?.content, undefined, 'not kept: over the budget');
    await loadContents(index, file, ['/etc/passwd']);
    assert.equal(resolveInArchive(index, '/etc/passwd')?.item?.content?.toString(), 'root:x:0:0:root:/root:/bin/sh\n');
  });
});
