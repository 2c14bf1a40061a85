/**
 * Progress of long work, as a discriminated union (one `kind` per shape).
 *
 * `fraction` is 0–1 when known; absent means indeterminate. Engine functions take an
 * `onProgress` callback and never throttle themselves: the consumer (CLI renderer, job
 * manager) decides how often to draw.
 */
export type StepName = string;

export type ProgressEvent =
  | { kind: 'step'; step: StepName; label: string; fraction?: number; detail?: string }
  | { kind: 'step-done'; step: StepName; label: string; elapsedMs: number }
  | { kind: 'log'; step?: StepName; stream: 'stdout' | 'stderr' | 'info'; text: string };

export type ProgressListener = (event: ProgressEvent) => void;

/** Options every long-running engine function accepts. */
export interface WorkOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/** Runs `work` as a named step, reporting start and completion. */
export async function runStep<T>(
  options: WorkOptions,
  step: StepName,
  label: string,
  work: (report: (fraction?: number, detail?: string) => void) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const report = (fraction?: number, detail?: string): void =>
    options.onProgress?.({ kind: 'step', step, label, fraction, detail });
  report(0);
  const result = await work(report);
  options.onProgress?.({ kind: 'step-done', step, label, elapsedMs: Date.now() - started });
  return result;
}
