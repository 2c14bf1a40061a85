/** How much of a job's log is kept: one cap for main (which replays it) and the renderer (which shows it). */

/**
 * Log lines kept per job. Main keeps them for a window that opens the job late and for the
 * diagnostics bundle; the renderer keeps as many, so a long dnf transaction cannot grow the
 * page's memory without bound. Older lines are dropped first.
 */
export const MAX_JOB_LOG_LINES = 5000;

/** The kept log after `lines` arrive: a new array with at most `max` lines, the newest. */
export function appendToJobLog<T>(log: readonly T[], lines: readonly T[], max: number = MAX_JOB_LOG_LINES): T[] {
  const joined = log.concat(lines);
  return joined.length > max ? joined.slice(joined.length - max) : joined;
}
