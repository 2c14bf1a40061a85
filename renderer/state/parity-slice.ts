/** The parity view's report: a review job of one catalog source, kept apart from the wizard's. */
import type { ApiError, BuildReview, JobInfo } from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';

export interface ParitySlice {
  parityReview?: BuildReview;
  parityError?: ApiError;
  parityLoading: boolean;
  parityJobId?: string;
  loadParity(catalogId: string): Promise<void>;
  /** The parity view's part of the job-finished hook: its review's result. */
  parityJobFinished(job: JobInfo): void;
}

export const createParitySlice: SliceCreator<ParitySlice> = (set, get, api) => ({
  parityLoading: false,
  async loadParity(catalogId) {
    set({ parityLoading: true, parityError: undefined, parityJobId: undefined });
    const result = get().adoptJob(await api.builds.startReview({ kind: 'catalog', id: catalogId }), (id) => set({ parityJobId: id }));
    if (!result.ok) set({ parityError: result.error, parityLoading: false, parityReview: undefined });
  },
  parityJobFinished(job) {
    if (job.id !== get().parityJobId) return;
    if (job.state === 'succeeded' && job.review) set({ parityReview: job.review, parityLoading: false });
    else set({ parityError: job.error, parityLoading: false, parityReview: undefined });
  },
});
