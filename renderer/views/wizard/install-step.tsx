/** Step 6: the install job (started by the account step's Install), then the way in: a terminal as the new user. */
import { Button } from '@fluentui/react-components';
import { useAppStore, useAppValues } from '../../state/app-store-context.js';
import { previousStep } from '../../state/wizard-navigation.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { StepHeading } from './step-heading.js';
import { useWizardStyles } from './wizard-styles.js';

export function InstallStep() {
  const styles = useWizardStyles();
  const job = useAppStore((state) => (state.installJobId ? state.jobs[state.installJobId] : undefined));
  const cancelling = useAppStore((state) => (state.installJobId ? Boolean(state.cancelling[state.installJobId]) : false));
  const { form, openTerminal, goBack, resetWizard: reset, cancelJob: cancel } = useAppValues('form', 'openTerminal', 'goBack', 'resetWizard', 'cancelJob');
  const keeping = useAppStore((state) => state.form.accountMode === 'existing' && (state.review?.existingAccounts?.length ?? 0) > 0);
  const canGoBack = useAppStore((state) => previousStep(state) !== undefined);
  const succeeded = job?.state === 'succeeded';
  const running = job?.state === 'running';
  const user = keeping ? form.existingUser : form.user;
  return (
    <div className={styles.panel}>
      <StepHeading>{succeeded ? 'Installed' : job?.state === 'failed' ? 'The install failed' : 'Installing'}</StepHeading>
      {job && (
        <>
          <p className={styles.status} role="status" data-testid="install-status" data-state={running && cancelling ? 'cancelling' : job.state}>
            {running && (cancelling ? `Cancelling; removing what was made of ${form.name}…` : `Installing ${form.name}…`)}
            {succeeded && `${form.name} is installed. ${user} is its default user.`}
            {job.state === 'cancelled' && 'The install was cancelled. Nothing was left behind.'}
            {job.state === 'failed' && 'The install failed; nothing was left behind.'}
          </p>
          <JobSteps job={job} />
          {job.error && job.state === 'failed' && <ErrorNotice error={job.error} />}
        </>
      )}
      <div className={styles.buttons}>
        {running && (
          <Button type="button" onClick={() => void cancel(job.id)} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel install'}
          </Button>
        )}
        {canGoBack && (
          <Button type="button" onClick={goBack}>
            Back
          </Button>
        )}
        {succeeded && (
          <>
            <Button type="button" appearance="primary" onClick={() => void openTerminal(form.name)} autoFocus>
              Open terminal
            </Button>
            <Button type="button" onClick={reset}>
              New distribution
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
