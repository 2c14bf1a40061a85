/**
 * Draws engine progress for a terminal: one live line per step on a TTY (a bar when the engine
 * reports a fraction, else a spinner, both with the time the step has taken), plain step lines
 * when piped, or one JSON object per line with --json (for CI and scripts).
 */
import type { ProgressEvent, ProgressListener } from '../../common/progress.js';
import { CLEAR_LINE } from './line-writer.js';

/** Redraw at most this often: terminals flicker and slow down beyond ~10 updates a second. */
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 28;
/** Braille spinner frames, as npm, cargo and podman draw them. */
const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** The terminal width when it cannot be asked (not a terminal after all). */
const DEFAULT_COLUMNS = 100;

export interface ProgressRendererOptions {
  mode: 'tty' | 'plain' | 'json';
  write: (text: string) => void;
  /** Show program output lines (dnf, scripts) as they come; always on in json mode. */
  verbose?: boolean;
  /** The clock (tests pass their own); default Date.now. */
  now?: () => number;
  /** The terminal's width; default the stderr terminal's. */
  columns?: () => number;
}

export interface ProgressRenderer {
  listener: ProgressListener;
  /** Clears the live line (and stops redrawing) so the final summary starts on a clean line. */
  finish(): void;
}

/** A step being drawn: whether it ever reported a real fraction decides bar or spinner. */
interface LiveStep {
  label: string;
  detail?: string;
  fraction?: number;
  determinate: boolean;
  startedAt: number;
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
  const now = options.now ?? Date.now;
  const columns = options.columns ?? (() => process.stderr.columns ?? DEFAULT_COLUMNS);
  const steps = new Map<string, LiveStep>();
  let current: LiveStep | undefined;
  let live = false;
  let frame = 0;
  let lastDraw = 0;
  let ticker: ReturnType<typeof setInterval> | undefined;

  const clear = (): void => {
    if (live) options.write(CLEAR_LINE);
    live = false;
  };
  const draw = (): void => {
    if (!current) return;
    lastDraw = now();
    clear();
    options.write(renderLine(current, now(), frame++).slice(0, Math.max(10, columns() - 1)));
    live = true;
  };
  // The spinner and the clock move even while the engine is silent (a dnf transaction, a pull).
  const startTicker = (): void => {
    ticker ??= setInterval(draw, REDRAW_INTERVAL_MS);
    ticker.unref?.();
  };
  const stopTicker = (): void => {
    if (ticker) clearInterval(ticker);
    ticker = undefined;
  };

  return {
    listener: (event: ProgressEvent) => {
      if (event.kind === 'step') {
        let step = steps.get(event.step);
        if (!step) {
          step = { label: event.label, determinate: false, startedAt: now() };
          steps.set(event.step, step);
        }
        step.label = event.label;
        step.detail = event.detail;
        step.fraction = event.fraction;
        // runStep reports 0 at the start of every step: only a later fraction makes it a bar.
        if (event.fraction !== undefined && event.fraction > 0) step.determinate = true;
        const first = current !== step;
        current = step;
        startTicker();
        if (first || now() - lastDraw >= REDRAW_INTERVAL_MS) draw();
      } else if (event.kind === 'step-done') {
        steps.delete(event.step);
        // Another step still running (steps may overlap) takes the live line.
        current = [...steps.values()].at(-1);
        clear();
        options.write(`\u2714 ${event.label} (${formatSeconds(event.elapsedMs)})\n`);
        if (!current) stopTicker();
        else draw();
      } else if (event.kind === 'log' && options.verbose) {
        clear();
        options.write(event.text.endsWith('\n') ? event.text : event.text + '\n');
        draw();
      }
    },
    finish: () => {
      stopTicker();
      clear();
    },
  };
}

/** One live line: `[=====>     ]  45% Label — detail  12s`, or `⠋ Label — detail  12s`. */
export function renderLine(step: Pick<LiveStep, 'label' | 'detail' | 'fraction' | 'determinate' | 'startedAt'>, now: number, frame: number): string {
  const elapsed = formatElapsed(now - step.startedAt);
  const text = `${step.label}${step.detail ? ` — ${step.detail}` : ''}`;
  if (step.determinate) return `${renderBar(step.fraction ?? 0)} ${text}  ${elapsed}`;
  return `${SPINNER_FRAMES[frame % SPINNER_FRAMES.length]} ${text}  ${elapsed}`;
}

/** `[=========>        ]  45%`. */
export function renderBar(fraction: number): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * BAR_WIDTH);
  const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(BAR_WIDTH - filled);
  return `[${bar}] ${String(Math.round(clamped * 100)).padStart(3)}%`;
}

/** `8s`, `1m 05s`: a running step's time. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
