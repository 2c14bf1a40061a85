import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProgram, runChecked } from '../../../common/run-program.js';
import { AzlError } from '../../../common/errors.js';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../support/wait-for.js';

test('resolves with the exit code and output of a failing program', async () => {
  const result = await runProgram('sh', ['-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(result.exitCode, 3);
  assert.equal(result.stdout.toString(), 'out\n');
  assert.equal(result.stderr.toString(), 'err\n');
});

test('passes stdin to the program and arguments without a shell', async () => {
  const result = await runProgram('cat', [], { stdin: 'secret; $(id)\n' });
  assert.equal(result.stdout.toString(), 'secret; $(id)\n');
  const echoed = await runProgram('printf', ['%s', '$(id) `id` ; id']);
  assert.equal(echoed.stdout.toString(), '$(id) `id` ; id');
});

test('a missing program is a PROGRAM_MISSING error with a next step', async () => {
  await assert.rejects(runProgram('definitely-not-a-program-azl', []), (error: unknown) => {
    assert.ok(error instanceof AzlError);
    assert.equal(error.code, 'PROGRAM_MISSING');
    assert.ok(error.hint);
    return true;
  });
});

/** True while `pid` runs; a zombie (killed, not yet reaped by a PID 1 that may never reap) counts as gone. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

test('abort kills the whole process group, grandchildren included', async () => {
  const controller = new AbortController();
  const dir = await mkdtemp(join(tmpdir(), 'azl-abort-'));
  try {
    const pidFile = join(dir, 'grandchild.pid');
    // The grandchild outlives the test by far unless the abort kills it.
    const program = runProgram('sh', ['-c', `sleep 600 & echo $! > ${pidFile}; wait`], { signal: controller.signal });
    const grandchild = await waitFor('the grandchild to start', () => readFile(pidFile, 'utf8').then((text) => Number(text.trim()) || undefined, () => undefined));
    assert.ok(running(grandchild));
    controller.abort();
    await assert.rejects(program, (error: unknown) => error instanceof AzlError && error.code === 'CANCELLED');
    await waitFor('the grandchild to be killed', () => !running(grandchild), 10_000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('runChecked includes the program output in the error detail', async () => {
  await assert.rejects(runChecked('sh', ['-c', 'echo broken-thing >&2; exit 1'], { name: 'probe' }), (error: unknown) => {
    assert.ok(error instanceof AzlError);
    assert.match(error.message, /probe failed with exit code 1/);
    assert.match(error.detail ?? '', /broken-thing/);
    return true;
  });
});

test('onLine gets whole lines: one longer than a pipe read is one line, and the last line without a newline is kept', async () => {
  const lines: Array<[string, string]> = [];
  const chunks: number[] = [];
  // 200 000 bytes cannot arrive in one read (a pipe holds 64 KiB), so the first line straddles several.
  await runProgram('sh', ['-c', "head -c 200000 /dev/zero | tr '\\0' x; printf '\\nlast words'; printf 'err\\r\\n' >&2"], {
    onStdout: (chunk) => chunks.push(chunk.length),
    onLine: (line, stream) => lines.push([stream, line.length > 100 ? `${line[0]}×${line.length}` : line]),
  });
  assert.ok(chunks.length > 1, 'the output came in several reads');
  assert.deepEqual(lines.filter(([stream]) => stream === 'stdout'), [['stdout', 'x×200000'], ['stdout', 'last words']]);
  assert.deepEqual(lines.filter(([stream]) => stream === 'stderr'), [['stderr', 'err']]);
});
