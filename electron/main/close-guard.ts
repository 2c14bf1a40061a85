/**
 * Closing the window while a build or install runs asks first. The renderer raises the
 * question (its beforeunload handler, while its store shows a running job); main answers it
 * from its own job list, so a stale page never blocks closing and a "close" cancels the jobs
 * (their engines remove half-made files) instead of leaving them to the quit handler.
 */
import type { JobInfo } from '../contract/api.js';

/** The question, in the shape of Electron's `MessageBoxSyncOptions`. */
export interface CloseQuestion {
  type: 'question';
  buttons: [keep: string, close: string];
  defaultId: 0;
  cancelId: 0;
  message: string;
  detail: string;
}

/** Shows the question and returns the index of the chosen button (dialog.showMessageBoxSync). */
export type AskUser = (question: CloseQuestion) => number;

/** The jobs the guard needs to see and cancel (the JobManager). */
export interface RunningJobs {
  list(): JobInfo[];
  cancel(id: string): boolean;
}

/** Builds the question for the jobs that run. */
export function closeQuestion(running: JobInfo[]): CloseQuestion {
  const what = running.length === 1 ? `"${running[0]!.title}" is still running.` : `${running.length} jobs are still running.`;
  return {
    type: 'question',
    buttons: ['Keep working', running.length === 1 ? 'Cancel the job and close' : 'Cancel the jobs and close'],
    defaultId: 0,
    cancelId: 0,
    message: what,
    detail: 'Closing cancels it; nothing half-made is left behind.',
  };
}

/**
 * True when the window may close: no job runs in main, or the user chose to cancel and close
 * (the running jobs are cancelled before this returns). Escape and the default keep working.
 */
export function mayCloseWindow(jobs: RunningJobs, ask: AskUser): boolean {
  const running = jobs.list().filter((job) => job.state === 'running');
  if (running.length === 0) return true;
  if (ask(closeQuestion(running)) !== 1) return false;
  for (const job of running) jobs.cancel(job.id);
  return true;
}
