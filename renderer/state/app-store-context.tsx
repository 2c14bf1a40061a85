/** Hands the store and API to components (one store per page; tests can make their own). */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
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

/** The API object, for the few views that stream (terminals). */
export function useApi(): AzlApi {
  return useContextValue().api;
}
