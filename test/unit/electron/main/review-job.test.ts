import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiClient } from '../../../../electron/main/api-router.js';
import type { JobInfo, JobLogLine } from '../../../../electron/contract/api.js';
import type { EventChannel, EventMap } from '../../../../electron/contract/channels.js';
import type { BuildExecutor, ResolveRequest } from '../../../../rootfs/executor/build-executor.js';
import type { WorkOptions } from '../../../../common/progress.js';
import { cancelledError } from '../../../../common/errors.js';
import { fakeResolution } from './fake-resolution.js';
import { offlineServices } from './offline-services.js';

const profilesDir = fileURLToPath(new URL('../../../../rootfs/samples', import.meta.url));


/**
 * A builder-like executor: reports half of "Creating the WSL builder", then waits until the
 * test releases it (or the signal aborts it, as a killed wsl.exe would).
 */
function gatedExecutor() {
  const calls: Array<{ request: ResolveRequest; options: WorkOptions }> = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const executor: BuildExecutor = {
    kind: 'wsl-distro',
    description: 'WSL distro azl-wsl-builder-4.0',
    build: () => Promise.reject(new Error('a review never builds')),
    async resolve(request, options = {}) {
      calls.push({ request, options });
      options.onProgress?.({ kind: 'step', step: 'builder', label: 'Creating the WSL builder', fraction: 0.5, detail: 'pulling the base image' });
      options.onProgress?.({ kind: 'log', step: 'builder', stream: 'stdout', text: 'Copying blob 1/3' });
      await new Promise<void>((resolve, reject) => {
        options.signal?.addEventListener('abort', () => reject(cancelledError('Creating the WSL builder')));
        void gate.then(resolve);
      });
      options.onProgress?.({ kind: 'step-done', step: 'builder', label: 'Creating the WSL builder', elapsedMs: 90_000 });
      return fakeResolution(request);
    },
  };
  return { executor, calls, release: () => release() };
}

/** The real composition root with the fake executor, and one connected client recording what it is sent. */
async function app(executor: BuildExecutor) {
  const dataDir = await mkdtemp(join(tmpdir(), 'azl-review-job-'));
  const services = offlineServices(dataDir, { dataDir, outputDir: join(dataDir, 'images'), profilesDir, executor: async () => executor, gpgCheck: false });
  const updates: JobInfo[] = [];
  const logs: JobLogLine[] = [];
  const waiters: Array<() => void> = [];
  const client: ApiClient = {
    id: 'window-1',
    send<K extends EventChannel>(channel: K, payload: EventMap[K]) {
      if (channel === 'jobs.update') updates.push(payload as JobInfo);
      if (channel === 'jobs.log') logs.push(...(payload as JobLogLine[]));
      for (const wake of waiters.splice(0)) wake();
    },
  };
  services.router.connect(client);
  /** Resolves once an event satisfies `done` (no clock: it waits for the event itself). */
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return {
    services,
    client,
    updates,
    logs,
    until,
    async close() {
      await services.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

test('a review runs as a job: its progress and log reach the window while it runs, and the finished job carries the plan and parity', { timeout: 20_000 }, async () => {
  const { executor, calls, release } = gatedExecutor();
  const host = await app(executor);
  try {
    const started = await host.services.router.call(host.client, 'builds.startReview', [{ kind: 'catalog', id: 'azl4-marketplace-gen2' }]);
    assert.ok(started.ok, JSON.stringify(started));
    const job = started.value as JobInfo;
    assert.deepEqual([job.kind, job.state, job.title], ['review', 'running', 'Review Azure Linux 4.0 from marketplace-gen2 (same as our VMs)']);
    await host.until(() => host.updates.some((update) => update.steps.some((step) => step.step === 'builder' && step.fraction === 0.5)));
    const running = host.updates.find((update) => update.steps.length > 0)!;
    assert.equal(running.state, 'running');
    assert.equal(running.steps[0]!.detail, 'pulling the base image');
    await host.until(() => host.logs.some((line) => line.text === 'Copying blob 1/3'));
    assert.ok(host.logs.some((line) => line.text === 'Reviewing on WSL distro azl-wsl-builder-4.0.'));
    release();
    await host.until(() => host.updates.at(-1)?.state === 'succeeded');
    const done = host.updates.at(-1)!;
    assert.equal(done.id, job.id);
    assert.deepEqual(done.steps.map((step) => [step.step, step.done]), [['builder', true]]);
    assert.equal(done.review?.imageType, 'oem');
    assert.deepEqual(done.review?.packages, ['bash', 'filesystem']);
    assert.deepEqual(done.review?.parity.map((entry) => [entry.subject, entry.source]), [['WALinuxAgent', 'AzureLinux.kiwi:12']]);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.request.image, 'marketplace-gen2');
    assert.equal(calls[0]!.request.cacheDir, undefined, 'the builder keeps its own cache');
  } finally {
    await host.close();
  }
});

test('cancelling a review aborts the executor\'s signal and the job ends as cancelled, with no result', { timeout: 20_000 }, async () => {
  const { executor, calls } = gatedExecutor();
  const host = await app(executor);
  try {
    const started = await host.services.router.call(host.client, 'builds.startReview', [{ kind: 'catalog', id: 'azl4-marketplace-gen2' }]);
    assert.ok(started.ok);
    const job = started.value as JobInfo;
    await host.until(() => calls.length === 1);
    assert.equal(calls[0]!.options.signal?.aborted, false);
    const cancelled = await host.services.router.call(host.client, 'jobs.cancel', [job.id]);
    assert.deepEqual(cancelled, { ok: true, value: undefined });
    await host.until(() => host.updates.at(-1)?.state === 'cancelled');
    assert.equal(calls[0]!.options.signal?.aborted, true);
    const last = host.updates.at(-1)!;
    assert.equal(last.error?.code, 'CANCELLED');
    assert.equal(last.review, undefined);
  } finally {
    await host.close();
  }
});

test('bad review arguments are refused before any job starts, and an unknown catalog entry is NOT_FOUND', async () => {
  const { executor, calls } = gatedExecutor();
  const host = await app(executor);
  try {
    const refused = [
      [],
      [{ kind: 'catalog', id: 5 }],
      [{ kind: 'catalog', id: 'azl4-wsl', extra: true }],
      [{ kind: 'url', path: 'https://example.com/x.kiwi' }],
      [{ kind: 'profile', path: '' }],
      [{ kind: 'catalog', id: 'azl4-wsl' }, 'second argument'],
      'not a list',
    ];
    for (const args of refused) {
      const result = await host.services.router.call(host.client, 'builds.startReview', args);
      assert.equal(result.ok, false, JSON.stringify(args));
      assert.equal(!result.ok && result.error.code, 'INVALID_ARGUMENT', JSON.stringify(args));
    }
    const unknown = await host.services.router.call(host.client, 'builds.startReview', [{ kind: 'catalog', id: 'no-such-entry' }]);
    assert.equal(!unknown.ok && unknown.error.code, 'NOT_FOUND');
    const old = await host.services.router.call(host.client, 'builds.review', [{ kind: 'catalog', id: 'azl4-wsl' }]);
    assert.equal(!old.ok && old.error.code, 'INVALID_ARGUMENT', 'the plain review call is gone');
    assert.deepEqual(host.services.jobs.list(), []);
    assert.equal(calls.length, 0);
  } finally {
    await host.close();
  }
});
