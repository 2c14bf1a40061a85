/** Step 2: what will be built, and what the WSL transform changes. */
import { useAppStore } from '../../state/app-store-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ParityList } from './parity-list.js';
import { StepHeading } from './step-heading.js';

export function ReviewStep() {
  const review = useAppStore((state) => state.review);
  const goToStep = useAppStore((state) => state.goToStep);
  const startBuild = useAppStore((state) => state.startBuild);
  const error = useAppStore((state) => state.wizardError);
  if (!review) return null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!review.prebuiltImage) goToStep('build');
        void startBuild();
      }}
    >
      <StepHeading>Review</StepHeading>
      <dl className="summary">
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
      {error && <ErrorNotice error={error} />}
      <div className="wizard-buttons">
        <button type="button" onClick={() => goToStep('source')}>Back</button>
        <button type="submit" className="primary">{review.prebuiltImage ? 'Next' : 'Build'}</button>
      </div>
    </form>
  );
}
