/**
 * The same API object over a WebSocket, for running the renderer in a plain browser against the
 * web host (tests, `dev:web`). Built from the contract's client builder, so it has exactly the
 * preload's methods.
 */
import type { AzlApi, Result } from '../../electron/contract/api.js';
import { createApiClient } from '../../electron/contract/api-client.js';

type ServerMessage = { t: 'result'; id: number; result: Result<unknown> } | { t: 'event'; channel: string; payload: unknown };

/** Connects to the web host's socket; calls made before the socket opens are queued. */
export function createWebSocketApi(url: string): AzlApi {
  const socket = new WebSocket(url);
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  socket.addEventListener('open', () => {
    for (const message of queue.splice(0)) socket.send(message);
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as ServerMessage;
    if (message.t === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.channel) ?? []) listener(message.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'The connection to the app was lost.' } });
    }
    pending.clear();
  });
  return createApiClient({
    invoke(channel, args) {
      const id = nextId++;
      const text = JSON.stringify({ t: 'call', id, channel, args });
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else if (socket.readyState === WebSocket.CONNECTING) queue.push(text);
        else resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'The connection to the app was lost.' } } as never);
      });
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  });
}
