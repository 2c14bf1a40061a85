/** Hands the store and API to components (one store per page; tests can make their own). */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppState, AppStore } from './store.js';
import type { AzlApi } from '../../electron/contract/api.js';

export const AppStoreContext = createContext<{ store: AppStore; api: AzlApi } | null>(null);

function useContextValue() {
  const value = useContext(AppStoreContext);
  if (!value) throw new Error('AppStoreContext is missing');
  return value;
}

/** Selects from the app state, re-rendering when the selection changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useContextValue().store, selector);
}

/**
 * Several values and actions of the app state by name, re-rendering when one of them changes:
 * `const { distros, loadDistros } = useAppValues('distros', 'loadDistros')`.
 */
export function useAppValues<K extends keyof AppState>(...keys: K[]): Pick<AppState, K> {
  return useAppStore(
    useShallow((state) => {
      const picked = {} as Pick<AppState, K>;
      for (const key of keys) picked[key] = state[key];
      return picked;
    }),
  );
}

/** The API object, for the few views that stream (terminals). */
export function useApi(): AzlApi {
  return useContextValue().api;
}
