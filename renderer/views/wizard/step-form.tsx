/**
 * A wizard step as one form: its panel, its heading (focused when the step appears), its
 * content and its button row. Submitting it (the primary button, or Enter in a field) is the
 * wizard's Next, which `nextStep` guards; Back goes where `previousStep` says.
 */
import type { ReactNode } from 'react';
import { Button } from '@fluentui/react-components';
import { useAppStore } from '../../state/app-store-context.js';
import { nextStep, previousStep } from '../../state/wizard-navigation.js';
import { StepHeading } from './step-heading.js';
import { useWizardStyles } from './wizard-styles.js';

export function StepForm({ heading, buttons, children }: { heading: string; buttons: ReactNode; children: ReactNode }) {
  const styles = useWizardStyles();
  const goNext = useAppStore((state) => state.goNext);
  return (
    <form
      className={styles.panel}
      onSubmit={(event) => {
        event.preventDefault();
        void goNext();
      }}
    >
      <StepHeading>{heading}</StepHeading>
      {children}
      <div className={styles.buttons}>{buttons}</div>
    </form>
  );
}

/** Back, disabled where `previousStep` leads nowhere (a job of this step runs). */
export function BackButton() {
  const goBack = useAppStore((state) => state.goBack);
  const canGoBack = useAppStore((state) => previousStep(state) !== undefined);
  return (
    <Button type="button" onClick={goBack} disabled={!canGoBack}>
      Back
    </Button>
  );
}

/** The primary button (submits the step), disabled until `nextStep` allows going on. */
export function NextButton({ children = 'Next' }: { children?: string }) {
  const canGoOn = useAppStore((state) => nextStep(state) !== undefined);
  return (
    <Button type="submit" appearance="primary" disabled={!canGoOn}>
      {children}
    </Button>
  );
}
