/** The API object the renderer uses: the preload's in Electron, the web host's shim in a browser. */
import type { AzlApi } from '../../electron/contract/api.js';
import { createWebSocketApi } from './web-socket-api.js';

let api: AzlApi | undefined;

/** Returns the one API object of this page. */
export function getApi(): AzlApi {
  api ??= window.azl ?? createWebSocketApi(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`);
  return api;
}
