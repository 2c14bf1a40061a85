/** Main's settings and what this machine offers (Windows Terminal, file dialogs), read once at start. */
import type { Settings } from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';

export interface SettingsSlice {
  settings?: Settings;
  /** Asks main once; later calls reuse the answer. */
  loadSettings(): Promise<Settings | undefined>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get, api) => {
  let loading: Promise<Settings | undefined> | undefined;
  return {
    loadSettings() {
      loading ??= api.settings.get().then((result) => {
        if (!result.ok) {
          loading = undefined; // ask again next time
          return undefined;
        }
        set({ settings: result.value });
        return result.value;
      });
      return get().settings ? Promise.resolve(get().settings) : loading;
    },
  };
};
