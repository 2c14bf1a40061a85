/** The renderer's one zustand store, combined from slices (each caches one part of main's truth). */
import { create } from 'zustand';
import { createDistrosSlice, type DistrosSlice } from './distros-slice.js';
import { createJobsSlice, type JobsSlice } from './jobs-slice.js';
import { createTerminalsSlice, type TerminalsSlice } from './terminals-slice.js';
import { createWizardSlice, type WizardSlice } from './wizard-slice.js';
import { createViewSlice, type ViewSlice } from './view-slice.js';
import { createParitySlice, type ParitySlice } from './parity-slice.js';
import { createSettingsSlice, type SettingsSlice } from './settings-slice.js';
import { createHelpSlice, type HelpSlice } from './help-slice.js';
import type { AzlApi } from '../../electron/contract/api.js';

export type AppState = DistrosSlice & JobsSlice & TerminalsSlice & WizardSlice & ViewSlice & ParitySlice & SettingsSlice & HelpSlice;

/** A slice creator: gets set/get over the whole state and the API. */
export type SliceCreator<T> = (set: (partial: Partial<AppState> | ((state: AppState) => Partial<AppState>)) => void, get: () => AppState, api: AzlApi) => T;

/** Creates a store bound to one API object (the real one, or a fake in slice tests). */
export function createAppStore(api: AzlApi) {
  return create<AppState>()((set, get) => ({
    ...createDistrosSlice(set, get, api),
    ...createJobsSlice(set, get, api),
    ...createTerminalsSlice(set, get, api),
    ...createWizardSlice(set, get, api),
    ...createViewSlice(set, get, api),
    ...createParitySlice(set, get, api),
    ...createSettingsSlice(set, get, api),
    ...createHelpSlice(set, get, api),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
