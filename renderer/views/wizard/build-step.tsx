/** Step 3: the build job, live. */
import { useEffect } from 'react';
import { useAppStore } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { LogView } from '../../components/log-view.js';
import { StepHeading } from './step-heading.js';

export function BuildStep() {
  const jobId = useAppStore((state) => state.buildJobId);
  const job = useAppStore((state) => (state.buildJobId ? state.jobs[state.buildJobId] : undefined));
  const image = useAppStore((state) => state.image);
  const cancel = useAppStore((state) => state.cancelJob);
  const goToStep = useAppStore((state) => state.goToStep);
  const startBuild = useAppStore((state) => state.startBuild);
  const buildFinished = useAppStore((state) => state.buildFinished);
  const error = useAppStore((state) => state.wizardError);
  useEffect(() => {
    if (job?.state === 'succeeded' && job.image && !image) buildFinished(job.image);
  }, [job, image, buildFinished]);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (image) goToStep('install');
      }}
    >
      <StepHeading>Build</StepHeading>
      {error && <ErrorNotice error={error} />}
      {job && (
        <>
          <p role="status" data-testid="build-status" data-state={job.state}>
            {job.state === 'running' && `${job.title}…`}
            {job.state === 'succeeded' && image && `The image is ready: ${image.imagePath} (${(image.bytes / 1024 ** 2).toFixed(1)} MiB, ${image.packageCount} packages).`}
            {job.state === 'cancelled' && 'The build was cancelled. Nothing was left behind.'}
            {job.state === 'failed' && 'The build failed.'}
          </p>
          <JobSteps job={job} />
          {job.state === 'failed' && job.error && <ErrorNotice error={job.error} />}
        </>
      )}
      {jobId && <LogView jobId={jobId} />}
      <div className="wizard-buttons">
        <button type="button" onClick={() => goToStep('review')} disabled={job?.state === 'running'}>Back</button>
        {job?.state === 'running' && (
          <button type="button" className="danger" onClick={() => void cancel(job.id)}>Cancel build</button>
        )}
        {(job?.state === 'cancelled' || job?.state === 'failed') && (
          <button type="button" onClick={() => void startBuild()}>Build again</button>
        )}
        <button type="submit" className="primary" disabled={!image}>Next</button>
      </div>
    </form>
  );
}
