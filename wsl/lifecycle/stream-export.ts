/**
 * One read of a distribution, three uses: `wsl --export NAME -` streams into the snapshot file,
 * through SHA-256 and a tar reader (the snapshot is verified and /etc indexed as it is written),
 * and, for an upgrade, into `tar -x` inside the new distribution, which takes /home and the
 * --keep trees. The slowest reader sets the pace (backpressure), so nothing is held in memory,
 * and the export is read once instead of written, read back and copied again.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { AzlError, isAzlError } from '../../common/errors.js';
import { indexTarStream, type ArchiveIndex } from '../../rootfs/validate/archive-index.js';
import { wslDetail, wslFailure } from '../driver/wsl-errors.js';
import { startWsl, type WslCallOptions, type WslResult, type WslStream } from '../driver/wsl-runner.js';

/**
 * Runs as root in the receiving distribution: GNU tar keeps owners, modes, ACLs and extended
 * attributes; busybox tar (small images) has no such options and keeps owners and modes.
 * `$@` are the members to take (`./home`, …).
 */
const EXTRACT_SCRIPT = [
  'set -f',
  'if tar --version 2>/dev/null | grep -q "GNU tar"; then',
  '  exec tar -x -p --numeric-owner --xattrs --xattrs-include="*" --acls -f - -C / "$@"',
  'fi',
  'exec tar -x --numeric-owner -f - -C / "$@"',
].join('\n');

export interface StreamExportOptions extends WslCallOptions {
  /** The distribution exported (read only). */
  source: string;
  /** Where the export's bytes are written (a new file). */
  file: string;
  /** A distribution that takes these trees (absolute paths) from the stream, as root. */
  into?: { distro: string; trees: readonly string[] };
  /** Bytes so far, as they pass. */
  onBytes?: (bytes: number) => void;
}

export interface StreamExportResult {
  sha256: string;
  bytes: number;
  index: ArchiveIndex;
}

/** Member names of trees in an export (bsdtar writes `./home/…`). */
export function exportMembers(trees: readonly string[]): string[] {
  return trees.map((tree) => `.${tree}`);
}

function failure(result: WslResult, what: string): AzlError {
  if (result.failed) return wslFailure(result, what);
  return new AzlError('PROGRAM_FAILED', `${what} failed with exit code ${result.exitCode}.`, { detail: wslDetail(result) });
}

/** Streams the export; resolves once every reader has the whole archive and succeeded. */
export async function streamExport(options: StreamExportOptions): Promise<StreamExportResult> {
  const call: WslCallOptions = { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
  const exporter = startWsl(['--export', options.source, '-'], { ...call, name: 'export' });
  let receiver: WslStream | undefined;
  if (options.into) {
    receiver = startWsl(['-d', options.into.distro, '-u', 'root', '-e', 'sh', '-c', EXTRACT_SCRIPT, 'sh', ...exportMembers(options.into.trees)], { ...call, name: 'extract' });
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const file = createWriteStream(options.file, { flags: 'wx', mode: 0o600 });
  const fileDone = new Promise<void>((resolve, reject) => {
    file.on('close', resolve);
    file.on('error', reject);
  });
  const tap = new PassThrough({ highWaterMark: 1 << 20 });
  const indexDone = indexTarStream(tap, options.signal);
  indexDone.catch(() => {
    // A damaged stream: keep draining so the other readers are not held up; the result says it.
    exporter.stdout.unpipe(tap);
    tap.resume();
  });
  exporter.stdout.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
    options.onBytes?.(bytes);
  });
  exporter.stdout.pipe(file);
  exporter.stdout.pipe(tap);
  if (receiver) {
    exporter.stdout.pipe(receiver.stdin);
    // The receiver failing stops the export: nobody needs the rest.
    void receiver.done.then((result) => {
      if (result.exitCode !== 0) exporter.kill();
    });
  }
  try {
    const exported = await exporter.done;
    if (exported.exitCode !== 0) throw failure(exported, `Exporting ${options.source}`);
    if (receiver) {
      const received = await receiver.done;
      if (received.exitCode !== 0) throw failure(received, `Copying ${options.into!.trees.join(', ')} into ${options.into!.distro}`);
    }
    await fileDone;
    let index: ArchiveIndex;
    try {
      index = await indexDone;
    } catch (error) {
      if (isAzlError(error) && error.code === 'CANCELLED') throw error;
      throw new AzlError('SNAPSHOT_DAMAGED', `The export of ${options.source} is not a readable archive.`, {
        hint: 'Run "wsl --export" by hand to see what WSL reports; nothing was changed.',
        cause: error,
      });
    }
    return { sha256: hash.digest('hex'), bytes, index };
  } catch (error) {
    exporter.kill();
    receiver?.kill();
    file.destroy();
    await fileDone.catch(() => undefined);
    throw error;
  }
}
