import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayCloseWindow, type CloseQuestion } from '../../../../electron/main/close-guard.js';
import { JobManager } from '../../../../electron/main/job-manager.js';

function jobsWithOneRunning() {
  const jobs = new JobManager({ onUpdate: () => {}, onLog: () => {}, onFinished: () => {} });
  let aborted = false;
  const job = jobs.start('build', 'Build Azure Linux 4.0', ({ signal }) =>
    new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        aborted = true;
        reject(signal.reason);
      });
    }),
  );
  return { jobs, job, wasAborted: () => aborted };
}

test('closing while a build runs asks; "Keep working" (or Escape) keeps the window and the job', async () => {
  const { jobs, job, wasAborted } = jobsWithOneRunning();
  const asked: CloseQuestion[] = [];
  assert.equal(mayCloseWindow(jobs, (question) => (asked.push(question), 0)), false);
  assert.equal(asked.length, 1);
  assert.match(asked[0]!.message, /"Build Azure Linux 4.0" is still running/);
  assert.deepEqual(asked[0]!.buttons, ['Keep working', 'Cancel the job and close']);
  assert.equal(asked[0]!.cancelId, 0, 'Escape keeps working');
  assert.equal(jobs.get(job.id)?.state, 'running');
  assert.equal(wasAborted(), false);
  jobs.cancel(job.id);
  await jobs.settled(job.id);
});

test('choosing "Cancel the job and close" cancels the running job and lets the window close', async () => {
  const { jobs, job, wasAborted } = jobsWithOneRunning();
  assert.equal(mayCloseWindow(jobs, () => 1), true);
  assert.equal(wasAborted(), true);
  assert.equal((await jobs.settled(job.id))?.state, 'cancelled');
});

test('with no job running in main the window closes without a question, even if the page thought otherwise', async () => {
  const { jobs, job } = jobsWithOneRunning();
  jobs.cancel(job.id);
  await jobs.settled(job.id);
  let asked = false;
  assert.equal(mayCloseWindow(jobs, () => ((asked = true), 0)), true);
  assert.equal(asked, false);
});
