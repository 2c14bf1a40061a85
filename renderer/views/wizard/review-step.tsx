/**
 * Step 2: the review job live (it may first create the WSL builder), then what will be built,
 * where the image goes, and what the WSL transform changes; for an existing image, the accounts
 * it already has.
 */
import { Button } from '@fluentui/react-components';
import { useAppStore, useAppValues } from '../../state/app-store-context.js';
import { nextStep, previousStep } from '../../state/wizard-navigation.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { ParityList } from './parity-list.js';
import { BackButton, NextButton, StepForm } from './step-form.js';
import { useWizardStyles } from './wizard-styles.js';

export function ReviewStep() {
  const styles = useWizardStyles();
  const { review, cancelReview, wizardError: error } = useAppValues('review', 'cancelReview', 'wizardError');
  const job = useAppStore((state) => (state.reviewJobId ? state.jobs[state.reviewJobId] : undefined));
  const cancelling = useAppStore((state) => (state.reviewJobId ? Boolean(state.cancelling[state.reviewJobId]) : false));
  const fromImage = useAppStore((state) => state.reviewSource?.kind === 'image');
  const next = useAppStore(nextStep);
  const canGoBack = useAppStore((state) => previousStep(state) !== undefined);
  const running = !review && job?.state === 'running';
  const accounts = review?.existingAccounts ?? [];
  return (
    <StepForm
      heading="Review"
      buttons={
        <>
          {canGoBack ? (
            <BackButton />
          ) : (
            <Button type="button" onClick={() => void cancelReview()} disabled={cancelling}>
              {cancelling ? 'Cancelling…' : 'Cancel review'}
            </Button>
          )}
          {next && <NextButton>{next === 'build' ? 'Build' : 'Next'}</NextButton>}
        </>
      }
    >
      {job && (
        <>
          <p className={styles.status} role="status" data-testid="review-status" data-state={review ? 'succeeded' : cancelling && running ? 'cancelling' : job.state}>
            {running && (cancelling ? 'Cancelling the review…' : fromImage ? 'Reading the image…' : 'Reading the profile and its repositories…')}
            {review && (review.prebuiltImage ? 'The image is installed as it is: nothing is built.' : 'The profile and its repositories were read.')}
            {job.state === 'failed' && 'The review failed.'}
          </p>
          <JobSteps job={job} />
          {job.state === 'failed' && job.error && <ErrorNotice error={job.error} />}
        </>
      )}
      {review && (
        <>
          <dl className={styles.summary} data-testid="review-summary">
            <dt className={styles.term}>Source</dt>
            <dd className={styles.value}>{review.sourceLabel}</dd>
            {review.prebuiltImage ? (
              <>
                <dt className={styles.term}>Accounts in the image</dt>
                <dd className={styles.value} data-testid="image-accounts">
                  {accounts.length === 0
                    ? 'None besides root and the system accounts: you create the first account.'
                    : accounts.map((account) => `${account.name} (uid ${account.uid}${account.name === review.defaultUser ? ', its default user' : ''})`).join(', ') + '. You can keep one or create another.'}
                </dd>
              </>
            ) : (
              <>
                <dt className={styles.term}>Profile</dt>
                <dd className={styles.value}>
                  {review.profileName} ({review.imageType}) — {review.profilePath}
                </dd>
                <dt className={styles.term}>Packages</dt>
                <dd className={styles.value}>
                  <span data-testid="package-count">{review.packages.length} packages requested</span>
                  <span className={styles.description}>The build installs them with what they depend on, so the finished image counts more.</span>
                </dd>
                <dt className={styles.term}>Repositories</dt>
                <dd className={styles.value}>{review.repositories.join(', ')}</dd>
                {review.outputFile && (
                  <>
                    <dt className={styles.term}>Writes</dt>
                    <dd className={styles.value} data-testid="output-file">
                      {review.outputFile}
                    </dd>
                  </>
                )}
              </>
            )}
          </dl>
          {!review.prebuiltImage && (
            <>
              <h3 className={styles.subheading}>What changes for WSL</h3>
              <ParityList items={review.parity} arch={review.arch} />
            </>
          )}
        </>
      )}
      {error && <ErrorNotice error={error} />}
    </StepForm>
  );
}
