/**
 * Waiting in tests means polling for the state waited for, never sleeping a fixed time: a
 * fixed sleep is either too short on a busy machine (a flaky test) or too long everywhere (a
 * slow one). The limit only turns a hang into a failure that says what never happened.
 */

/** How often a wait looks again: often enough not to idle, rarely enough not to compete for the CPU. */
export const POLL_MS = 25;
/** How long a wait may take before the test fails: a hung test, not a timing assertion. */
export const WAIT_LIMIT_MS = 60_000;

/**
 * Calls `probe` until it returns something truthy and returns that; a probe that throws ends the
 * wait with its error (say, the process waited on has exited). `what` names the state in the
 * failure.
 */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, limitMs: number = WAIT_LIMIT_MS): Promise<NonNullable<T>> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}
