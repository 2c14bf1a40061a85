/**
 * Runs a program inside an extracted root, standing in for WSL's init creating a process.
 *
 * As root: `unshare --mount --uts --ipc --pid --fork` gives a private mount namespace where
 * the root is bind-mounted onto itself (a distribution's root is a mount in WSL, and sandboxes
 * inside it such as bubblewrap need pivot_root, which a plain chroot refuses), the host /dev is
 * bind-mounted and a fresh /proc mounted inside the root; then `setpriv` sets
 * the gid and the user's groups (from the root's /etc/group) and `unshare --root --wd
 * --setuid` chroots, changes directory and drops to the uid. The shell wrapper stays pid 1 so
 * the user's program gets ordinary signal handling. Mounts vanish with the namespace, so
 * nothing is left mounted on the host. Without root, `proot` fakes it.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface RootProcess {
  root: string;
  uid: number;
  gid: number;
  groups: number[];
  /** Working directory inside the root. */
  cwd: string;
  argv: string[];
  env: Record<string, string>;
  stdio: StdioOptions;
}

// Run by the host's /bin/sh inside the new namespaces: mount, then drop privileges and chroot.
const NAMESPACE_SCRIPT = `R=$1; D=$2; U=$3; G=$4; GS=$5; shift 5
mount --bind "$R" "$R" || exit 125
if [ -d "$R/dev" ] && [ ! -L "$R/dev" ]; then mount --rbind /dev "$R/dev" || exit 125; fi
if [ -d "$R/proc" ] && [ ! -L "$R/proc" ]; then mount -t proc proc "$R/proc" || exit 125; fi
setpriv --regid="$G" --groups="$GS" -- unshare --root="$R" --wd="$D" --setuid="$U" -- "$@"
exit $?`;

/** Makes the empty mount points WSL provides (a tarball ships no /dev or /proc content). */
function ensureMountPoint(root: string, name: string): void {
  const path = join(root, name);
  try {
    lstatSync(path);
  } catch {
    try {
      mkdirSync(path, { mode: 0o755 });
    } catch {}
  }
}

/** Starts the program; the caller waits for `close`. */
export function spawnInRoot(spec: RootProcess): ChildProcess {
  ensureMountPoint(spec.root, 'dev');
  ensureMountPoint(spec.root, 'proc');
  if (process.getuid?.() === 0) {
    return spawn(
      'unshare',
      ['--mount', '--uts', '--ipc', '--pid', '--fork', '--kill-child', '--', '/bin/sh', '-c', NAMESPACE_SCRIPT, 'sh', spec.root, spec.cwd, String(spec.uid), String(spec.gid), spec.groups.join(','), ...spec.argv],
      { env: spec.env, stdio: spec.stdio },
    );
  }
  const identity = spec.uid === 0 ? ['-0'] : ['-i', `${spec.uid}:${spec.gid}`];
  return spawn('proot', [...identity, '-r', spec.root, '-w', spec.cwd, '-b', '/dev', '-b', '/proc', ...spec.argv], {
    env: spec.env,
    stdio: spec.stdio,
  });
}

/** Exit status the way a shell reports it: the code, or 128 + signal number. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const signals: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13 };
  return 128 + (signal ? (signals[signal] ?? 1) : 1);
}

/** Runs to completion, capturing output (for the simulator's own probes such as `id -u`). */
export function runInRootCaptured(spec: Omit<RootProcess, 'stdio'>): Promise<{ exitCode: number; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawnInRoot({ ...spec, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ exitCode: exitStatus(code, signal), stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
  });
}
