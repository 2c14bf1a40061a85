/** Step 6: the install job, then the way in (a terminal as the new user). */
import { useEffect } from 'react';
import { useAppStore } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { StepHeading } from './step-heading.js';

export function DoneStep() {
  const job = useAppStore((state) => (state.installJobId ? state.jobs[state.installJobId] : undefined));
  const form = useAppStore((state) => state.form);
  const openTerminal = useAppStore((state) => state.openTerminal);
  const goToStep = useAppStore((state) => state.goToStep);
  const reset = useAppStore((state) => state.resetWizard);
  const cancel = useAppStore((state) => state.cancelJob);
  const update = useAppStore((state) => state.updateForm);
  const succeeded = job?.state === 'succeeded';
  useEffect(() => {
    // The password has done its job; do not keep it in the page once the account exists.
    if (succeeded) update({ password: '', confirmation: '' });
  }, [succeeded, update]);
  return (
    <div>
      <StepHeading>{succeeded ? 'Done' : 'Installing'}</StepHeading>
      {job && (
        <>
          <p role="status" data-testid="install-status" data-state={job.state}>
            {job.state === 'running' && `Installing ${form.name}…`}
            {succeeded && `${form.name} is installed. ${form.user} is its default user.`}
            {job.state === 'cancelled' && 'The install was cancelled. Nothing was left behind.'}
            {job.state === 'failed' && 'The install failed; nothing was left behind.'}
          </p>
          <JobSteps job={job} />
          {job.error && job.state === 'failed' && <ErrorNotice error={job.error} />}
        </>
      )}
      <div className="wizard-buttons">
        {job?.state === 'running' && (
          <button type="button" className="danger" onClick={() => void cancel(job.id)}>Cancel install</button>
        )}
        {(job?.state === 'failed' || job?.state === 'cancelled') && (
          <button type="button" onClick={() => goToStep('account')}>Back</button>
        )}
        {succeeded && (
          <>
            <button type="button" className="primary" onClick={() => void openTerminal(form.name)} autoFocus>
              Open terminal
            </button>
            <button type="button" onClick={reset}>Create another</button>
          </>
        )}
      </div>
    </div>
  );
}
