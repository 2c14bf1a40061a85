/** Which main view is showing. */
import type { SliceCreator } from './store.js';

export type ViewName = 'distros' | 'wizard' | 'parity' | 'terminals';

export interface ViewSlice {
  view: ViewName;
  /** Shows a view; notices of the view being left are cleared (they belong to the page that raised them). */
  showView(view: ViewName): void;
}

export const createViewSlice: SliceCreator<ViewSlice> = (set, get) => ({
  view: 'distros',
  showView: (view) => {
    if (view !== get().view) get().clearDistroNotice();
    set({ view });
  },
});
