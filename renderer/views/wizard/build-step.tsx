/** Step 3: the build job, live: steps in the order they run, the log, cancel, and where the image went. */
import { Button } from '@fluentui/react-components';
import { useAppStore, useAppValues } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { LogView } from '../../components/log-view.js';
import { BackButton, NextButton, StepForm } from './step-form.js';
import { useWizardStyles } from './wizard-styles.js';

export function BuildStep() {
  const styles = useWizardStyles();
  const { buildJobId: jobId, image, cancelJob: cancel, startBuild, wizardError: error } = useAppValues('buildJobId', 'image', 'cancelJob', 'startBuild', 'wizardError');
  const job = useAppStore((state) => (state.buildJobId ? state.jobs[state.buildJobId] : undefined));
  const cancelling = useAppStore((state) => (state.buildJobId ? Boolean(state.cancelling[state.buildJobId]) : false));
  const requested = useAppStore((state) => state.review?.packages.length);
  const running = job?.state === 'running';
  return (
    <StepForm
      heading="Build"
      buttons={
        <>
          <BackButton />
          {running && (
            <Button type="button" onClick={() => void cancel(job.id)} disabled={cancelling}>
              {cancelling ? 'Cancelling…' : 'Cancel build'}
            </Button>
          )}
          {(job?.state === 'cancelled' || job?.state === 'failed') && (
            <Button type="button" onClick={() => void startBuild()}>
              Build again
            </Button>
          )}
          <NextButton />
        </>
      }
    >
      {error && <ErrorNotice error={error} />}
      {job && (
        <>
          <p className={styles.status} role="status" data-testid="build-status" data-state={running && cancelling ? 'cancelling' : job.state}>
            {running && (cancelling ? 'Cancelling the build; removing what it made…' : `${job.title}…`)}
            {job.state === 'succeeded' && image && (
              <>
                The image is ready: {image.imagePath} ({(image.bytes / 1024 ** 2).toFixed(1)} MiB, {image.packageCount} packages installed
                {requested !== undefined && requested !== image.packageCount ? `: the ${requested} requested and what they depend on` : ''}).
              </>
            )}
            {job.state === 'cancelled' && 'The build was cancelled. Nothing was left behind.'}
            {job.state === 'failed' && 'The build failed. Nothing was left behind.'}
          </p>
          <JobSteps job={job} />
          {job.state === 'failed' && job.error && <ErrorNotice error={job.error} />}
        </>
      )}
      {jobId && <LogView jobId={jobId} />}
    </StepForm>
  );
}
