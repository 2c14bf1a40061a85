import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AzlError } from '../../../common/errors.js';
import { programRunner, startProgramCall } from '../../../common/program-runner.js';

/** A stand-in program: sh, with a table of the failures it can print. */
const runSh = programRunner({
  program: 'sh',
  knownErrors: { LOCKED: /database is locked/, MISSING: /no such package/ },
  environment: () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', FROM_DEFINITION: 'yes' }),
});

test('success is the call’s exit codes; a known failure the call expects is returned, anything else thrown with the output', async () => {
  const ok = await runSh(['-c', 'echo fine'], { name: 'probe' });
  assert.equal(ok.succeeded, true);
  assert.equal(ok.knownError, undefined);
  assert.equal((await runSh(['-c', 'exit 1'], { name: 'diff', successExitCodes: [0, 1] })).succeeded, true);

  const expected = await runSh(['-c', 'echo "error: no such package foo" >&2; exit 2'], { name: 'probe', expectedErrors: ['MISSING'] });
  assert.equal(expected.succeeded, false);
  assert.equal(expected.knownError, 'MISSING');
  assert.equal(expected.output, 'error: no such package foo');

  await assert.rejects(runSh(['-c', 'echo "database is locked" >&2; exit 2'], { name: 'probe', expectedErrors: ['MISSING'] }), (error: unknown) => {
    assert.ok(error instanceof AzlError);
    assert.equal(error.code, 'PROGRAM_FAILED');
    assert.match(error.message, /probe failed with exit code 2/);
    assert.match(error.detail ?? '', /database is locked/);
    return true;
  });
  await assert.rejects(
    runSh(['-c', 'exit 3'], { name: 'probe', failure: (result) => new AzlError('PACKAGE_MANAGER_FAILED', `exit ${result.exitCode}`) }),
    (error: unknown) => error instanceof AzlError && error.code === 'PACKAGE_MANAGER_FAILED' && error.message === 'exit 3',
  );
});

test('every call gets the definition’s environment, plus what the call adds; nothing else leaks in', async () => {
  process.env.AZL_TEST_LEAK = 'leaked';
  try {
    const result = await runSh(['-c', 'echo "$FROM_DEFINITION/$FROM_CALL/${AZL_TEST_LEAK:-none}"'], { name: 'env', extraEnv: { FROM_CALL: 'call' } });
    assert.equal(result.stdout.toString().trim(), 'yes/call/none');
  } finally {
    delete process.env.AZL_TEST_LEAK;
  }
});

test('a missing program says what it is for and what to install; a streaming call fails on its exit code with stderr', async () => {
  const missing = programRunner({ program: 'azl-no-such-program', knownErrors: {}, missingMessage: 'The frobnicator is needed to frob.', missingHint: 'Install frob.' });
  await assert.rejects(missing([], { name: 'frob' }), (error: unknown) => error instanceof AzlError && error.code === 'PROGRAM_MISSING' && error.message === 'The frobnicator is needed to frob.' && error.hint === 'Install frob.');
  const started = startProgramCall({ program: 'sh' }, ['-c', 'cat >/dev/null; echo "bad block" >&2; exit 5'], { name: 'decompress' });
  started.stdin!.end('data');
  await assert.rejects(started.done, (error: unknown) => error instanceof AzlError && error.code === 'PROGRAM_FAILED' && /decompress failed with exit code 5/.test(error.message) && /bad block/.test(error.detail ?? ''));
});
