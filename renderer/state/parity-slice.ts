/** The parity view's report: a review job of one catalog source, kept apart from the wizard's. */
import type { ApiError, BuildReview, JobInfo } from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';

export interface ParitySlice {
  parityReview?: BuildReview;
  parityError?: ApiError;
  parityLoading: boolean;
  parityJobId?: string;
  loadParity(catalogId: string): Promise<void>;
  /** Called for every finished review job: takes the parity view's result. */
  parityJobFinished(job: JobInfo): void;
}

export const createParitySlice: SliceCreator<ParitySlice> = (set, get, api) => ({
  parityLoading: false,
  async loadParity(catalogId) {
    set({ parityLoading: true, parityError: undefined, parityJobId: undefined });
    const result = await api.builds.startReview({ kind: 'catalog', id: catalogId });
    if (!result.ok) {
      set({ parityError: result.error, parityLoading: false, parityReview: undefined });
      return;
    }
    const job = result.value;
    if (!get().jobs[job.id]) get().applyJobUpdate(job);
    set({ parityJobId: job.id });
    const known = get().jobs[job.id]!;
    if (known.state !== 'running') get().parityJobFinished(known);
  },
  parityJobFinished(job) {
    if (job.id !== get().parityJobId) return;
    if (job.state === 'succeeded' && job.review) set({ parityReview: job.review, parityLoading: false });
    else set({ parityError: job.error, parityLoading: false, parityReview: undefined });
  },
});
