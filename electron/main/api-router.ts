/**
 * Dispatches API calls to services, for any transport (Electron IPC, the web host's socket).
 *
 * It is the one place where arguments are validated and results wrapped, so the Electron
 * shell and the test host cannot drift apart.
 */
import type { Result } from '../contract/api.js';
import { ARGUMENT_VALIDATORS, type EventChannel, type EventMap, type MethodChannel, type MethodMap } from '../contract/channels.js';
import { fail, ok } from '../contract/result.js';
import { AzlError } from '../../common/errors.js';

/** One connected window (or browser page). */
export interface ApiClient {
  /** Stable for the client's life: ptys are keyed by it. */
  readonly id: string;
  send<K extends EventChannel>(channel: K, payload: EventMap[K]): void;
}

/** The service side of every method; `client` says which window called. */
export type ApiHandlers = {
  [K in MethodChannel]: (client: ApiClient, ...args: MethodMap[K]['args']) => Promise<MethodMap[K]['result']> | MethodMap[K]['result'];
};

/** Log of unexpected errors (bugs); expected failures are not logged as errors. */
export type BugLogger = (channel: string, error: unknown) => void;

/** Routes calls and events between clients and services. */
export class ApiRouter {
  private readonly clients = new Map<string, ApiClient>();
  private readonly closeListeners: Array<(clientId: string) => void> = [];

  constructor(
    private readonly handlers: ApiHandlers,
    private readonly logBug: BugLogger = (channel, error) => console.error(`[azl] ${channel} failed:`, error),
  ) {}

  connect(client: ApiClient): void {
    this.clients.set(client.id, client);
  }

  /** Forgets a client and lets services release what it owned (its ptys). */
  disconnect(clientId: string): void {
    if (!this.clients.delete(clientId)) return;
    for (const listener of this.closeListeners) listener(clientId);
  }

  onClientClosed(listener: (clientId: string) => void): void {
    this.closeListeners.push(listener);
  }

  /** Sends an event to every connected client. */
  broadcast<K extends EventChannel>(channel: K, payload: EventMap[K]): void {
    for (const client of this.clients.values()) client.send(channel, payload);
  }

  /** Sends an event to one client, if it is still connected. */
  sendTo<K extends EventChannel>(clientId: string, channel: K, payload: EventMap[K]): void {
    this.clients.get(clientId)?.send(channel, payload);
  }

  /** Validates and runs one call; never throws. */
  async call(client: ApiClient, channel: string, rawArgs: unknown): Promise<Result<unknown>> {
    if (!Object.hasOwn(ARGUMENT_VALIDATORS, channel)) {
      return fail(new AzlError('INVALID_ARGUMENT', `There is no API method "${channel.slice(0, 64)}".`));
    }
    const method = channel as MethodChannel;
    try {
      const args = ARGUMENT_VALIDATORS[method](rawArgs, method) as unknown[];
      const handler = this.handlers[method] as (client: ApiClient, ...args: unknown[]) => unknown;
      const value = await handler(client, ...args);
      return ok(value);
    } catch (error) {
      const result = fail(error);
      if (!result.ok && result.error.code === 'INTERNAL') this.logBug(method, error);
      return result;
    }
  }
}
