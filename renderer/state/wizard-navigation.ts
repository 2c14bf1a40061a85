/**
 * Where the wizard can go from where it is: one pure function for Next and one for Back, from
 * the state alone, so the steps' buttons, Enter and the slice's actions agree (and a unit test
 * can walk every branch without a browser).
 */
import type { AppState } from './store.js';
import type { WizardStep } from './wizard-slice.js';

/** The part of the app state the wizard's navigation reads. */
export type WizardState = Pick<
  AppState,
  'wizardStep' | 'form' | 'profileInspection' | 'profileInspectionPath' | 'reviewLoading' | 'review' | 'reviewJobId' | 'buildJobId' | 'installJobId' | 'image' | 'nameCheck' | 'accountCheck' | 'jobs'
>;

/** The inspection of the profile file the Source step shows, when it is for the path typed now. */
export function currentInspection(state: Pick<WizardState, 'form' | 'profileInspection' | 'profileInspectionPath'>) {
  const source = state.form.source;
  return source.kind === 'profile' && state.profileInspectionPath === source.path ? state.profileInspection : undefined;
}

/** True when the profile file defines several images or profiles and none is chosen yet. */
export function needsProfileChoice(state: Pick<WizardState, 'form' | 'profileInspection' | 'profileInspectionPath'>): boolean {
  const source = state.form.source;
  return source.kind === 'profile' && source.choice === undefined && currentInspection(state)?.required === true;
}

/** True when the account the install would set up is complete: a kept account (a new password optional but valid), or a new one main's rules accept. */
export function accountReady(state: Pick<WizardState, 'form' | 'review' | 'accountCheck'>): boolean {
  const { form, review, accountCheck } = state;
  const keeping = form.accountMode === 'existing' && (review?.existingAccounts?.length ?? 0) > 0;
  if (!keeping) return accountCheck?.ok === true;
  const newPasswordTyped = form.password.length > 0 || form.confirmation.length > 0;
  const passwordRules = accountCheck?.rules.filter((rule) => rule.id.startsWith('password-')) ?? [];
  return form.existingUser !== '' && (!newPasswordTyped || passwordRules.every((rule) => rule.met));
}

/** The step Next (or Enter) leads to from the current step, or undefined while it cannot go on. */
export function nextStep(state: WizardState): WizardStep | undefined {
  const { form } = state;
  switch (state.wizardStep) {
    case 'source': {
      if (state.reviewLoading) return undefined;
      const source = form.source;
      if (source.kind === 'catalog') return 'review';
      if (source.path.trim() === '') return undefined;
      if (source.kind === 'image') return 'review';
      return currentInspection(state) && !needsProfileChoice(state) ? 'review' : undefined;
    }
    case 'review':
      if (!state.review) return undefined;
      // An existing image is installed as it is: nothing to build.
      return state.review.prebuiltImage ? 'target' : 'build';
    case 'build':
      return state.image ? 'target' : undefined;
    case 'target': {
      const check = state.nameCheck;
      return check && !check.nameProblem && !check.locationProblem && form.name.length > 0 ? 'account' : undefined;
    }
    case 'account':
      return state.image && accountReady(state) ? 'install' : undefined;
    case 'install':
      return undefined;
  }
}

/** The step Back leads to, or undefined where there is no way back (the first step, a running job that has its own Cancel, a finished install). */
export function previousStep(state: WizardState): WizardStep | undefined {
  const job = (id: string | undefined) => (id ? state.jobs[id] : undefined);
  switch (state.wizardStep) {
    case 'source':
      return undefined;
    case 'review':
      return !state.review && job(state.reviewJobId)?.state === 'running' ? undefined : 'source';
    case 'build':
      return job(state.buildJobId)?.state === 'running' ? undefined : 'review';
    case 'target':
      return state.review?.prebuiltImage ? 'review' : 'build';
    case 'account':
      return 'target';
    case 'install': {
      const ended = job(state.installJobId)?.state;
      return ended === 'failed' || ended === 'cancelled' ? 'account' : undefined;
    }
  }
}
