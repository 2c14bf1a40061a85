import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountCheck, BuildReview, JobInfo, NameCheck, ProfileInspection } from '../../../../electron/contract/api.js';
import { accountReady, nextStep, previousStep, type WizardState } from '../../../../renderer/state/wizard-navigation.js';
import { EMPTY_FORM, type WizardForm } from '../../../../renderer/state/wizard-slice.js';

const form: WizardForm = { ...EMPTY_FORM, name: 'Mine', user: 'kim', password: 'pw-long', confirmation: 'pw-long' };
const review: BuildReview = { sourceLabel: 'x', profilePath: '/p', profileName: 'wsl', imageType: 'wsl', transformed: false, packages: [], repositories: [], parity: [] };
const image = { imagePath: '/out/mine.wsl', manifestPath: '/out/mine.manifest.json', bytes: 1, sha256: 'x', packageCount: 1, warnings: 0 };
const inspection: ProfileInspection = { profilePath: '/p/images.toml', format: 'images-toml', selects: 'image', choices: [{ name: 'a', description: '' }, { name: 'b', description: '' }], required: true };
const freeName: NameCheck = { suggestedName: 'Mine', defaultLocation: '/wsl/Mine' };
const rules = (passwordMet: boolean): AccountCheck => ({
  ok: passwordMet,
  warnings: [],
  rules: [
    { id: 'user-pattern', text: 'u', met: true },
    { id: 'password-mismatch', text: 'p', met: passwordMet },
  ],
});
const job = (id: string, state: JobInfo['state']): JobInfo => ({ id, kind: 'build', title: 't', state, steps: [], startedAt: 0 });

/** A wizard state on `step`, with the given parts. */
function at(step: WizardState['wizardStep'], parts: Partial<WizardState> = {}): WizardState {
  return { wizardStep: step, form, reviewLoading: false, jobs: {}, ...parts };
}

test('Source: a catalog entry or an image path goes on to the review; an empty path, a loading review or an unread profile does not', () => {
  assert.equal(nextStep(at('source')), 'review');
  assert.equal(nextStep(at('source', { reviewLoading: true })), undefined);
  assert.equal(nextStep(at('source', { form: { ...form, source: { kind: 'image', path: '/b/backup.wsl' } } })), 'review');
  assert.equal(nextStep(at('source', { form: { ...form, source: { kind: 'image', path: '  ' } } })), undefined);
  const profile = (choice?: string): WizardForm => ({ ...form, source: { kind: 'profile', path: '/p/images.toml', choice } });
  assert.equal(nextStep(at('source', { form: profile() })), undefined, 'not read yet');
  assert.equal(nextStep(at('source', { form: profile(), profileInspection: inspection, profileInspectionPath: '/p/other.toml' })), undefined, 'read for another path');
  assert.equal(nextStep(at('source', { form: profile(), profileInspection: inspection, profileInspectionPath: '/p/images.toml' })), undefined, 'several images, none chosen');
  assert.equal(nextStep(at('source', { form: profile('b'), profileInspection: inspection, profileInspectionPath: '/p/images.toml' })), 'review');
  const optional = { ...inspection, required: false };
  assert.equal(nextStep(at('source', { form: profile(), profileInspection: optional, profileInspectionPath: '/p/images.toml' })), 'review', 'a choice it does not need');
  assert.equal(previousStep(at('source')), undefined);
});

test('Review: Build once the review is in, Next (no build) for an existing image; Back unless the review job runs', () => {
  assert.equal(nextStep(at('review')), undefined);
  assert.equal(nextStep(at('review', { review })), 'build');
  assert.equal(nextStep(at('review', { review: { ...review, prebuiltImage: '/b/backup.wsl' } })), 'target');
  assert.equal(previousStep(at('review', { reviewJobId: 'r', jobs: { r: job('r', 'running') } })), undefined, 'Cancel review instead');
  assert.equal(previousStep(at('review', { reviewJobId: 'r', jobs: { r: job('r', 'failed') } })), 'source');
  assert.equal(previousStep(at('review', { review, reviewJobId: 'r', jobs: { r: job('r', 'succeeded') } })), 'source');
  assert.equal(previousStep(at('review')), 'source');
});

test('Build: Next once the image is there; Back except while the build runs', () => {
  assert.equal(nextStep(at('build')), undefined);
  assert.equal(nextStep(at('build', { image })), 'target');
  assert.equal(previousStep(at('build', { buildJobId: 'b', jobs: { b: job('b', 'running') } })), undefined);
  assert.equal(previousStep(at('build', { buildJobId: 'b', jobs: { b: job('b', 'cancelled') } })), 'review');
});

test('Name and location: Next only with a checked, free name and a usable location; Back to the build, or to the review for an existing image', () => {
  assert.equal(nextStep(at('target')), undefined, 'not checked yet');
  assert.equal(nextStep(at('target', { nameCheck: freeName })), 'account');
  assert.equal(nextStep(at('target', { nameCheck: { ...freeName, nameProblem: 'taken' } })), undefined);
  assert.equal(nextStep(at('target', { nameCheck: { ...freeName, locationProblem: 'not a folder' } })), undefined);
  assert.equal(nextStep(at('target', { nameCheck: freeName, form: { ...form, name: '' } })), undefined);
  assert.equal(previousStep(at('target', { review })), 'build');
  assert.equal(previousStep(at('target', { review: { ...review, prebuiltImage: '/b/backup.wsl' } })), 'review');
});

test('Account: Install with an image and a complete account; a kept account needs a new password only when one is typed', () => {
  assert.equal(nextStep(at('account', { image, accountCheck: rules(true) })), 'install');
  assert.equal(nextStep(at('account', { image, accountCheck: rules(false) })), undefined);
  assert.equal(nextStep(at('account', { accountCheck: rules(true) })), undefined, 'no image');
  assert.equal(nextStep(at('account', { image })), undefined, 'rules not checked yet');
  const withAccounts = { ...review, prebuiltImage: '/b/backup.wsl', existingAccounts: [{ name: 'jdoe', uid: 1000 }] };
  const keep = (extra: Partial<WizardForm>): WizardForm => ({ ...form, accountMode: 'existing', existingUser: 'jdoe', password: '', confirmation: '', ...extra });
  assert.equal(nextStep(at('account', { image, review: withAccounts, form: keep({}) })), 'install', 'no new password: the account keeps its own');
  assert.equal(nextStep(at('account', { image, review: withAccounts, form: keep({ existingUser: '' }) })), undefined);
  assert.equal(nextStep(at('account', { image, review: withAccounts, form: keep({ password: 'new-pw' }), accountCheck: rules(false) })), undefined);
  assert.equal(nextStep(at('account', { image, review: withAccounts, form: keep({ password: 'new-pw', confirmation: 'new-pw' }), accountCheck: rules(true) })), 'install');
  // "Keep" means nothing for an image without accounts: the new account's rules decide.
  assert.equal(accountReady({ form: keep({}), review, accountCheck: rules(false) }), false);
  assert.equal(previousStep(at('account')), 'target');
});

test('Install: no Next; Back to the account only after a failed or cancelled install', () => {
  assert.equal(nextStep(at('install', { installJobId: 'i', jobs: { i: job('i', 'succeeded') } })), undefined);
  assert.equal(previousStep(at('install', { installJobId: 'i', jobs: { i: job('i', 'running') } })), undefined);
  assert.equal(previousStep(at('install', { installJobId: 'i', jobs: { i: job('i', 'succeeded') } })), undefined);
  assert.equal(previousStep(at('install', { installJobId: 'i', jobs: { i: job('i', 'failed') } })), 'account');
  assert.equal(previousStep(at('install', { installJobId: 'i', jobs: { i: job('i', 'cancelled') } })), 'account');
});
