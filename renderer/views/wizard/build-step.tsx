/** Step 3: the build job, live: steps in the order they run, the log, cancel, and where the image went. */
import { useEffect } from 'react';
import { Button } from '@fluentui/react-components';
import { useAppStore } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { LogView } from '../../components/log-view.js';
import { StepHeading } from './step-heading.js';
import { useWizardStyles } from './wizard-styles.js';

export function BuildStep() {
  const styles = useWizardStyles();
  const jobId = useAppStore((state) => state.buildJobId);
  const job = useAppStore((state) => (state.buildJobId ? state.jobs[state.buildJobId] : undefined));
  const cancelling = useAppStore((state) => (state.buildJobId ? Boolean(state.cancelling[state.buildJobId]) : false));
  const image = useAppStore((state) => state.image);
  const requested = useAppStore((state) => state.review?.packages.length);
  const cancel = useAppStore((state) => state.cancelJob);
  const goToStep = useAppStore((state) => state.goToStep);
  const startBuild = useAppStore((state) => state.startBuild);
  const buildFinished = useAppStore((state) => state.buildFinished);
  const error = useAppStore((state) => state.wizardError);
  useEffect(() => {
    if (job?.state === 'succeeded' && job.image && !image) buildFinished(job.image);
  }, [job, image, buildFinished]);
  const running = job?.state === 'running';
  return (
    <form
      className={styles.panel}
      onSubmit={(event) => {
        event.preventDefault();
        if (image) goToStep('target');
      }}
    >
      <StepHeading>Build</StepHeading>
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
      <div className={styles.buttons}>
        <Button type="button" onClick={() => goToStep('review')} disabled={running}>
          Back
        </Button>
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
        <Button type="submit" appearance="primary" disabled={!image}>
          Next
        </Button>
      </div>
    </form>
  );
}
