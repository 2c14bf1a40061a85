/**
 * Terminals: main owns every pty, keyed by id and by the window (client) that opened it.
 *
 * Output is batched (16 ms or 64 KiB; Hyper uses 200 KB) and decoded with a StringDecoder so a UTF-8
 * character split across two reads stays whole. Flow control follows VS Code: the renderer
 * acknowledges what xterm has drawn, and a pty far ahead of the screen is paused.
 */
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { PtyData, PtyExit, PtyOpenRequest } from '../contract/api.js';
import { AzlError } from '../../common/errors.js';

/** One frame at 60 Hz: output drawn as it arrives, without one IPC message per read. */
export const BATCH_INTERVAL_MS = 16;
/**
 * Flush early past this much text, so a burst never builds one giant message. Hyper uses
 * 200 KB; 64 KiB keeps every message (its JSON/structured clone and the renderer's dispatch)
 * small enough that one never costs the renderer a long task, and throughput is unchanged
 * (a 50 MB burst is still only ~800 messages).
 */
export const BATCH_MAX_CHARS = 64 * 1024;
/** Pause the pty when the renderer is this far behind (VS Code's HighWatermarkChars). */
export const HIGH_WATERMARK_CHARS = 100_000;
/** Resume once the renderer has caught up to within this (VS Code's LowWatermarkChars). */
export const LOW_WATERMARK_CHARS = 5_000;
/** Window resizes arrive in bursts while dragging; only the last size matters. */
export const RESIZE_DEBOUNCE_MS = 50;
/** node-pty can deliver the last output after the exit event; wait this long before reporting exit. */
export const EXIT_FLUSH_MS = 100;

/** The part of node-pty's IPty this manager uses (an injected fake in tests). */
export interface PtyProcess {
  onData(listener: (data: string | Buffer) => void): { dispose(): void };
  onExit(listener: (event: { exitCode: number; signal?: number }) => void): { dispose(): void };
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(signal?: string): void;
}

/** node-pty's `spawn`, narrowed. `encoding: null` makes it hand over raw bytes. */
export type PtySpawn = (
  file: string,
  args: string[],
  options: { name: string; cols: number; rows: number; cwd?: string; env: Record<string, string>; encoding: null },
) => PtyProcess;

/** Where a pty's events go: the window that owns it. */
export interface PtyEventSink {
  data(owner: string, payload: PtyData): void;
  exit(owner: string, payload: PtyExit): void;
}

export interface PtyManagerOptions {
  spawn: PtySpawn;
  /** wsl.exe (the simulator in tests). */
  wslPath: string;
  env: NodeJS.ProcessEnv;
  sink: PtyEventSink;
}

interface Session {
  id: string;
  owner: string;
  process: PtyProcess;
  decoder: StringDecoder;
  buffer: string;
  flushTimer?: ReturnType<typeof setTimeout>;
  resizeTimer?: ReturnType<typeof setTimeout>;
  unacknowledged: number;
  paused: boolean;
  exited: boolean;
  listeners: Array<{ dispose(): void }>;
}

/** Owns every terminal of the app. */
export class PtyManager {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: PtyManagerOptions) {}

  /** Starts `wsl.exe -d NAME` in a new pty for `owner`; returns its id. */
  open(owner: string, request: PtyOpenRequest): string {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.options.env)) if (value !== undefined) env[key] = value;
    env.TERM = 'xterm-256color';
    const process = this.options.spawn(this.options.wslPath, ['-d', request.distro], {
      name: 'xterm-256color',
      cols: Math.max(1, request.cols),
      rows: Math.max(1, request.rows),
      env,
      encoding: null,
    });
    const session: Session = {
      id: randomUUID(),
      owner,
      process,
      decoder: new StringDecoder('utf8'),
      buffer: '',
      unacknowledged: 0,
      paused: false,
      exited: false,
      listeners: [],
    };
    this.sessions.set(session.id, session);
    session.listeners.push(
      process.onData((chunk) => this.received(session, typeof chunk === 'string' ? chunk : session.decoder.write(chunk))),
      process.onExit(({ exitCode }) => {
        session.exited = true;
        setTimeout(() => {
          this.received(session, session.decoder.end());
          this.flush(session);
          this.options.sink.exit(session.owner, { id: session.id, exitCode });
          this.remove(session);
        }, EXIT_FLUSH_MS);
      }),
    );
    return session.id;
  }

  write(owner: string, id: string, data: string): void {
    this.session(owner, id).process.write(data);
  }

  /** Debounced; sizes below 1×1 (a hidden panel measures 0) are clamped. */
  resize(owner: string, id: string, cols: number, rows: number): void {
    const session = this.session(owner, id);
    if (session.resizeTimer) clearTimeout(session.resizeTimer);
    session.resizeTimer = setTimeout(() => {
      session.resizeTimer = undefined;
      if (!session.exited) session.process.resize(Math.max(1, cols), Math.max(1, rows));
    }, RESIZE_DEBOUNCE_MS);
  }

  /** The renderer has drawn `chars` more characters. */
  acknowledge(owner: string, id: string, chars: number): void {
    const session = this.session(owner, id);
    session.unacknowledged = Math.max(0, session.unacknowledged - chars);
    if (session.paused && session.unacknowledged < LOW_WATERMARK_CHARS) {
      session.paused = false;
      session.process.resume();
    }
  }

  close(owner: string, id: string): void {
    const session = this.session(owner, id);
    this.kill(session);
  }

  /** Kills every pty a closed window owned. */
  disposeOwner(owner: string): void {
    for (const session of [...this.sessions.values()]) if (session.owner === owner) this.kill(session);
  }

  /** Ids of the live ptys of one owner (tests, diagnostics). */
  idsOf(owner: string): string[] {
    return [...this.sessions.values()].filter((session) => session.owner === owner).map((session) => session.id);
  }

  dispose(): void {
    for (const session of [...this.sessions.values()]) this.kill(session);
  }

  private session(owner: string, id: string): Session {
    const session = this.sessions.get(id);
    // Another window's terminal is reported as missing, not as forbidden: ids are not to be probed.
    if (!session || session.owner !== owner) throw new AzlError('NOT_FOUND', 'That terminal is no longer open.', { hint: 'Open a new terminal.' });
    return session;
  }

  private received(session: Session, text: string): void {
    if (text.length === 0) return;
    session.buffer += text;
    if (session.buffer.length >= BATCH_MAX_CHARS) this.flush(session);
    else if (!session.flushTimer) session.flushTimer = setTimeout(() => this.flush(session), BATCH_INTERVAL_MS);
  }

  private flush(session: Session): void {
    if (session.flushTimer) clearTimeout(session.flushTimer);
    session.flushTimer = undefined;
    if (session.buffer.length === 0) return;
    const data = session.buffer;
    session.buffer = '';
    session.unacknowledged += data.length;
    this.options.sink.data(session.owner, { id: session.id, data });
    if (!session.paused && !session.exited && session.unacknowledged > HIGH_WATERMARK_CHARS) {
      session.paused = true;
      session.process.pause();
    }
  }

  private kill(session: Session): void {
    this.remove(session);
    if (!session.exited) {
      session.exited = true;
      try {
        session.process.kill();
      } catch {
        // already gone
      }
    }
  }

  private remove(session: Session): void {
    if (session.flushTimer) clearTimeout(session.flushTimer);
    if (session.resizeTimer) clearTimeout(session.resizeTimer);
    session.flushTimer = session.resizeTimer = undefined;
    for (const listener of session.listeners) listener.dispose();
    session.listeners = [];
    this.sessions.delete(session.id);
  }
}
