/**
 * Moving files in and out of a distro through wsl.exe's stdin and stdout: on Windows there is
 * no shared filesystem we can rely on with Linux owners and modes, so folders go in as a tar
 * piped to `tar -x` and files come out through `cat`.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { runChecked } from '../../common/run-program.js';
import { execArgs } from '../driver/wsl-exec.js';
import { runWsl, type RunWslOptions, type WslCallOptions, type WslResult } from '../driver/wsl-runner.js';
import { wslDetail, wslFailure } from '../driver/wsl-errors.js';

/** Runs `sh -c script sh args…` as root in the distro; throws unless it exits 0. */
export async function rootShell(
  distro: string,
  script: string,
  args: readonly string[],
  call: WslCallOptions & Pick<RunWslOptions, 'name' | 'stdin' | 'onStdout' | 'onStderr' | 'onLine'>,
): Promise<WslResult> {
  const result = await runWsl(execArgs({ distro, user: 'root', command: ['/bin/sh', '-c', script, 'sh', ...args] }), call);
  if (result.exitCode === 0) return result;
  if (result.failed && result.error) throw wslFailure(result, `${call.name} in ${distro}`);
  throw new AzlError('PROGRAM_FAILED', `${call.name} failed in ${distro} with exit code ${result.exitCode}.`, { detail: wslDetail(result) });
}

/** Copies the contents of `localDir` into `targetDir` in the distro (created with mode 0700). */
export async function pushFolder(distro: string, localDir: string, targetDir: string, call: WslCallOptions): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'azl-wsl-push-'));
  try {
    const tarFile = join(scratch, 'push.tar');
    // tar exists on Linux and on Windows 10 1803+ (bsdtar); both write what GNU tar reads.
    await runChecked('tar', ['-cf', tarFile, '-C', localDir, '.'], { name: 'tar', signal: call.signal });
    await rootShell(distro, 'umask 077 && mkdir -p "$1" && chmod 700 "$1" && tar -x --no-same-owner -C "$1"', [targetDir], {
      ...call,
      name: 'copy files in',
      stdin: await readFile(tarFile),
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Streams a distro file to `localFile` through `cat`; returns its SHA-256 (hex) and size. */
export async function pullFile(distro: string, remoteFile: string, localFile: string, call: WslCallOptions): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const out = createWriteStream(localFile, { flags: 'wx' });
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  try {
    await rootShell(distro, 'exec cat -- "$1"', [remoteFile], {
      ...call,
      name: 'copy file out',
      onStdout: (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
        out.write(chunk);
      },
    });
  } finally {
    out.end();
    await closed;
  }
  return { sha256: hash.digest('hex'), bytes };
}
