/** Jobs (builds, reviews, installs) as main reports them, with their logs. */
import type { JobInfo, JobLogLine } from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';

export interface JobsSlice {
  jobs: Record<string, JobInfo>;
  jobLogs: Record<string, JobLogLine[]>;
  applyJobUpdate(job: JobInfo): void;
  appendJobLogs(lines: JobLogLine[]): void;
  /** Jobs the user asked to cancel: the UI says "Cancelling…" at once, until main reports the end. */
  cancelling: Record<string, true>;
  cancelJob(id: string): Promise<void>;
  /** True while any job runs (closing the window asks first). */
  hasRunningJob(): boolean;
}

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get, api) => ({
  jobs: {},
  jobLogs: {},
  applyJobUpdate: (job) => {
    set((state) => ({ jobs: { ...state.jobs, [job.id]: job } }));
    // Reviews end in the wizard or the parity view, whichever started them.
    if (job.kind === 'review' && job.state !== 'running') {
      get().reviewJobFinished(job);
      get().parityJobFinished(job);
    }
    if (job.kind === 'export' && job.state !== 'running') get().exportJobFinished(job);
    if ((job.kind === 'upgrade' || job.kind === 'snapshot') && job.state !== 'running') get().lifecycleJobFinished(job);
    if (job.state !== 'running' && get().cancelling[job.id]) {
      set((state) => {
        const cancelling = { ...state.cancelling };
        delete cancelling[job.id];
        return { cancelling };
      });
    }
  },
  appendJobLogs: (lines) =>
    set((state) => {
      const jobLogs = { ...state.jobLogs };
      for (const line of lines) jobLogs[line.jobId] = [...(jobLogs[line.jobId] ?? []), line];
      return { jobLogs };
    }),
  cancelling: {},
  async cancelJob(id) {
    if (get().jobs[id]?.state === 'running') set((state) => ({ cancelling: { ...state.cancelling, [id]: true } }));
    await api.jobs.cancel(id);
  },
  hasRunningJob: () => Object.values(get().jobs).some((job) => job.state === 'running'),
});
