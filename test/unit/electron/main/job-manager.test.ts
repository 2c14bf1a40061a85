import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobManager } from '../../../../electron/main/job-manager.js';
import type { JobInfo, JobLogLine } from '../../../../electron/contract/api.js';
import { AzlError, cancelledError } from '../../../../common/errors.js';
import { waitFor } from '../../../support/wait-for.js';

function manager() {
  const updates: JobInfo[] = [];
  const logs: JobLogLine[][] = [];
  const finished: JobInfo[] = [];
  const jobs = new JobManager({ onUpdate: (job) => updates.push(job), onLog: (lines) => logs.push(lines), onFinished: (job) => finished.push(job) });
  return { jobs, updates, logs, finished };
}

test('a burst of progress events reaches the renderer as a few updates, and the final state always arrives', async () => {
  const { jobs, updates, logs, finished } = manager();
  const job = jobs.start('build', 'Build test', async ({ onProgress }) => {
    for (let i = 0; i <= 1000; i++) onProgress({ kind: 'step', step: 'install', label: 'Installing packages', fraction: i / 1000 });
    onProgress({ kind: 'log', step: 'install', stream: 'stdout', text: 'Installing : bash 1/2' });
    // Work on until the throttle has sent the burst (polling for it: no fixed sleep).
    await waitFor('the burst to be sent', () => updates.length > 0 && logs.length > 0);
    onProgress({ kind: 'step-done', step: 'install', label: 'Installing packages', elapsedMs: 1200 });
    return { distro: 'X' };
  });
  assert.equal(job.state, 'running');
  const done = await jobs.settled(job.id);
  assert.equal(done?.state, 'succeeded');
  assert.ok(updates.length <= 3, `1000 events became ${updates.length} updates`);
  const last = updates.at(-1)!;
  assert.equal(last.state, 'succeeded');
  assert.deepEqual(last.steps.map((s) => [s.step, s.done, s.fraction]), [['install', true, 1]]);
  assert.ok(logs.flat().some((line) => line.text === 'Installing : bash 1/2'));
  assert.deepEqual(jobs.log(job.id)?.map((line) => line.text).includes('Installing : bash 1/2'), true);
  assert.equal(finished.length, 1);
});

test('cancel aborts the work through its signal and the job ends as cancelled, not failed', async () => {
  const { jobs, updates } = manager();
  let sawAbort = false;
  const job = jobs.start('build', 'Build', ({ signal }) =>
    new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        sawAbort = true;
        reject(cancelledError('The build'));
      });
    }),
  );
  assert.equal(jobs.cancel(job.id), true);
  const done = await jobs.settled(job.id);
  assert.equal(sawAbort, true);
  assert.equal(done?.state, 'cancelled');
  assert.equal(done?.error?.code, 'CANCELLED');
  assert.equal(updates.at(-1)?.state, 'cancelled');
  assert.equal(jobs.cancel('no-such-job'), false);
});

test('a failing job carries the engine error as data and logs its sentence', async () => {
  const { jobs } = manager();
  const job = jobs.start('install', 'Install', async () => {
    throw new AzlError('DISTRO_EXISTS', 'A distribution named "X" is already installed.', { hint: 'Choose another name.' });
  });
  const done = await jobs.settled(job.id);
  assert.equal(done?.state, 'failed');
  assert.deepEqual(done?.error, { code: 'DISTRO_EXISTS', message: 'A distribution named "X" is already installed.', hint: 'Choose another name.' });
  assert.ok(jobs.log(job.id)?.some((line) => line.stream === 'stderr' && line.text.includes('already installed')));
});

test('dispose cancels running jobs and waits for them', async () => {
  const { jobs } = manager();
  let cleaned = false;
  const job = jobs.start('build', 'Build', ({ signal }) =>
    // The work cleans up after a turn of the event loop, as an engine removing its partial output would.
    new Promise((_resolve, reject) => signal.addEventListener('abort', () => setImmediate(() => { cleaned = true; reject(cancelledError()); }))),
  );
  await jobs.dispose();
  assert.equal(cleaned, true);
  assert.equal(jobs.get(job.id)?.state, 'cancelled');
});
