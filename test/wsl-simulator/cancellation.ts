/**
 * What happens when wsl.exe is killed (Ctrl+C, a driver's cancel, `--terminate` from another
 * process). During an import or export the registered clean-ups run first, so nothing is left
 * behind: no half-registered distro, no created folder. While a Linux program runs in the
 * foreground, Ctrl+C belongs to it (WSL forwards it) and SIGTERM/SIGHUP kill it.
 */
import type { ChildProcess } from 'node:child_process';

type Cleanup = () => void | Promise<void>;

const cleanups: Cleanup[] = [];
let foreground: ChildProcess | undefined;
let cancelling = false;
let hungUp = false;

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** Registers a clean-up to run if the invocation is killed; returns its remover. */
export function onCancel(cleanup: Cleanup): () => void {
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** Marks a Linux program as the foreground process (or clears it). */
export function setForeground(child: ChildProcess | undefined): void {
  foreground = child;
}

/** Whether this wsl.exe itself was sent SIGHUP (its terminal went away). */
export function hangupReceived(): boolean {
  return hungUp;
}

async function handle(signal: NodeJS.Signals): Promise<void> {
  if (signal === 'SIGHUP') hungUp = true;
  if (foreground) {
    // The terminal delivered Ctrl+C to the Linux program too; it decides.
    if (signal !== 'SIGINT') foreground.kill('SIGKILL');
    return;
  }
  if (cancelling) return;
  cancelling = true;
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await cleanup();
    } catch {}
  }
  process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 1));
}

/** Installs the signal handlers once per invocation. */
export function installSignalHandlers(): void {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void handle(signal));
}
