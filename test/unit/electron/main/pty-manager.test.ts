import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PtyManager, HIGH_WATERMARK_CHARS, BATCH_MAX_CHARS, type PtyProcess, type PtySpawn } from '../../../../electron/main/pty-manager.js';
import type { PtyData, PtyExit } from '../../../../electron/contract/api.js';
import { waitFor } from '../../../support/wait-for.js';

/** A scriptable pty: the test pushes output and exits, and sees writes, resizes, pauses and kills. */
class FakePty implements PtyProcess {
  dataListeners: Array<(data: string | Buffer) => void> = [];
  exitListeners: Array<(event: { exitCode: number }) => void> = [];
  writes: string[] = [];
  resizes: Array<[number, number]> = [];
  paused = false;
  pauses = 0;
  resumes = 0;
  killed = false;
  onData(listener: (data: string | Buffer) => void) {
    this.dataListeners.push(listener);
    return { dispose: () => (this.dataListeners = this.dataListeners.filter((l) => l !== listener)) };
  }
  onExit(listener: (event: { exitCode: number }) => void) {
    this.exitListeners.push(listener);
    return { dispose: () => (this.exitListeners = this.exitListeners.filter((l) => l !== listener)) };
  }
  emit(data: string | Buffer) {
    for (const listener of this.dataListeners) listener(data);
  }
  exit(exitCode: number) {
    for (const listener of this.exitListeners) listener({ exitCode });
  }
  write(data: string) { this.writes.push(data); }
  resize(cols: number, rows: number) { this.resizes.push([cols, rows]); }
  pause() { this.paused = true; this.pauses++; }
  resume() { this.paused = false; this.resumes++; }
  kill() { this.killed = true; }
}

function setup() {
  const ptys: FakePty[] = [];
  const spawned: Array<{ file: string; args: string[]; cols: number; rows: number }> = [];
  const spawn: PtySpawn = (file, args, options) => {
    const pty = new FakePty();
    ptys.push(pty);
    spawned.push({ file, args, cols: options.cols, rows: options.rows });
    return pty;
  };
  const data: Array<{ owner: string } & PtyData> = [];
  const exits: Array<{ owner: string } & PtyExit> = [];
  const manager = new PtyManager({
    spawn,
    wslPath: '/sim/wsl.exe',
    env: {},
    sink: { data: (owner, payload) => data.push({ owner, ...payload }), exit: (owner, payload) => exits.push({ owner, ...payload }) },
  });
  return { manager, ptys, spawned, data, exits };
}

test('opens wsl.exe -d NAME for its window and routes output only to that window', async () => {
  const { manager, ptys, spawned, data } = setup();
  const id = manager.open('window-1', { distro: 'AzureLinux-Dev', cols: 100, rows: 30 });
  assert.deepEqual(spawned, [{ file: '/sim/wsl.exe', args: ['-d', 'AzureLinux-Dev'], cols: 100, rows: 30 }]);
  ptys[0]!.emit('hello ');
  ptys[0]!.emit('world');
  await waitFor('the batch to be sent', () => data.length > 0);
  assert.deepEqual(data, [{ owner: 'window-1', id, data: 'hello world' }]);
  manager.dispose();
});

test('a UTF-8 character split across two reads arrives whole', async () => {
  const { manager, ptys, data } = setup();
  manager.open('w', { distro: 'X', cols: 80, rows: 24 });
  const bytes = Buffer.from('é✓', 'utf8');
  ptys[0]!.emit(bytes.subarray(0, 1));
  ptys[0]!.emit(bytes.subarray(1));
  await waitFor('the batch to be sent', () => data.length > 0);
  assert.equal(data.map((d) => d.data).join(''), 'é✓');
  assert.ok(!data.some((d) => d.data.includes('\ufffd')));
  manager.dispose();
});

test('a burst larger than one batch is sent in several messages without waiting for the timer', () => {
  const { manager, ptys, data } = setup();
  manager.open('w', { distro: 'X', cols: 80, rows: 24 });
  ptys[0]!.emit('x'.repeat(BATCH_MAX_CHARS + 10));
  assert.equal(data.length, 1);
  assert.equal(data[0]!.data.length, BATCH_MAX_CHARS + 10);
  manager.dispose();
});

test('flow control pauses the pty when the renderer falls behind and resumes when it catches up', () => {
  const { manager, ptys } = setup();
  const id = manager.open('w', { distro: 'X', cols: 80, rows: 24 });
  const pty = ptys[0]!;
  // Two full batches put the renderer past the high watermark.
  const sent = 2 * BATCH_MAX_CHARS;
  assert.ok(sent > HIGH_WATERMARK_CHARS);
  pty.emit('y'.repeat(BATCH_MAX_CHARS));
  pty.emit('y'.repeat(BATCH_MAX_CHARS));
  assert.equal(pty.paused, true);
  manager.acknowledge('w', id, sent - 10_000);
  assert.equal(pty.paused, true, 'still 10k behind: stays paused');
  manager.acknowledge('w', id, 9_000);
  assert.equal(pty.paused, false);
  assert.equal(pty.resumes, 1);
  manager.dispose();
});

test('resizes are debounced to the last size and clamped to at least 1x1', async () => {
  const { manager, ptys } = setup();
  const id = manager.open('w', { distro: 'X', cols: 80, rows: 24 });
  manager.resize('w', id, 90, 30);
  manager.resize('w', id, 100, 40);
  manager.resize('w', id, 0, 0);
  await waitFor('the debounced resize', () => ptys[0]!.resizes.length > 0);
  assert.deepEqual(ptys[0]!.resizes, [[1, 1]]);
  manager.dispose();
});

test('exit is reported after the remaining output, and the pty is forgotten', async () => {
  const { manager, ptys, data, exits } = setup();
  const id = manager.open('w', { distro: 'X', cols: 80, rows: 24 });
  ptys[0]!.exit(3);
  ptys[0]!.emit('last words');
  await waitFor('the exit to be reported', () => exits.length > 0);
  assert.equal(data.at(-1)?.data, 'last words');
  assert.deepEqual(exits, [{ owner: 'w', id, exitCode: 3 }]);
  assert.deepEqual(manager.idsOf('w'), []);
});

test('another window cannot write to, resize or close a terminal it does not own', () => {
  const { manager, ptys } = setup();
  const id = manager.open('window-1', { distro: 'X', cols: 80, rows: 24 });
  assert.throws(() => manager.write('window-2', id, 'rm -rf ~\r'), { code: 'NOT_FOUND' });
  assert.throws(() => manager.close('window-2', id), { code: 'NOT_FOUND' });
  assert.deepEqual(ptys[0]!.writes, []);
  manager.write('window-1', id, 'id\r');
  assert.deepEqual(ptys[0]!.writes, ['id\r']);
  manager.dispose();
});

test('closing a window kills its terminals and leaves the other windows alone', () => {
  const { manager, ptys } = setup();
  manager.open('window-1', { distro: 'X', cols: 80, rows: 24 });
  manager.open('window-1', { distro: 'Y', cols: 80, rows: 24 });
  manager.open('window-2', { distro: 'X', cols: 80, rows: 24 });
  manager.disposeOwner('window-1');
  assert.deepEqual(ptys.map((pty) => pty.killed), [true, true, false]);
  assert.equal(manager.idsOf('window-2').length, 1);
  manager.dispose();
});
