/** Step 6: the install job (started by the account step's Install), then the way in: a terminal as the new user. */
import { useEffect } from 'react';
import { Button } from '@fluentui/react-components';
import { useAppStore } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { StepHeading } from './step-heading.js';
import { useWizardStyles } from './wizard-styles.js';

export function InstallStep() {
  const styles = useWizardStyles();
  const job = useAppStore((state) => (state.installJobId ? state.jobs[state.installJobId] : undefined));
  const cancelling = useAppStore((state) => (state.installJobId ? Boolean(state.cancelling[state.installJobId]) : false));
  const form = useAppStore((state) => state.form);
  const keeping = useAppStore((state) => state.form.accountMode === 'existing' && (state.review?.existingAccounts?.length ?? 0) > 0);
  const openTerminal = useAppStore((state) => state.openTerminal);
  const goToStep = useAppStore((state) => state.goToStep);
  const reset = useAppStore((state) => state.resetWizard);
  const cancel = useAppStore((state) => state.cancelJob);
  const update = useAppStore((state) => state.updateForm);
  const succeeded = job?.state === 'succeeded';
  const running = job?.state === 'running';
  const user = keeping ? form.existingUser : form.user;
  useEffect(() => {
    // The password has done its job; do not keep it in the page once the account exists.
    if (succeeded) update({ password: '', confirmation: '' });
  }, [succeeded, update]);
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
        {(job?.state === 'failed' || job?.state === 'cancelled') && (
          <Button type="button" onClick={() => goToStep('account')}>
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
