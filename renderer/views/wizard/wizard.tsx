/** The new-distro wizard: a step list and the current step; input survives going back. */
import { useAppStore } from '../../state/app-store-context.js';
import { WIZARD_STEPS, type WizardStep } from '../../state/wizard-slice.js';
import { AccountStep } from './account-step.js';
import { BuildStep } from './build-step.js';
import { DoneStep } from './done-step.js';
import { InstallStep } from './install-step.js';
import { ReviewStep } from './review-step.js';
import { SourceStep } from './source-step.js';

const STEP_LABELS: Record<WizardStep, string> = {
  source: 'Source',
  review: 'Review',
  build: 'Build',
  install: 'Install',
  account: 'Account',
  done: 'Done',
};

export function Wizard() {
  const step = useAppStore((state) => state.wizardStep);
  const current = WIZARD_STEPS.indexOf(step);
  return (
    <section aria-labelledby="wizard-heading" className="wizard" data-testid="wizard" data-step={step}>
      <h1 id="wizard-heading">New distribution</h1>
      <ol className="wizard-steps" aria-label="Steps">
        {WIZARD_STEPS.map((name, index) => (
          <li key={name} aria-current={name === step ? 'step' : undefined} className={index < current ? 'past' : index === current ? 'current' : 'future'}>
            {STEP_LABELS[name]}
          </li>
        ))}
      </ol>
      {step === 'source' && <SourceStep />}
      {step === 'review' && <ReviewStep />}
      {step === 'build' && <BuildStep />}
      {step === 'install' && <InstallStep />}
      {step === 'account' && <AccountStep />}
      {step === 'done' && <DoneStep />}
    </section>
  );
}
