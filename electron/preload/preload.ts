/**
 * The preload: exposes exactly one object, `window.azl`, with one named method per API channel
 * (built by the contract's client builder). No ipcRenderer, no generic send/invoke/on.
 * Bundled to preload.cjs (sandboxed preloads cannot load ES modules or other files).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApiClient } from '../contract/api-client.js';
import { CHANNEL_PREFIX } from '../contract/channels.js';
import type { Result } from '../contract/api.js';

const api = createApiClient({
  invoke: (channel, args) => ipcRenderer.invoke(CHANNEL_PREFIX + channel, ...args) as Promise<Result<never>>,
  subscribe(channel, listener) {
    // Wrapped so the page never receives the IpcRendererEvent (it exposes `sender`).
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(CHANNEL_PREFIX + channel, wrapped);
    return () => void ipcRenderer.removeListener(CHANNEL_PREFIX + channel, wrapped);
  },
});

contextBridge.exposeInMainWorld('azl', api);
