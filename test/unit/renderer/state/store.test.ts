import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAppStore } from '../../../../renderer/state/store.js';
import { ERROR_MESSAGES, describeError } from '../../../../renderer/errors/error-messages.js';
import type { AzlApi, BuildReview, DistroInfo, JobInfo, ProfileInspection, Result } from '../../../../electron/contract/api.js';
import { REVIEW_CANCELLED_NOTICE } from '../../../../renderer/state/wizard-slice.js';

/** An API whose methods record calls and answer from a table; unlisted methods fail loudly. */
function fakeApi(answers: Record<string, (...args: unknown[]) => Result<unknown>>, calls: string[] = []): AzlApi {
  const group = (name: string) =>
    new Proxy({}, {
      get: (_target, method: string) => {
        if (method.startsWith('on')) return () => () => {};
        return async (...args: unknown[]) => {
          calls.push(`${name}.${method}`);
          const answer = answers[`${name}.${method}`];
          if (!answer) throw new Error(`unexpected call ${name}.${method}`);
          return answer(...args);
        };
      },
    });
  return { builds: group('builds'), install: group('install'), distros: group('distros'), pty: group('pty'), jobs: group('jobs'), settings: group('settings') } as unknown as AzlApi;
}

const distro: DistroInfo = { name: 'AzureLinux-Dev', state: 'Stopped', version: 2, isDefault: true };

test('a failed distro action returns the engine error and the list is refreshed from main', async () => {
  const calls: string[] = [];
  const store = createAppStore(
    fakeApi(
      {
        'distros.unregister': () => ({ ok: false, error: { code: 'CONFIRMATION_MISMATCH', message: 'Type "AzureLinux-Dev" exactly to confirm; the distribution was not removed.' } }),
        'distros.list': () => ({ ok: true, value: [distro] }),
      },
      calls,
    ),
  );
  // A dialog's error comes back to the dialog; the list shows only successes of dialog actions.
  const error = await store.getState().unregisterDistro('AzureLinux-Dev', 'azurelinux-dev');
  assert.equal(error?.code, 'CONFIRMATION_MISMATCH');
  assert.equal(store.getState().distroNotice, undefined);
  assert.deepEqual(store.getState().distros, [distro]);
  assert.deepEqual(calls, ['distros.unregister', 'distros.list']);
});

test('the wizard keeps what was typed when going back, and prefills the user name from the OS user', async () => {
  const store = createAppStore(
    fakeApi({
      'builds.catalog': () => ({ ok: true, value: [{ id: 'azl4-wsl', label: 'Azure Linux 4.0 (WSL profile)', description: '' }] }),
      'settings.get': () => ({ ok: true, value: { osUserName: 'Jane.Doe', suggestedUserName: 'jane_doe', platform: 'linux', outputDir: '/tmp', windowsTerminal: false } }),
    }),
  );
  await store.getState().loadCatalog();
  assert.equal(store.getState().form.user, 'jane_doe');
  store.getState().goToStep('target');
  store.getState().updateForm({ name: 'My-Distro', location: '/data/wsl/my' });
  store.getState().goToStep('account');
  store.getState().goToStep('target');
  assert.equal(store.getState().form.name, 'My-Distro');
  assert.equal(store.getState().form.location, '/data/wsl/my');
});

test('a build that cannot start is shown as the wizard error, with no job recorded', async () => {
  const store = createAppStore(
    fakeApi({ 'builds.start': () => ({ ok: false, error: { code: 'NOT_ROOT', message: 'Building an image needs root.', hint: 'Run the build with sudo.' } }) }),
  );
  await store.getState().startBuild();
  assert.equal(store.getState().wizardError?.code, 'NOT_ROOT');
  assert.equal(store.getState().buildJobId, undefined);
  assert.deepEqual(store.getState().jobs, {});
});

test('every error code has a sentence; the engine hint wins over the generic next step', () => {
  for (const [code, text] of Object.entries(ERROR_MESSAGES)) {
    assert.ok(text.sentence.endsWith('.') && text.next.length > 0, code);
  }
  const described = describeError({ code: 'DISTRO_EXISTS', message: 'A distribution named "X" is already installed.', hint: 'Choose another name, or remove the old one first.' });
  assert.equal(described.sentence, 'A distribution with that name already exists.');
  assert.equal(described.next, 'Choose another name, or remove the old one first.');
});

test('the distro list paints from main\'s snapshot, takes pushed lists as they are, and Refresh asks main to read wsl.exe', async () => {
  const calls: string[] = [];
  const fresh: DistroInfo = { ...distro, state: 'Running' };
  const store = createAppStore(
    fakeApi({ 'distros.list': () => ({ ok: true, value: [distro] }), 'distros.refresh': () => ({ ok: true, value: [fresh] }) }, calls),
  );
  await store.getState().loadDistros();
  assert.deepEqual(store.getState().distros, [distro]);
  store.getState().applyDistros([fresh, { ...distro, name: 'Other' }]);
  assert.deepEqual(store.getState().distros.map((d) => d.name), ['AzureLinux-Dev', 'Other']);
  await store.getState().refreshDistros();
  assert.deepEqual(store.getState().distros, [fresh]);
  assert.deepEqual(calls, ['distros.list', 'distros.refresh']);
});

const review: BuildReview = {
  sourceLabel: 'Azure Linux 4.0 (WSL profile)',
  profilePath: '/samples/azl4/images.toml',
  profileName: 'wsl',
  imageType: 'wsl',
  transformed: false,
  packages: ['bash'],
  repositories: ['file:///repo'],
  parity: [{ action: 'removed-package', subject: 'WALinuxAgent', reason: 'no VM agent in WSL' }],
};

function reviewJob(state: JobInfo['state'], extra: Partial<JobInfo> = {}): JobInfo {
  return { id: 'review-1', kind: 'review', title: 'Review Azure Linux 4.0', state, steps: [], startedAt: 0, ...extra };
}

test('the review runs as a job: the Review step shows it at once, takes its result, and Back then Next keeps it without asking again', async () => {
  const calls: string[] = [];
  let started = 0;
  const store = createAppStore(fakeApi({ 'builds.startReview': () => ({ ok: true, value: reviewJob('running', { id: `review-${++started}` }) }) }, calls));
  await store.getState().startReview();
  assert.equal(store.getState().wizardStep, 'review');
  assert.equal(store.getState().reviewJobId, 'review-1');
  assert.equal(store.getState().review, undefined);
  store.getState().applyJobUpdate(reviewJob('running', { steps: [{ step: 'builder', label: 'Creating the WSL builder', fraction: 0.4, done: false }] }));
  assert.equal(store.getState().jobs['review-1']?.steps[0]?.fraction, 0.4);
  store.getState().applyJobUpdate(reviewJob('succeeded', { review }));
  assert.deepEqual(store.getState().review, review);
  store.getState().goToStep('source');
  await store.getState().startReview();
  assert.equal(store.getState().wizardStep, 'review');
  assert.deepEqual(store.getState().review, review);
  assert.deepEqual(calls, ['builds.startReview'], 'the kept review was reused');
  // Another source is another review.
  store.getState().goToStep('source');
  store.getState().updateForm({ source: { kind: 'catalog', id: 'azl4-marketplace-gen2' } });
  await store.getState().startReview();
  assert.deepEqual(calls, ['builds.startReview', 'builds.startReview']);
  assert.equal(store.getState().reviewJobId, 'review-2');
  assert.equal(store.getState().review, undefined);
});

test('a cancelled review returns to the Source step with a sentence saying so; cancel asks main to cancel the review job', async () => {
  const calls: string[] = [];
  const store = createAppStore(
    fakeApi({ 'builds.startReview': () => ({ ok: true, value: reviewJob('running') }), 'jobs.cancel': () => ({ ok: true, value: undefined }) }, calls),
  );
  await store.getState().startReview();
  await store.getState().cancelReview();
  assert.deepEqual(calls, ['builds.startReview', 'jobs.cancel']);
  store.getState().applyJobUpdate(reviewJob('cancelled', { error: { code: 'CANCELLED', message: 'Creating the WSL builder was cancelled.' } }));
  assert.equal(store.getState().wizardStep, 'source');
  assert.equal(store.getState().wizardNotice, REVIEW_CANCELLED_NOTICE);
  assert.equal(store.getState().review, undefined);
});

test('a review whose final update arrived before main\'s answer still ends in the wizard', async () => {
  let store: ReturnType<typeof createAppStore>;
  // eslint-disable-next-line prefer-const
  store = createAppStore(
    fakeApi({
      'builds.startReview': () => {
        store.getState().applyJobUpdate(reviewJob('succeeded', { review }));
        return { ok: true, value: reviewJob('running') };
      },
    }),
  );
  await store.getState().startReview();
  assert.equal(store.getState().jobs['review-1']?.state, 'succeeded');
  assert.deepEqual(store.getState().review, review);
});

test('a button action\'s error shows above the list, and leaving the view clears it', async () => {
  const store = createAppStore(
    fakeApi({
      'distros.terminate': () => ({ ok: false, error: { code: 'DISTRO_NOT_FOUND', message: 'There is no WSL distribution named "X".' } }),
      'distros.list': () => ({ ok: true, value: [distro] }),
    }),
  );
  const error = await store.getState().terminateDistro('X');
  assert.equal(error?.code, 'DISTRO_NOT_FOUND');
  assert.equal(store.getState().distroNotice?.error?.code, 'DISTRO_NOT_FOUND');
  store.getState().showView('wizard');
  assert.equal(store.getState().distroNotice, undefined);
});

test('"New distribution…" keeps a wizard in progress but starts afresh after a finished install', async () => {
  const store = createAppStore(fakeApi({}));
  store.getState().goToStep('target');
  store.getState().updateForm({ name: 'Mine' });
  store.getState().newDistribution();
  assert.equal(store.getState().view, 'wizard');
  assert.equal(store.getState().wizardStep, 'target');
  const finished: JobInfo = { id: 'job-1', kind: 'install', title: 'Install Mine', state: 'succeeded', steps: [], startedAt: 0, distro: 'Mine' };
  store.getState().applyJobUpdate(finished);
  store.setState({ installJobId: 'job-1', wizardStep: 'install' });
  store.getState().newDistribution();
  assert.equal(store.getState().wizardStep, 'source');
  assert.notEqual(store.getState().form.name, 'Mine');
});

test('an exported image\'s accounts: the review offers keeping its default user, and the install keeps it or creates another at the next free uid', async () => {
  const sent: unknown[] = [];
  const review: BuildReview = {
    sourceLabel: 'backup.wsl (31 MiB)', profilePath: '/b/backup.wsl', profileName: 'backup.wsl', imageType: 'wsl', transformed: false, packages: [], repositories: [], parity: [],
    prebuiltImage: '/b/backup.wsl', existingAccounts: [{ name: 'jdoe', uid: 1000 }, { name: 'ops', uid: 1001 }], nextFreeUid: 1002, defaultUser: 'ops',
  };
  const store = createAppStore(
    fakeApi({
      'builds.startReview': () => ({ ok: true, value: { id: 'r1', kind: 'review', title: 'Review backup.wsl', state: 'succeeded', steps: [], startedAt: 0, review } }),
      'install.start': (request) => {
        sent.push(request);
        return { ok: true, value: { id: 'i1', kind: 'install', title: 'Install X', state: 'running', steps: [], startedAt: 0 } };
      },
    }),
  );
  store.getState().updateForm({ source: { kind: 'image', path: '/b/backup.wsl' }, name: 'Restored', password: '', confirmation: '' });
  await store.getState().startReview();
  assert.equal(store.getState().form.accountMode, 'existing');
  assert.equal(store.getState().form.existingUser, 'ops', 'the image\'s own default user first');
  await store.getState().startBuild();
  assert.equal(store.getState().wizardStep, 'target', 'nothing to build: straight to the name');
  await store.getState().startInstall();
  assert.deepEqual((sent[0] as { existingAccount?: unknown }).existingAccount, { user: 'ops' });
  assert.equal((sent[0] as { account?: unknown }).account, undefined);
  store.getState().updateForm({ accountMode: 'create', user: 'kim', password: 'pw-long', confirmation: 'pw-long' });
  await store.getState().startInstall();
  assert.deepEqual((sent[1] as { account?: unknown }).account, { user: 'kim', password: 'pw-long', sudo: 'password', uid: 1002 });
});

test('a profile file\'s choice goes where its kind needs it: --image for images.toml, --kiwi-profile for a .kiwi', async () => {
  const { toSource } = await import('../../../../renderer/state/wizard-slice.js');
  const kiwi: ProfileInspection = { profilePath: '/p/AzureLinux.kiwi', format: 'kiwi', selects: 'kiwi-profile', choices: [], required: true };
  const toml: ProfileInspection = { profilePath: '/p/images.toml', format: 'images-toml', selects: 'image', choices: [], required: true };
  assert.deepEqual(toSource({ kind: 'profile', path: '/p/AzureLinux.kiwi', choice: 'wsl' }, kiwi), { kind: 'profile', path: '/p/AzureLinux.kiwi', kiwiProfile: 'wsl' });
  assert.deepEqual(toSource({ kind: 'profile', path: '/p/images.toml', choice: 'wsl' }, toml), { kind: 'profile', path: '/p/images.toml', image: 'wsl' });
  assert.deepEqual(toSource({ kind: 'catalog', id: 'azl4-wsl' }), { kind: 'catalog', id: 'azl4-wsl' });
});

test('the step bar tells the truth: a failed step is ✗ and stays current, Install is done only when the install succeeded, the build is skipped for an image', async () => {
  const { stepStates } = await import('../../../../renderer/views/wizard/step-states.js');
  const job = (state: JobInfo['state']): JobInfo => ({ id: 'j', kind: 'install', title: 't', state, steps: [], startedAt: 0 });
  assert.equal(stepStates('install', { install: job('running') }, false).install, 'current');
  assert.equal(stepStates('install', { install: job('failed') }, false).install, 'failed');
  assert.equal(stepStates('install', { install: job('succeeded') }, false).install, 'done');
  assert.equal(stepStates('build', { build: job('failed') }, false).build, 'failed');
  assert.equal(stepStates('build', { build: job('failed') }, false).target, 'todo');
  const image = stepStates('account', {}, true);
  assert.deepEqual([image.source, image.review, image.build, image.target, image.account, image.install], ['done', 'done', 'skipped', 'done', 'current', 'todo']);
});
