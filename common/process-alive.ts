/** Whether a process id still names a running process: how stale journals, locks and build folders are told apart from live ones. */

/** True when `pid` runs (or exists but belongs to another user); false once it is gone. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
