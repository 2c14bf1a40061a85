/**
 * A distribution dialog that runs a job (export, upgrade, snapshot): the job's live state from
 * the store, its steps and a sentence for each way it can end, and the action row (Cancel while
 * it runs, Close after). The list's notice for a success comes from the job-finished hook.
 */
import { useState, type ReactNode } from 'react';
import { Button } from '@fluentui/react-components';
import type { ApiError, JobInfo, Result } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { useAppStore } from '../../state/app-store-context.js';

/** The job a dialog started, as main last reported it, and the error of the call that was to start it. */
export function useDialogJob() {
  const [jobId, setJobId] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const job = useAppStore((state) => (jobId ? state.jobs[jobId] : undefined));
  const cancelling = useAppStore((state) => (jobId ? Boolean(state.cancelling[jobId]) : false));
  const cancelJob = useAppStore((state) => state.cancelJob);
  const start = async (call: () => Promise<Result<JobInfo>>) => {
    setError(undefined);
    const result = await call();
    if (!result.ok) setError(result.error);
    else setJobId(result.value.id);
  };
  const cancel = () => {
    if (job) void cancelJob(job.id);
  };
  return { job, running: job?.state === 'running', done: job?.state === 'succeeded', cancelling, error, setError, start, cancel };
}

export type DialogJob = ReturnType<typeof useDialogJob>;

/**
 * The job's steps and what it is doing: `running` while it runs ("Cancelling the NOUN…" once
 * asked to stop), `children` (the dialog's report of a success), `cancelled` after a cancel, and
 * the error of a failure or of the start call.
 */
export function JobProgress({ dialogJob, noun, running, cancelled, children }: { dialogJob: DialogJob; noun: string; running: string; cancelled: string; children?: ReactNode }) {
  const { job, cancelling, error } = dialogJob;
  return (
    <>
      {job && <JobSteps job={job} compact />}
      {dialogJob.running && (
        <p role="status" data-testid={`${noun}-status`}>
          {cancelling ? `Cancelling the ${noun}…` : running}
        </p>
      )}
      {children}
      {job?.state === 'cancelled' && (
        <p role="status" data-testid={`${noun}-cancelled`}>
          {cancelled}
        </p>
      )}
      {job?.state === 'failed' && job.error && <ErrorNotice error={job.error} />}
      {error && <ErrorNotice error={error} />}
    </>
  );
}

/**
 * The action row: "Cancel NOUN" while the job runs, else Close (the primary button once it
 * succeeded); the start button (`label`, `runningLabel` while it runs) until it succeeded, or
 * with `again={false}` until it ended at all.
 */
export function JobActions({ dialogJob, noun, label, runningLabel, canStart, again = true, onClose }: { dialogJob: DialogJob; noun: string; label: string; runningLabel: string; canStart: boolean; again?: boolean; onClose: () => void }) {
  const { job, running, done, cancelling, cancel } = dialogJob;
  const ended = job !== undefined && !running;
  return (
    <>
      {running ? (
        <Button type="button" onClick={cancel} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : `Cancel ${noun}`}
        </Button>
      ) : (
        <Button type="button" onClick={onClose} appearance={done ? 'primary' : 'secondary'}>
          Close
        </Button>
      )}
      {!done && (again || !ended) && (
        <Button type="submit" appearance="primary" disabled={running || !canStart}>
          {running ? runningLabel : label}
        </Button>
      )}
    </>
  );
}
