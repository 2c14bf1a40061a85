/**
 * Parallel gzip: each ~1 MiB block of the tar stream becomes an independent gzip member,
 * compressed by zlib in worker threads and written in order. A multi-member gzip file is
 * valid (RFC 1952 §2.2); gzip, GNU tar, bsdtar and Node's gunzip read it as one stream.
 * Restarting the dictionary every MiB costs well under 1 % in size.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { cancelledError } from '../../common/errors.js';

/**
 * Worker source, evaluated as CommonJS so it runs the same under tsx, plain Node or a
 * bundler (a separate .ts worker file would need the loader inside the worker too).
 *
 * With a block cache folder, a block whose bytes were compressed before (same bytes, level and
 * zlib version) reuses the stored member: a rebuild re-packs mostly unchanged package files,
 * so most of its compression is a lookup. gzip is deterministic, so the output is the same
 * bytes either way. Each entry starts with the SHA-256 of the member it stores and is used
 * only when that matches; entries are written to a temporary name and renamed into place.
 */
const WORKER_SOURCE = `
const { parentPort, threadId } = require('node:worker_threads');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const DIGEST = 32;
function cached(file) {
  try {
    const stored = fs.readFileSync(file);
    const member = stored.subarray(DIGEST);
    if (stored.length <= DIGEST || !crypto.createHash('sha256').update(member).digest().equals(stored.subarray(0, DIGEST))) return undefined;
    const now = new Date();
    try { fs.utimesSync(file, now, now); } catch {}
    return member;
  } catch {
    return undefined;
  }
}
function store(file, member) {
  const partial = file + '.partial-' + process.pid + '-' + threadId;
  try {
    fs.writeFileSync(partial, Buffer.concat([crypto.createHash('sha256').update(member).digest(), member]));
    fs.renameSync(partial, file);
  } catch {
    try { fs.rmSync(partial, { force: true }); } catch {}
  }
}
parentPort.on('message', ({ id, data, length, level, cacheDir }) => {
  try {
    const input = new Uint8Array(data, 0, length);
    let file;
    if (cacheDir) {
      const key = crypto.createHash('sha256').update(input).update('|' + level + '|' + process.versions.zlib).digest('hex');
      file = path.join(cacheDir, key + '.gz');
      const member = cached(file);
      if (member) return parentPort.postMessage({ id, out: member });
    }
    const out = zlib.gzipSync(input, { level });
    if (file) store(file, out);
    parentPort.postMessage({ id, out });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/** Blocks in flight per worker: enough to keep every worker busy while results are written. */
const IN_FLIGHT_PER_WORKER = 3;

interface Job {
  id: number;
  data: ArrayBuffer;
  length: number;
  resolve: (out: Buffer) => void;
  reject: (error: Error) => void;
}

/** Compresses blocks in parallel and hands the members to `write` in input order. */
export class ParallelGzip {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly results: Promise<Buffer>[] = [];
  private nextId = 0;
  private failure: Error | undefined;

  /** `cacheDir`: an existing folder of compressed blocks reused across builds (see WORKER_SOURCE). */
  constructor(
    private readonly level: number,
    workerCount: number,
    private readonly write: (member: Buffer) => Promise<void>,
    private readonly cacheDir?: string,
  ) {
    for (let i = 0; i < Math.max(1, workerCount); i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', (message: { id: number; out?: Uint8Array; error?: string }) => {
        const job = this.running.get(worker);
        this.running.delete(worker);
        this.idle.push(worker);
        this.dispatch();
        if (!job) return;
        if (message.error !== undefined || !message.out) job.reject(new Error(`gzip worker failed: ${message.error}`));
        else job.resolve(Buffer.from(message.out.buffer, message.out.byteOffset, message.out.byteLength));
      });
      worker.on('error', (error) => this.fail(error));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.waiting.shift()!;
      this.running.set(worker, job);
      worker.postMessage({ id: job.id, data: job.data, length: job.length, level: this.level, cacheDir: this.cacheDir }, [job.data]);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const job of [...this.waiting, ...this.running.values()]) job.reject(error);
    this.waiting.length = 0;
    this.running.clear();
  }

  /**
   * Queues one block. `block` must own its whole ArrayBuffer (Buffer.allocUnsafeSlow): it is
   * transferred to a worker and unusable afterwards.
   */
  async push(block: Buffer, length: number): Promise<void> {
    if (this.failure) throw this.failure;
    const result = new Promise<Buffer>((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, data: block.buffer as ArrayBuffer, length, resolve, reject });
    });
    result.catch(() => undefined); // awaited in order below; avoid unhandled-rejection noise
    this.results.push(result);
    this.dispatch();
    while (this.results.length >= this.workers.length * IN_FLIGHT_PER_WORKER) await this.writeOldest();
  }

  private async writeOldest(): Promise<void> {
    const member = await this.results.shift()!;
    await this.write(member);
  }

  /** Writes everything still queued. */
  async flush(): Promise<void> {
    while (this.results.length > 0) await this.writeOldest();
  }

  /** Stops the workers; pending blocks are rejected as cancelled. */
  async dispose(): Promise<void> {
    if (this.waiting.length > 0 || this.running.size > 0) this.fail(cancelledError('Compressing the image'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/**
 * Drops the least recently used blocks of a block cache beyond `keepBytes`. Every block of
 * the pack that just finished was read or written moments ago, so it always survives.
 */
export async function pruneBlockCache(dir: string, keepBytes: number): Promise<void> {
  const entries: Array<{ path: string; bytes: number; used: number }> = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) entries.push({ path, bytes: info.size, used: info.mtimeMs });
  }
  entries.sort((a, b) => b.used - a.used);
  let total = 0;
  for (const entry of entries) {
    total += entry.bytes;
    if (total > keepBytes) await rm(entry.path, { force: true });
  }
}
