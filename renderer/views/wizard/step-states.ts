/**
 * What the wizard's step bar says about each step, from where the wizard is and how its jobs
 * ended: ✓ only when a step's work is done, ✗ on the step whose job failed (the bar stays on
 * it), the build skipped for an existing image, and Install done only when the install succeeded.
 */
import type { JobInfo } from '../../../electron/contract/api.js';
import { WIZARD_STEPS, type WizardStep } from '../../state/wizard-slice.js';

export type StepState = 'done' | 'current' | 'failed' | 'skipped' | 'todo';

/** Each step's state. */
export function stepStates(step: WizardStep, jobs: { review?: JobInfo; build?: JobInfo; install?: JobInfo }, prebuilt: boolean): Record<WizardStep, StepState> {
  const current = WIZARD_STEPS.indexOf(step);
  const states = {} as Record<WizardStep, StepState>;
  WIZARD_STEPS.forEach((name, index) => {
    if (name === 'build' && prebuilt && index !== current) states[name] = 'skipped';
    else if (index < current) states[name] = 'done';
    else if (index > current) states[name] = 'todo';
    else states[name] = 'current';
  });
  const failed = (job?: JobInfo) => job?.state === 'failed';
  if (step === 'review' && failed(jobs.review)) states.review = 'failed';
  if (step === 'build' && failed(jobs.build)) states.build = 'failed';
  if (step === 'install' && failed(jobs.install)) states.install = 'failed';
  if (step === 'install' && jobs.install?.state === 'succeeded') states.install = 'done';
  return states;
}

