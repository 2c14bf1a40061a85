import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAppStore } from '../../../../renderer/state/store.js';
import { ERROR_MESSAGES, describeError } from '../../../../renderer/errors/error-messages.js';
import type { BuildReview, DistroInfo, InstallRequest, JobInfo, JobLogLine, ProfileInspection, Settings } from '../../../../electron/contract/api.js';
import { MAX_JOB_LOG_LINES } from '../../../../electron/contract/job-log.js';
import { REVIEW_CANCELLED_NOTICE, toSource } from '../../../../renderer/state/wizard-slice.js';
import { fakeApi } from './fake-api.js';

const distro: DistroInfo = { name: 'AzureLinux-Dev', state: 'Stopped', version: 2, isDefault: true };
const settings: Settings = { osUserName: 'Jane.Doe', suggestedUserName: 'jane_doe', platform: 'linux', outputDir: '/tmp', exportDir: '/tmp', windowsTerminal: false, locked: [], fileDialogs: false };

test('a failed distro action returns the engine error and the list is refreshed from main', async () => {
  const calls: string[] = [];
  const store = createAppStore(
    fakeApi(
      {
        distros: {
          unregister: () => ({ ok: false, error: { code: 'CONFIRMATION_MISMATCH', message: 'Type "AzureLinux-Dev" exactly to confirm; the distribution was not removed.' } }),
          list: () => ({ ok: true, value: [distro] }),
        },
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
      builds: { catalog: () => ({ ok: true, value: [{ id: 'azl4-wsl', label: 'Azure Linux 4.0 (WSL profile)', description: '' }] }) },
      settings: { get: () => ({ ok: true, value: settings }) },
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
    fakeApi({ builds: { start: () => ({ ok: false, error: { code: 'NOT_ROOT', message: 'Building an image needs root.', hint: 'Run the build with sudo.' } }) } }),
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
    fakeApi({ distros: { list: () => ({ ok: true, value: [distro] }), refresh: () => ({ ok: true, value: [fresh] }) } }, calls),
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
  const store = createAppStore(fakeApi({ builds: { startReview: () => ({ ok: true, value: reviewJob('running', { id: `review-${++started}` }) }) } }, calls));
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
    fakeApi({ builds: { startReview: () => ({ ok: true, value: reviewJob('running') }) }, jobs: { cancel: () => ({ ok: true, value: undefined }) } }, calls),
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
      builds: {
        startReview: () => {
          store.getState().applyJobUpdate(reviewJob('succeeded', { review }));
          return { ok: true, value: reviewJob('running') };
        },
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
      distros: {
        terminate: () => ({ ok: false, error: { code: 'DISTRO_NOT_FOUND', message: 'There is no WSL distribution named "X".' } }),
        list: () => ({ ok: true, value: [distro] }),
      },
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
  const sent: InstallRequest[] = [];
  const review: BuildReview = {
    sourceLabel: 'backup.wsl (31 MiB)', profilePath: '/b/backup.wsl', profileName: 'backup.wsl', imageType: 'wsl', transformed: false, packages: [], repositories: [], parity: [],
    prebuiltImage: '/b/backup.wsl', existingAccounts: [{ name: 'jdoe', uid: 1000 }, { name: 'ops', uid: 1001 }], nextFreeUid: 1002, defaultUser: 'ops',
  };
  const store = createAppStore(
    fakeApi({
      builds: { startReview: () => ({ ok: true, value: { id: 'r1', kind: 'review', title: 'Review backup.wsl', state: 'succeeded', steps: [], startedAt: 0, review } }) },
      install: {
        start: (request) => {
          sent.push(request);
          return { ok: true, value: { id: `i${sent.length}`, kind: 'install', title: 'Install X', state: 'running', steps: [], startedAt: 0 } };
        },
      },
    }),
  );
  store.getState().updateForm({ source: { kind: 'image', path: '/b/backup.wsl' }, name: 'Restored', password: '', confirmation: '' });
  await store.getState().startReview();
  assert.equal(store.getState().form.accountMode, 'existing');
  assert.equal(store.getState().form.existingUser, 'ops', 'the image\'s own default user first');
  await store.getState().goNext();
  assert.equal(store.getState().wizardStep, 'target', 'nothing to build: straight to the name');
  assert.equal(store.getState().image?.imagePath, '/b/backup.wsl');
  await store.getState().startInstall();
  assert.deepEqual(sent[0]?.existingAccount, { user: 'ops' });
  assert.equal(sent[0]?.account, undefined);
  store.getState().updateForm({ accountMode: 'create', user: 'kim', password: 'pw-long', confirmation: 'pw-long' });
  await store.getState().startInstall();
  assert.deepEqual(sent[1]?.account, { user: 'kim', password: 'pw-long', sudo: 'password', uid: 1002 });
});

test('a profile file\'s choice goes where its kind needs it: --image for images.toml, --kiwi-profile for a .kiwi', async () => {
  const kiwi: ProfileInspection = { profilePath: '/p/AzureLinux.kiwi', format: 'kiwi', selects: 'kiwi-profile', choices: [], required: true };
  const toml: ProfileInspection = { profilePath: '/p/images.toml', format: 'images-toml', selects: 'image', choices: [], required: true };
  assert.deepEqual(toSource({ kind: 'profile', path: '/p/AzureLinux.kiwi', choice: 'wsl' }, kiwi), { kind: 'profile', path: '/p/AzureLinux.kiwi', kiwiProfile: 'wsl' });
  assert.deepEqual(toSource({ kind: 'profile', path: '/p/images.toml', choice: 'wsl' }, toml), { kind: 'profile', path: '/p/images.toml', image: 'wsl' });
  assert.deepEqual(toSource({ kind: 'catalog', id: 'azl4-wsl' }), { kind: 'catalog', id: 'azl4-wsl' });
});

test('the job-finished hook: a build\'s image reaches the wizard with no view mounted, a succeeded install forgets the password, each exactly once', async () => {
  const build: JobInfo = { id: 'b1', kind: 'build', title: 'Build', state: 'running', steps: [], startedAt: 0 };
  const install: JobInfo = { id: 'i1', kind: 'install', title: 'Install Mine', state: 'running', steps: [], startedAt: 0 };
  const image = { imagePath: '/out/mine.wsl', manifestPath: '/out/mine.manifest.json', bytes: 1, sha256: 'x', packageCount: 3, warnings: 0 };
  const store = createAppStore(fakeApi({ builds: { start: () => ({ ok: true, value: build }) }, install: { start: () => ({ ok: true, value: install }) } }));
  await store.getState().startBuild();
  assert.equal(store.getState().image, undefined);
  store.getState().applyJobUpdate({ ...build, state: 'succeeded', image });
  assert.deepEqual(store.getState().image, image, 'the build step is not mounted, yet the image is kept');
  store.getState().updateForm({ user: 'kim', password: 'secret-pw', confirmation: 'secret-pw' });
  await store.getState().startInstall();
  assert.equal(store.getState().wizardStep, 'install');
  store.getState().applyJobUpdate({ ...install, state: 'succeeded' });
  assert.equal(store.getState().form.password, '');
  assert.equal(store.getState().form.confirmation, '');
  // A repeated final update is not a second end: nothing of the wizard's changes again.
  store.getState().updateForm({ password: 'typed-again' });
  store.getState().applyJobUpdate({ ...install, state: 'succeeded' });
  assert.equal(store.getState().form.password, 'typed-again');
});

test('the job-finished hook: exports, upgrades and snapshots say what they did above the list; failures leave it to the dialog', async () => {
  const store = createAppStore(fakeApi({}));
  const job = (extra: Partial<JobInfo>): JobInfo => ({ id: 'j', kind: 'export', title: 't', state: 'running', steps: [], startedAt: 0, ...extra });
  store.getState().applyJobUpdate(job({ id: 'e1', state: 'succeeded', distro: 'Dev', exported: { path: '/x/Dev.wsl', bytes: 3 * 1024 ** 2 } }));
  assert.equal(store.getState().distroNotice?.text, 'Dev was exported to /x/Dev.wsl (3.0 MB).');
  const upgraded = { distro: 'Dev', image: 'Azure Linux 4.1', defaultUser: 'kim', snapshotId: 's1', carried: { users: [], groups: [], sudoers: [], sshHostKeys: [], wslConfKeys: [], trees: [] }, etcChanges: [] };
  store.getState().applyJobUpdate(job({ id: 'u1', kind: 'upgrade', state: 'succeeded', upgraded }));
  assert.equal(store.getState().distroNotice?.text, 'Dev now runs Azure Linux 4.1 and starts as kim; the snapshot s1 was taken first.');
  const snapshot = { id: 's2', distro: 'Dev', createdAt: '2026-01-01T00:00:00Z', reason: 'manual', sizeBytes: 1024 ** 2 };
  store.getState().applyJobUpdate(job({ id: 's2', kind: 'snapshot', state: 'succeeded', snapshot }));
  assert.equal(store.getState().distroNotice?.text, 'Snapshot s2 of Dev taken (1.0 MB).');
  store.getState().clearDistroNotice();
  store.getState().applyJobUpdate(job({ id: 'e2', state: 'failed', error: { code: 'CANCELLED', message: 'x' } }));
  assert.equal(store.getState().distroNotice, undefined);
});

test('a job started from a dialog whose final update came first still ends once it is adopted', async () => {
  let store: ReturnType<typeof createAppStore>;
  const running: JobInfo = { id: 'e1', kind: 'export', title: 'Export Dev', state: 'running', steps: [], startedAt: 0, distro: 'Dev' };
  // eslint-disable-next-line prefer-const
  store = createAppStore(
    fakeApi({
      distros: {
        startExport: () => {
          store.getState().applyJobUpdate({ ...running, state: 'succeeded', exported: { path: '/x/Dev.wsl', bytes: 0 } });
          return { ok: true, value: running };
        },
      },
    }),
  );
  const result = await store.getState().startExport('Dev', '/x/Dev.wsl', 'wsl', false);
  assert.ok(result.ok);
  assert.equal(store.getState().jobs.e1?.state, 'succeeded', 'the first snapshot never overwrites the final update');
  assert.match(store.getState().distroNotice?.text ?? '', /exported to \/x\/Dev\.wsl/);
});

test('job logs are capped as main caps them: the newest lines are kept and the total counts every line', () => {
  const store = createAppStore(fakeApi({}));
  const line = (jobId: string, n: number): JobLogLine => ({ jobId, stream: 'stdout', text: `line ${n}` });
  const batch = (jobId: string, from: number, count: number) => Array.from({ length: count }, (_, i) => line(jobId, from + i));
  store.getState().appendJobLogs([...batch('a', 0, MAX_JOB_LOG_LINES - 10), line('b', 0)]);
  store.getState().appendJobLogs(batch('a', MAX_JOB_LOG_LINES - 10, 25));
  const kept = store.getState().jobLogs.a!;
  assert.equal(kept.length, MAX_JOB_LOG_LINES);
  assert.equal(kept[0]?.text, 'line 15');
  assert.equal(kept.at(-1)?.text, `line ${MAX_JOB_LOG_LINES + 14}`);
  assert.equal(store.getState().jobLogTotals.a, MAX_JOB_LOG_LINES + 15);
  assert.deepEqual(store.getState().jobLogs.b?.map((l) => l.text), ['line 0']);
});

test('Next and Back walk the wizard through the store: the review\'s Build starts the build, Back follows previousStep, Next waits while it cannot go on', async () => {
  const calls: string[] = [];
  const store = createAppStore(
    fakeApi(
      {
        builds: {
          startReview: () => ({ ok: true, value: reviewJob('succeeded', { review }) }),
          start: () => ({ ok: true, value: { id: 'b1', kind: 'build', title: 'Build', state: 'running', steps: [], startedAt: 0 } }),
        },
      },
      calls,
    ),
  );
  await store.getState().goNext();
  assert.equal(store.getState().wizardStep, 'review');
  await store.getState().goNext();
  assert.equal(store.getState().wizardStep, 'build');
  assert.deepEqual(calls, ['builds.startReview', 'builds.start']);
  store.getState().goBack();
  assert.equal(store.getState().wizardStep, 'build', 'no way back while the build runs');
  await store.getState().goNext();
  assert.equal(store.getState().wizardStep, 'build', 'no image yet');
  store.getState().applyJobUpdate({ id: 'b1', kind: 'build', title: 'Build', state: 'succeeded', steps: [], startedAt: 0, image: { imagePath: '/o.wsl', manifestPath: '/o.json', bytes: 1, sha256: 'x', packageCount: 1, warnings: 0 } });
  await store.getState().goNext();
  assert.equal(store.getState().wizardStep, 'target');
  store.getState().goBack();
  assert.equal(store.getState().wizardStep, 'build');
});
