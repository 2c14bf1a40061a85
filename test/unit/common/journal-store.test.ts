// The crash-safe journal store: atomic records, locks refused while their process lives and
// taken over once it is gone, keys that can never be path tricks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JournalStore, journalFileKey, newJournalOwner, type JournalOwner } from '../../../common/journal-store.js';
import { withTempDir } from '../../support/temp-dir.js';

/** The pid of a process that has exited (what a kill -9 leaves in a journal). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function withStore(check: (store: JournalStore<{ step: string }>, dir: string) => Promise<void>): Promise<void> {
  return withTempDir('azl-journal-', (dir) => check(new JournalStore<{ step: string }>(join(dir, 'state'), 'install'), join(dir, 'state')));
}

test('keys: lower-cased, and dots, separators and other bytes encoded (no ".", "..", "/" or device tricks)', () => {
  assert.equal(journalFileKey('AzureLinux-Dev_2'), 'azurelinux-dev_2');
  assert.equal(journalFileKey('..'), '%2e%2e');
  assert.equal(journalFileKey('.'), '%2e');
  assert.equal(journalFileKey('a/b\\c'), 'a%2fb%5cc');
  assert.equal(journalFileKey('é'), '%c3%a9');
});

test('write, read, list and remove; a remove by another owner leaves the journal', () =>
  withStore(async (store, dir) => {
    const owner = newJournalOwner();
    assert.equal(await store.read('Dev'), undefined);
    await store.write('Dev', owner, { step: 'registering' });
    await store.write('Dev', owner, { step: 'registered' });
    const record = await store.read('dev');
    assert.equal(record?.data.step, 'registered');
    assert.equal(record?.owner.id, owner.id);
    assert.deepEqual((await store.list()).map((entry) => entry.key), ['Dev']);
    assert.deepEqual((await readdir(dir)).sort(), ['install-dev.json'], 'no temporary files are left');
    await store.remove('Dev', 'someone-else');
    assert.ok(await store.read('Dev'));
    await store.remove('Dev', owner.id);
    assert.equal(await store.read('Dev'), undefined);
  }));

test('a torn or foreign journal file reads as absent', () =>
  withStore(async (store, dir) => {
    await store.write('x', newJournalOwner(), { step: 'a' });
    await writeFile(join(dir, 'install-x.json'), '{"schemaVersion": 1, "kind": "install", "key": "x", "own');
    assert.equal(await store.read('x'), undefined);
    await writeFile(join(dir, 'install-x.json'), JSON.stringify({ schemaVersion: 1, kind: 'upgrade', key: 'x', owner: { pid: 1 } }));
    assert.equal(await store.read('x'), undefined);
  }));

test('a live holder keeps the lock (also against a second operation of the same process); release frees it', () =>
  withStore(async (store) => {
    const first = newJournalOwner();
    const second = newJournalOwner();
    const taken = await store.lock('Dev', first);
    assert.equal(taken.acquired, true);
    const refused = await store.lock('DEV', second);
    assert.equal(refused.acquired, false);
    assert.equal(!refused.acquired && refused.holder.id, first.id);
    if (taken.acquired) await taken.lock.release();
    const again = await store.lock('Dev', second);
    assert.equal(again.acquired, true);
    if (again.acquired) await again.lock.release();
  }));

test('a lock whose process is gone is taken over; the stale holder cannot release the new lock', () =>
  withStore(async (store, dir) => {
    const stale: JournalOwner = { pid: deadPid(), id: 'stale', startedAt: '2020-01-01T00:00:00.000Z' };
    await store.write('Dev', stale, { step: 'x' }); // makes the folder
    await writeFile(join(dir, 'install-dev.lock'), JSON.stringify(stale));
    const owner = newJournalOwner();
    const taken = await store.lock('Dev', owner);
    assert.equal(taken.acquired, true, 'the stale lock was taken over');
    const refused = await store.lock('Dev', newJournalOwner());
    assert.equal(refused.acquired, false, 'the new lock holds');
    if (taken.acquired) await taken.lock.release();
    assert.deepEqual((await readdir(dir)).sort(), ['install-dev.json'], 'no lock or temporary file is left');
  }));
