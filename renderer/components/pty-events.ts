/**
 * One subscription to the pty events for the whole page, dispatched by terminal id. Output that
 * arrives before its terminal view has mounted (the first prompt) is held until it attaches.
 */
import type { AzlApi } from '../../electron/contract/api.js';

export interface PtySink {
  data(data: string): void;
  exit(exitCode: number): void;
}

const sinks = new Map<string, PtySink>();
const early = new Map<string, string[]>();
const earlyExit = new Map<string, number>();

/** Starts dispatching; call once at startup. */
export function startPtyEvents(api: AzlApi): () => void {
  const offData = api.pty.onData(({ id, data }) => {
    const sink = sinks.get(id);
    if (sink) sink.data(data);
    else early.set(id, [...(early.get(id) ?? []), data]);
  });
  const offExit = api.pty.onExit(({ id, exitCode }) => {
    const sink = sinks.get(id);
    if (sink) sink.exit(exitCode);
    else earlyExit.set(id, exitCode);
  });
  return () => {
    offData();
    offExit();
  };
}

/** Connects a terminal view to its pty's events; returns the detach function. */
export function attachPty(id: string, sink: PtySink): () => void {
  sinks.set(id, sink);
  for (const data of early.get(id) ?? []) sink.data(data);
  early.delete(id);
  const exitCode = earlyExit.get(id);
  if (exitCode !== undefined) {
    earlyExit.delete(id);
    sink.exit(exitCode);
  }
  return () => {
    if (sinks.get(id) === sink) sinks.delete(id);
  };
}
