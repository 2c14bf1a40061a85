/** Whether a process id still names a running process: how stale journals, locks and build folders are told apart from live ones. */
import { readFileSync } from 'node:fs';

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

/**
 * When the process started, as the kernel counts it (Linux: /proc/PID/stat field 22, clock
 * ticks since boot); undefined elsewhere or when the process is gone. With the pid it names
 * one process for good: a pid reused after a crash has another start time.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Who owns something on disk: a process, told apart from a later process with the same pid. */
export interface ProcessOwner {
  pid: number;
  /** processStartTime of `pid` when it was recorded (absent where it cannot be read). */
  startTime?: string;
}

/** The owner record for this process. */
export function thisProcessOwner(): ProcessOwner {
  const startTime = processStartTime(process.pid);
  return startTime === undefined ? { pid: process.pid } : { pid: process.pid, startTime };
}

/** True while the recorded process still runs (same pid and, when recorded, the same start time). */
export function isOwnerAlive(owner: ProcessOwner): boolean {
  if (!isProcessAlive(owner.pid)) return false;
  if (owner.startTime === undefined) return true;
  const now = processStartTime(owner.pid);
  return now === undefined || now === owner.startTime;
}
