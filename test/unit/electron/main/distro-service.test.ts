import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistroService } from '../../../../electron/main/distro-service.js';
import { InstallRecords } from '../../../../electron/main/install-records.js';
import { JobManager } from '../../../../electron/main/job-manager.js';
import type { DistroInfo } from '../../../../electron/contract/api.js';
import { waitFor } from '../../../support/wait-for.js';

/**
 * A stand-in wsl.exe: prints the `-l -v` table kept in $DIR/list, logs every call, fails while
 * $DIR/fail exists, and (while $DIR/gate exists) holds its answer until $DIR/go appears — after
 * it has read the table, so a test can change the truth while a read is in flight.
 */
const FAKE_WSL = `#!/bin/sh
[ -f "$FAKE_WSL_DIR/fail" ] && exit 1
out=$(cat "$FAKE_WSL_DIR/list")
# Logged once the table is read, so a test that sees the call knows what it will answer.
echo "$*" >> "$FAKE_WSL_DIR/calls"
case "$1" in
  -l)
    if [ -f "$FAKE_WSL_DIR/gate" ]; then while [ ! -f "$FAKE_WSL_DIR/go" ]; do sleep 0.01; done; fi
    printf '  NAME STATE VERSION\\n%s\\n' "$out";;
esac
exit 0
`;

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'azl-distro-service-'));
  const wslPath = join(dir, 'wsl.exe');
  await writeFile(wslPath, FAKE_WSL);
  await chmod(wslPath, 0o755);
  const pushed: DistroInfo[][] = [];
  const failures: unknown[] = [];
  const setList = (rows: string[]) => writeFile(join(dir, 'list'), rows.join('\n'));
  await setList(['* Alpha Running 2']);
  const service = new DistroService({
    wsl: { wslPath, env: { FAKE_WSL_DIR: dir } },
    records: new InstallRecords(join(dir, 'records.json')),
    distroLocations: { list: async () => [] },
    platform: 'linux',
    onListChanged: (list) => pushed.push(list),
    onRefreshFailed: (error) => failures.push(error),
    jobs: new JobManager({ onUpdate: () => {}, onLog: () => {} }),
    exportDir: () => join(dir, 'exports'),
  });
  const listCalls = async () => (await readFile(join(dir, 'calls'), 'utf8').catch(() => '')).split('\n').filter((line) => line.startsWith('-l -v')).length;
  const names = (list: DistroInfo[]) => list.map((distro) => `${distro.name}:${distro.state}`);
  return { dir, service, pushed, failures, setList, listCalls, names, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

test('the first list reads wsl.exe; later lists answer from main\'s snapshot without starting it again', async () => {
  const t = await setup();
  try {
    assert.deepEqual(t.names(await t.service.list()), ['Alpha:Running']);
    assert.deepEqual(t.names(await t.service.list()), ['Alpha:Running']);
    assert.equal(await t.listCalls(), 1);
    assert.equal(t.pushed.length, 1, 'the first list is pushed too');
  } finally {
    await t.cleanup();
  }
});

test('a stale snapshot is replaced by the next refresh, which pushes the new list once', async () => {
  const t = await setup();
  try {
    await t.service.list();
    // Changed outside the app (wsl.exe in a console).
    await t.setList(['* Alpha Stopped 2', '  Beta Running 2']);
    assert.deepEqual(t.names(await t.service.list()), ['Alpha:Running'], 'the snapshot until a refresh');
    assert.deepEqual(t.names(await t.service.refresh()), ['Alpha:Stopped', 'Beta:Running']);
    assert.deepEqual(t.names(await t.service.list()), ['Alpha:Stopped', 'Beta:Running']);
    assert.deepEqual(t.names(t.pushed.at(-1)!), ['Alpha:Stopped', 'Beta:Running']);
    const pushes = t.pushed.length;
    await t.service.refresh();
    assert.equal(t.pushed.length, pushes, 'an unchanged list is not pushed again');
  } finally {
    await t.cleanup();
  }
});

test('a refresh asked for while a read is in flight gets a read that starts after it, shared by every such caller', async () => {
  const t = await setup();
  try {
    await t.service.list();
    await writeFile(join(t.dir, 'gate'), '');
    const first = t.service.refresh();
    await waitFor('the in-flight read to take the old table', async () => (await t.listCalls()) === 2);
    await t.setList(['  Gamma Stopped 2']);
    const second = t.service.refresh();
    const third = t.service.refresh();
    await writeFile(join(t.dir, 'go'), '');
    assert.deepEqual(t.names(await first), ['Alpha:Running'], 'the read in flight saw the old truth');
    assert.deepEqual(t.names(await second), ['Gamma:Stopped']);
    assert.deepEqual(t.names(await third), ['Gamma:Stopped']);
    assert.deepEqual(t.names(await t.service.list()), ['Gamma:Stopped']);
    assert.equal(await t.listCalls(), 3, 'one initial read, the one in flight, one shared follow-up');
  } finally {
    await t.cleanup();
  }
});

test('after an action the list already shows its effect; a failed background refresh keeps the last list and says why', async () => {
  const t = await setup();
  try {
    await t.service.list();
    await t.setList(['* Alpha Stopped 2']);
    await t.service.terminate('Alpha');
    assert.deepEqual(t.names(await t.service.list()), ['Alpha:Stopped']);

    await writeFile(join(t.dir, 'fail'), '');
    t.service.refreshInBackground();
    await waitFor('the background refresh to fail', () => t.failures.length === 1);
    assert.deepEqual(t.names(await t.service.list()), ['Alpha:Stopped']);
    await assert.rejects(t.service.refresh(), 'an explicit refresh reports the failure');
  } finally {
    await t.cleanup();
  }
});
