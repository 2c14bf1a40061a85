/** Step 2: the review job live (it may first create the WSL builder), then what will be built and what the WSL transform changes. */
import { useAppStore } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { ParityList } from './parity-list.js';
import { StepHeading } from './step-heading.js';

export function ReviewStep() {
  const review = useAppStore((state) => state.review);
  const job = useAppStore((state) => (state.reviewJobId ? state.jobs[state.reviewJobId] : undefined));
  const goToStep = useAppStore((state) => state.goToStep);
  const startBuild = useAppStore((state) => state.startBuild);
  const cancelReview = useAppStore((state) => state.cancelReview);
  const error = useAppStore((state) => state.wizardError);
  const running = !review && job?.state === 'running';
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!review) return;
        if (!review.prebuiltImage) goToStep('build');
        void startBuild();
      }}
    >
      <StepHeading>Review</StepHeading>
      {job && (
        <>
          <p role="status" data-testid="review-status" data-state={review ? 'succeeded' : job.state}>
            {running && 'Reading the profile and its repositories…'}
            {review && (review.prebuiltImage ? 'The image is installed as it is.' : 'The profile and its repositories were read.')}
            {job.state === 'failed' && 'The review failed.'}
          </p>
          {!review?.prebuiltImage && <JobSteps job={job} />}
          {job.state === 'failed' && job.error && <ErrorNotice error={job.error} />}
        </>
      )}
      {review && (
        <>
          <dl className="summary" data-testid="review-summary">
            <dt>Source</dt>
            <dd>{review.sourceLabel}</dd>
            {!review.prebuiltImage && (
              <>
                <dt>Profile</dt>
                <dd>
                  {review.profileName} ({review.imageType}) — {review.profilePath}
                </dd>
                <dt>Packages</dt>
                <dd data-testid="package-count">{review.packages.length} packages</dd>
                <dt>Repositories</dt>
                <dd>{review.repositories.join(', ')}</dd>
              </>
            )}
          </dl>
          {!review.prebuiltImage && (
            <>
              <h3>What changes for WSL</h3>
              <ParityList items={review.parity} />
            </>
          )}
        </>
      )}
      {error && <ErrorNotice error={error} />}
      <div className="wizard-buttons">
        {running ? (
          <button type="button" className="danger" onClick={() => void cancelReview()}>Cancel review</button>
        ) : (
          <button type="button" onClick={() => goToStep('source')}>Back</button>
        )}
        {review && <button type="submit" className="primary">{review.prebuiltImage ? 'Next' : 'Build'}</button>}
      </div>
    </form>
  );
}
