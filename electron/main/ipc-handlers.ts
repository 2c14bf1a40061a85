/**
 * Binds the API router to Electron's ipcMain. Plain Node: the ipcMain and event objects are
 * described by the small interfaces below, so tests inject a fake and main.ts passes the real one.
 */
import type { Result } from '../contract/api.js';
import { CHANNEL_PREFIX, METHOD_CHANNELS } from '../contract/channels.js';
import { fail } from '../contract/result.js';
import { AzlError } from '../../common/errors.js';
import type { ApiClient, ApiRouter } from './api-router.js';

/** The part of an IpcMainInvokeEvent the checks read. */
export interface IpcInvokeEventLike {
  sender: { id: number };
  senderFrame?: { url: string } | null;
}

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcBindingOptions {
  /** True only for the app's own window showing the app's own page. */
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  /** The client (window) a trusted event came from. */
  clientFor(event: IpcInvokeEventLike): ApiClient;
}

/**
 * The standard sender check: the event comes from the main window's webContents, from a frame
 * whose origin is the app's own (`app://…`), not from an iframe or a page navigated elsewhere.
 */
export function isTrustedSender(event: IpcInvokeEventLike, expected: { webContentsId: number | undefined; origin: string }): boolean {
  if (expected.webContentsId === undefined || event.sender.id !== expected.webContentsId) return false;
  const url = event.senderFrame?.url;
  if (!url) return false;
  try {
    // URL#origin is "null" for non-special schemes like app:, so compare scheme and host directly.
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === expected.origin;
  } catch {
    return false;
  }
}

/** Registers one handler per API method; returns a function that removes them all. */
export function registerIpcHandlers(ipcMain: IpcMainLike, router: ApiRouter, options: IpcBindingOptions): () => void {
  for (const channel of METHOD_CHANNELS) {
    ipcMain.handle(CHANNEL_PREFIX + channel, async (event, ...args): Promise<Result<unknown>> => {
      if (!options.isTrustedSender(event)) {
        return fail(new AzlError('FORBIDDEN_SENDER', 'This request did not come from the app window and was refused.'));
      }
      return router.call(options.clientFor(event), channel, args);
    });
  }
  return () => {
    for (const channel of METHOD_CHANNELS) ipcMain.removeHandler(CHANNEL_PREFIX + channel);
  };
}
