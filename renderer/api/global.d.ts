import type { AzlApi } from '../../electron/contract/api.js';

declare global {
  interface Window {
    /** Exposed by the preload in Electron; absent in a plain browser (the web host's shim fills in). */
    azl?: AzlApi;
  }
}
