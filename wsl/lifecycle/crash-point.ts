/**
 * The fault-injection point of the lifecycle tests: `AZL_WSL_CRASH_AT=<operation>:<step>:<begin|done>`
 * makes the process kill itself with SIGKILL right after the journal records that moment, which
 * is exactly what a power cut or `kill -9` there leaves behind. Unset (always, outside tests)
 * it does nothing.
 */

/** The environment variable naming the moment to die at. */
export const CRASH_AT_ENV = 'AZL_WSL_CRASH_AT';

/** Dies with SIGKILL when `AZL_WSL_CRASH_AT` names this moment. */
export function crashPoint(operation: string, step: string, moment: 'begin' | 'done', env: NodeJS.ProcessEnv = process.env): void {
  if (env[CRASH_AT_ENV] === `${operation}:${step}:${moment}`) process.kill(process.pid, 'SIGKILL');
}
