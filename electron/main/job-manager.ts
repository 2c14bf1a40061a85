/**
 * Builds, reviews and installs run as jobs: an id, steps with progress, a log, cancel.
 *
 * The engines report every event; this is where they are throttled (a dnf transaction can
 * report hundreds of lines a second and the renderer only needs to redraw a few times).
 */
import { randomUUID } from 'node:crypto';
import type { ApiError, JobInfo, JobKind, JobLogLine, JobStep } from '../contract/api.js';
import { toApiError } from '../contract/result.js';
import { MAX_JOB_LOG_LINES } from '../contract/job-log.js';
import type { ProgressEvent } from '../../common/progress.js';

/** About ten updates a second: smooth bars, little IPC traffic. */
export const PROGRESS_INTERVAL_MS = 100;

/** What a job's work function receives. */
export interface JobContext {
  signal: AbortSignal;
  onProgress: (event: ProgressEvent) => void;
  log: (text: string, stream?: JobLogLine['stream']) => void;
}

/** What a finished job adds to its JobInfo (the built image, the distribution name, the review, the exported file). */
export type JobOutcome = Pick<JobInfo, 'image' | 'distro' | 'review' | 'exported' | 'upgraded' | 'snapshot'>;

export interface JobManagerOptions {
  onUpdate: (job: JobInfo) => void;
  onLog: (lines: JobLogLine[]) => void;
  /** Called once per job after its final update (refresh the distro list, etc.). */
  onFinished?: (job: JobInfo) => void;
  intervalMs?: number;
}

interface JobRecord {
  info: JobInfo;
  controller: AbortController;
  log: JobLogLine[];
  pendingLog: JobLogLine[];
  dirty: boolean;
  done: Promise<void>;
}

/** Owns every running and finished job of the session. */
export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: JobManagerOptions) {}

  /** Starts `work` as a job and returns its first snapshot at once. */
  start(kind: JobKind, title: string, work: (context: JobContext) => Promise<JobOutcome>): JobInfo {
    const id = randomUUID();
    const controller = new AbortController();
    const record: JobRecord = {
      info: { id, kind, title, state: 'running', steps: [], startedAt: Date.now() },
      controller,
      log: [],
      pendingLog: [],
      dirty: false,
      done: Promise.resolve(),
    };
    this.jobs.set(id, record);
    const context: JobContext = {
      signal: controller.signal,
      onProgress: (event) => this.progress(record, event),
      log: (text, stream = 'info') => this.appendLog(record, { jobId: id, stream, text }),
    };
    record.done = (async () => {
      try {
        const outcome = await work(context);
        Object.assign(record.info, outcome, { state: 'succeeded' });
        for (const step of record.info.steps) step.done = true;
      } catch (error) {
        const apiError: ApiError = toApiError(error);
        record.info.state = controller.signal.aborted || apiError.code === 'CANCELLED' ? 'cancelled' : 'failed';
        record.info.error = apiError;
        this.appendLog(record, { jobId: id, stream: 'stderr', text: apiError.message });
      }
      record.dirty = true;
      this.flush();
      this.options.onFinished?.(this.snapshot(record));
    })();
    return this.snapshot(record);
  }

  /** Resolves when the job has finished (tests, shutdown). */
  async settled(id: string): Promise<JobInfo | undefined> {
    const record = this.jobs.get(id);
    if (!record) return undefined;
    await record.done;
    return this.snapshot(record);
  }

  /** Asks a running job to stop; the engine removes its partial output before the job ends. */
  cancel(id: string): boolean {
    const record = this.jobs.get(id);
    if (!record) return false;
    if (record.info.state === 'running') record.controller.abort();
    return true;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((record) => this.snapshot(record));
  }

  get(id: string): JobInfo | undefined {
    const record = this.jobs.get(id);
    return record && this.snapshot(record);
  }

  log(id: string): JobLogLine[] | undefined {
    return this.jobs.get(id)?.log.slice();
  }

  /** Cancels every running job and waits for their cleanup. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const record of this.jobs.values()) if (record.info.state === 'running') record.controller.abort();
    await Promise.all([...this.jobs.values()].map((record) => record.done));
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private progress(record: JobRecord, event: ProgressEvent): void {
    if (event.kind === 'log') {
      this.appendLog(record, { jobId: record.info.id, stream: event.stream, text: event.text });
      return;
    }
    let step = record.info.steps.find((candidate) => candidate.step === event.step);
    if (!step) {
      step = { step: event.step, label: event.label, done: false } satisfies JobStep;
      record.info.steps.push(step);
    }
    if (event.kind === 'step-done') {
      step.done = true;
      step.fraction = 1;
      step.detail = undefined;
      this.appendLog(record, { jobId: record.info.id, stream: 'info', text: `${event.label}: done (${(event.elapsedMs / 1000).toFixed(1)} s)` });
    } else {
      if (!step.detail && event.fraction === 0) this.appendLog(record, { jobId: record.info.id, stream: 'info', text: `${event.label}…` });
      step.label = event.label;
      step.fraction = event.fraction;
      step.detail = event.detail;
    }
    record.dirty = true;
    this.schedule();
  }

  private appendLog(record: JobRecord, line: JobLogLine): void {
    record.log.push(line);
    // In place (a line at a time, so no copy of the whole log per line); the cap is the renderer's too.
    if (record.log.length > MAX_JOB_LOG_LINES) record.log.splice(0, record.log.length - MAX_JOB_LOG_LINES);
    record.pendingLog.push(line);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.options.intervalMs ?? PROGRESS_INTERVAL_MS);
  }

  private flush(): void {
    for (const record of this.jobs.values()) {
      if (record.pendingLog.length > 0) {
        const lines = record.pendingLog;
        record.pendingLog = [];
        this.options.onLog(lines);
      }
      if (record.dirty) {
        record.dirty = false;
        this.options.onUpdate(this.snapshot(record));
      }
    }
  }

  private snapshot(record: JobRecord): JobInfo {
    return structuredClone(record.info);
  }
}
