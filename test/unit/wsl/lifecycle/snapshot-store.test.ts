import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAzlError } from '../../../../common/errors.js';
import { newSnapshotId, SnapshotStore, type SnapshotInfo } from '../../../../wsl/lifecycle/snapshot-store.js';

function info(distro: string, id: string, createdAt: string): SnapshotInfo {
  return { schemaVersion: 1, id, distro, createdAt, reason: 'manual', format: 'tar', file: `${id}.tar`, sizeBytes: 1, sha256: 'a'.repeat(64), wasDefault: false };
}

test('snapshots are listed newest first per distribution, pruned to KEEP, and leftovers of an interrupted snapshot go', async () => {
  const root = await mkdtemp(join(tmpdir(), 'azl-snaps-'));
  try {
    const store = new SnapshotStore(root);
    const ids = ['20260101-100000-aaaa', '20260102-100000-bbbb', '20260103-100000-cccc'];
    for (const [index, id] of ids.entries()) {
      const record = info('Dev', id, `2026-01-0${index + 1}T10:00:00.000Z`);
      await mkdir(store.folder('Dev'), { recursive: true });
      await writeFile(store.dataFile(record), 'data');
      await store.save(record);
    }
    const other = info('Other', '20260105-100000-dddd', '2026-01-05T10:00:00.000Z');
    await mkdir(store.folder('Other'), { recursive: true });
    await writeFile(store.dataFile(other), 'data');
    await store.save(other);
    // An interrupted snapshot: data without a record, and a partial file of a dead process.
    await writeFile(join(store.folder('Dev'), '20260104-100000-eeee.tar'), 'orphan');
    await writeFile(join(store.folder('Dev'), '20260104-110000-ffff.tar.partial-999999999'), 'partial');

    assert.deepEqual((await store.list('dev')).map((item) => item.id), [...ids].reverse(), 'the name compares case-insensitively');
    assert.deepEqual((await store.list()).map((item) => item.id)[0], other.id);
    assert.equal((await store.get(ids[0], 'Dev')).createdAt, '2026-01-01T10:00:00.000Z');
    await assert.rejects(store.get('20990101-000000-0000'), (error) => isAzlError(error) && error.code === 'SNAPSHOT_NOT_FOUND');
    await assert.rejects(store.get('../../etc/passwd'), (error) => isAzlError(error) && error.code === 'SNAPSHOT_NOT_FOUND');

    const removed = await store.prune(1, 'Dev');
    assert.deepEqual(removed.map((item) => item.id).sort(), ids.slice(0, 2));
    assert.deepEqual((await readdir(store.folder('Dev'))).sort(), [`${ids[2]}.json`, `${ids[2]}.tar`]);
    assert.equal((await store.list('Other')).length, 1, 'other distributions are untouched');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('snapshot ids sort by time and are unique', () => {
  const id = newSnapshotId(new Date('2026-12-02T17:59:16.123Z'));
  assert.match(id, /^20261202-175916-[0-9a-f]{4}$/);
  assert.notEqual(newSnapshotId(), newSnapshotId());
});
