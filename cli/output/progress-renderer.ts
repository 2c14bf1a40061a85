/**
 * Draws engine progress for a terminal: one live bar per step on a TTY, plain step lines when
 * piped, or one JSON object per line with --json (for CI and scripts).
 */
import type { ProgressEvent, ProgressListener } from '../../common/progress.js';

/** Redraw at most this often: terminals flicker and slow down beyond ~10 updates a second. */
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 28;

export interface ProgressRendererOptions {
  mode: 'tty' | 'plain' | 'json';
  write: (text: string) => void;
  /** Show program output lines (dnf, scripts) as they come; always on in json mode. */
  verbose?: boolean;
}

export interface ProgressRenderer {
  listener: ProgressListener;
  /** Clears the live line so the final summary starts on a clean line. */
  finish(): void;
}

export function createProgressRenderer(options: ProgressRendererOptions): ProgressRenderer {
  if (options.mode === 'json') {
    return {
      listener: (event) => options.write(JSON.stringify(event) + '\n'),
      finish: () => {},
    };
  }
  if (options.mode === 'plain') {
    const started = new Set<string>();
    return {
      listener: (event) => {
        if (event.kind === 'step' && !started.has(event.step)) {
          started.add(event.step);
          options.write(`${event.label}...\n`);
        }
        if (event.kind === 'step-done') started.delete(event.step);
        if (event.kind === 'step-done') options.write(`${event.label}: done (${formatSeconds(event.elapsedMs)})\n`);
        if (event.kind === 'log' && options.verbose) options.write(event.text.endsWith('\n') ? event.text : event.text + '\n');
      },
      finish: () => {},
    };
  }
  let lastDraw = 0;
  let live = '';
  const clear = (): void => {
    if (live) options.write('\r\x1b[2K');
    live = '';
  };
  const draw = (event: Extract<ProgressEvent, { kind: 'step' }>): void => {
    const now = Date.now();
    if (now - lastDraw < REDRAW_INTERVAL_MS && event.fraction !== 0) return;
    lastDraw = now;
    clear();
    live = `${renderBar(event.fraction)} ${event.label}${event.detail ? ` — ${event.detail}` : ''}`;
    options.write(live.slice(0, (process.stdout.columns ?? 100) - 1));
  };
  return {
    listener: (event) => {
      if (event.kind === 'step') draw(event);
      else if (event.kind === 'step-done') {
        clear();
        options.write(`\u2714 ${event.label} (${formatSeconds(event.elapsedMs)})\n`);
      } else if (event.kind === 'log' && options.verbose) {
        clear();
        options.write(event.text.endsWith('\n') ? event.text : event.text + '\n');
      }
    },
    finish: clear,
  };
}

/** `[=========>        ]  45%`, or a bouncing marker when the fraction is unknown. */
export function renderBar(fraction: number | undefined): string {
  if (fraction === undefined) {
    const position = Math.floor(Date.now() / REDRAW_INTERVAL_MS) % BAR_WIDTH;
    return `[${' '.repeat(position)}<=>${' '.repeat(Math.max(0, BAR_WIDTH - position - 3))}]`.slice(0, BAR_WIDTH + 2) + '     ';
  }
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * BAR_WIDTH);
  const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(BAR_WIDTH - filled);
  return `[${bar}] ${String(Math.round(clamped * 100)).padStart(3)}%`;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
