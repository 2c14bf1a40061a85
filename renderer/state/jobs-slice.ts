/**
 * Jobs (builds, reviews, installs, exports, upgrades, snapshots) as main reports them, with
 * their logs (capped as main caps them), and the one place a job's end is handed on.
 */
import type { JobInfo, JobLogLine, Result } from '../../electron/contract/api.js';
import { appendToJobLog } from '../../electron/contract/job-log.js';
import type { AppState, SliceCreator } from './store.js';

/**
 * The slices that take a finished job's result, each for the jobs it started (the wizard's
 * review, build and install; the parity view's review; the distribution list's exports,
 * upgrades and snapshots). A new kind of job ends here, not in a view's effect.
 */
const JOB_FINISHERS = ['wizardJobFinished', 'parityJobFinished', 'distroJobFinished'] as const satisfies ReadonlyArray<keyof AppState>;

export interface JobsSlice {
  jobs: Record<string, JobInfo>;
  /** The newest lines of each job's log (at most MAX_JOB_LOG_LINES, as main keeps). */
  jobLogs: Record<string, JobLogLine[]>;
  /** How many lines each job has logged in all, kept or dropped (the log view writes only what is new). */
  jobLogTotals: Record<string, number>;
  /** Main's update of a job; the first update in a final state is handed to `jobFinished`. */
  applyJobUpdate(job: JobInfo): void;
  appendJobLogs(lines: JobLogLine[]): void;
  /**
   * Main's answer to a start call: records the job (unless its updates got here first), lets
   * the caller mark it as its own, and hands it to `jobFinished` at once if it has already
   * ended (its final update may arrive before the answer, when no slice knew the job yet).
   */
  adoptJob(result: Result<JobInfo>, claim?: (id: string) => void): Result<JobInfo>;
  /** The one job-finished hook: every slice's finisher sees every finished job once it is known as theirs. */
  jobFinished(job: JobInfo): void;
  /** Jobs the user asked to cancel: the UI says "Cancelling…" at once, until main reports the end. */
  cancelling: Record<string, true>;
  cancelJob(id: string): Promise<void>;
  /** True while any job runs (closing the window asks first). */
  hasRunningJob(): boolean;
}

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get, api) => ({
  jobs: {},
  jobLogs: {},
  jobLogTotals: {},
  applyJobUpdate: (job) => {
    const before = get().jobs[job.id];
    set((state) => ({ jobs: { ...state.jobs, [job.id]: job } }));
    if (job.state === 'running' || before?.state === job.state) return;
    if (get().cancelling[job.id]) {
      set((state) => {
        const cancelling = { ...state.cancelling };
        delete cancelling[job.id];
        return { cancelling };
      });
    }
    get().jobFinished(job);
  },
  appendJobLogs: (lines) =>
    set((state) => {
      const byJob = new Map<string, JobLogLine[]>();
      for (const line of lines) byJob.set(line.jobId, [...(byJob.get(line.jobId) ?? []), line]);
      const jobLogs = { ...state.jobLogs };
      const jobLogTotals = { ...state.jobLogTotals };
      for (const [jobId, fresh] of byJob) {
        jobLogs[jobId] = appendToJobLog(jobLogs[jobId] ?? [], fresh);
        jobLogTotals[jobId] = (jobLogTotals[jobId] ?? 0) + fresh.length;
      }
      return { jobLogs, jobLogTotals };
    }),
  adoptJob(result, claim) {
    if (!result.ok) return result;
    const job = result.value;
    // Never overwrite a later update with this first snapshot.
    if (!get().jobs[job.id]) set((state) => ({ jobs: { ...state.jobs, [job.id]: job } }));
    claim?.(job.id);
    const known = get().jobs[job.id]!;
    if (known.state !== 'running') get().jobFinished(known);
    return result;
  },
  jobFinished(job) {
    const state = get();
    for (const finisher of JOB_FINISHERS) state[finisher](job);
  },
  cancelling: {},
  async cancelJob(id) {
    if (get().jobs[id]?.state === 'running') set((state) => ({ cancelling: { ...state.cancelling, [id]: true } }));
    await api.jobs.cancel(id);
  },
  hasRunningJob: () => Object.values(get().jobs).some((job) => job.state === 'running'),
});
