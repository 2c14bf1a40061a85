/** The parity view's report: a review of one catalog source, kept apart from the wizard's. */
import type { ApiError, BuildReview } from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';

export interface ParitySlice {
  parityReview?: BuildReview;
  parityError?: ApiError;
  parityLoading: boolean;
  loadParity(catalogId: string): Promise<void>;
}

export const createParitySlice: SliceCreator<ParitySlice> = (set, _get, api) => ({
  parityLoading: false,
  async loadParity(catalogId) {
    set({ parityLoading: true, parityError: undefined });
    const result = await api.builds.review({ kind: 'catalog', id: catalogId });
    set(result.ok ? { parityReview: result.value, parityLoading: false } : { parityError: result.error, parityLoading: false, parityReview: undefined });
  },
});
