/** Which main view is showing. */
import type { SliceCreator } from './store.js';

export type ViewName = 'distros' | 'wizard' | 'parity' | 'terminals';

export interface ViewSlice {
  view: ViewName;
  showView(view: ViewName): void;
}

export const createViewSlice: SliceCreator<ViewSlice> = (set) => ({
  view: 'distros',
  showView: (view) => set({ view }),
});
