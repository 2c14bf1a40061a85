/**
 * Packs a staged root filesystem into a `.wsl` (gzip tar), `.tar.gz`, `.tar.xz` or `.tar`.
 *
 * Our own streaming PAX tar writer: numeric owners, full modes (setuid, 0000), symlinks,
 * hard links, devices, fifos and byte-exact xattrs (`security.capability`), in a
 * deterministic order, with mtimes clamped to SOURCE_DATE_EPOCH when given. gzip runs in
 * worker threads (parallel-gzip.ts); xz runs as `xz -T0 -c`.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { AzlError, cancelledError, isAzlError } from '../../common/errors.js';
import type { WorkOptions } from '../../common/progress.js';
import { archiveCompression, type ArchiveFormat } from './archive-format.js';
import { ParallelGzip, pruneBlockCache } from './parallel-gzip.js';
import { readTreeXattrs } from './read-xattrs.js';
import { startStreamingProgram, type StreamingProgram } from './stream-program.js';
import { encodeMemberHeader, endOfArchive, TAR_BLOCK, type TarMember } from './tar-header.js';
import { walkRoot, type RootEntry } from './walk-root.js';

export interface PackOptions extends WorkOptions {
  format: ArchiveFormat;
  /** Clamp mtimes to this (seconds since the epoch) when set, for reproducible images. */
  sourceDateEpoch?: number;
  /** gzip level 1–9; default 6 (gzip's own default, the size/speed balance tar -z gives). */
  gzipLevel?: number;
  /** Compression worker threads; default os.availableParallelism(). */
  workers?: number;
  /**
   * Receives a copy of the uncompressed tar stream, in order, before it is compressed (the
   * build validates its image from here instead of reading the archive back).
   */
  onTarData?: (data: Buffer) => Promise<void>;
  /**
   * gzip only: a folder of compressed blocks reused across builds (created if missing), so a
   * rebuild compresses only the blocks that changed. The archive's bytes are the same either way.
   */
  blockCacheDir?: string;
}

export interface PackResult {
  /** Hex SHA-256 of the written file. */
  sha256: string;
  /** Size of the written file. */
  bytes: number;
  /** Tar members written. */
  entries: number;
}

/**
 * Compressed bytes a block cache keeps, in images of the size just packed: the last few
 * builds of a profile or two, bounded because every changed block adds a new entry.
 */
const BLOCK_CACHE_IMAGES = 4;
/** Floor for the block cache, so packing a tiny image does not evict a big one's blocks. */
const MIN_BLOCK_CACHE_BYTES = 256 * 1024 * 1024;

/** Size of the tar blocks handed to compressors: big enough for good ratios, small enough to spread over workers. */
const STREAM_BLOCK = 1024 * 1024;
const DEFAULT_GZIP_LEVEL = 6;

/** The compressed (or plain) file being written, with its running hash. */
class OutputFile {
  private readonly hash = createHash('sha256');
  bytes = 0;
  constructor(private readonly handle: FileHandle) {}
  async write(data: Buffer): Promise<void> {
    this.hash.update(data);
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
    this.bytes += data.length;
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Where uncompressed tar blocks go. */
interface TarSink {
  /** Takes ownership of `block` (its ArrayBuffer may be transferred). */
  write(block: Buffer, length: number): Promise<void>;
  finish(): Promise<void>;
  dispose(): Promise<void>;
}

function plainSink(out: OutputFile): TarSink {
  return {
    write: (block, length) => out.write(block.subarray(0, length)),
    finish: async () => undefined,
    dispose: async () => undefined,
  };
}

function gzipSink(out: OutputFile, level: number, workers: number, cacheDir?: string): TarSink {
  const gzip = new ParallelGzip(level, workers, (member) => out.write(member), cacheDir);
  return {
    write: (block, length) => gzip.push(block, length),
    finish: () => gzip.flush(),
    dispose: () => gzip.dispose(),
  };
}

function xzSink(out: OutputFile, signal?: AbortSignal): TarSink {
  const xz: StreamingProgram = startStreamingProgram('xz', ['-T0', '-c'], 'xz', signal);
  const copied = (async () => {
    for await (const chunk of xz.stdout) await out.write(chunk as Buffer);
  })();
  copied.catch(() => undefined);
  return {
    write: (block, length) => xz.write(block.subarray(0, length)),
    finish: async () => {
      await Promise.all([xz.finish(), copied]);
    },
    dispose: async () => xz.kill(),
  };
}

/** Cuts the tar byte stream into STREAM_BLOCK buffers for the sink. */
class BlockWriter {
  private block = Buffer.allocUnsafeSlow(STREAM_BLOCK);
  private used = 0;
  total = 0;

  constructor(
    private readonly sink: TarSink,
    private readonly onBlock: (total: number) => void,
    private readonly tap?: (data: Buffer) => Promise<void>,
  ) {}

  private async flushBlock(): Promise<void> {
    if (this.used === 0) return;
    const block = this.block;
    const used = this.used;
    this.block = Buffer.allocUnsafeSlow(STREAM_BLOCK);
    this.used = 0;
    // A copy: the sink may transfer the block's memory to a compression worker.
    if (this.tap) await this.tap(Buffer.from(block.subarray(0, used)));
    await this.sink.write(block, used);
    this.onBlock(this.total);
  }

  async append(data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      const count = Math.min(data.length - offset, STREAM_BLOCK - this.used);
      data.copy(this.block, this.used, offset, offset + count);
      this.used += count;
      this.total += count;
      offset += count;
      if (this.used === STREAM_BLOCK) await this.flushBlock();
    }
  }

  /**
   * Copies exactly `size` bytes of a file (zero-filled if it shrank meanwhile), then block
   * padding. Synchronous reads, at most one block at a time: a root is thousands of small
   * files, and a thread-pool round trip per open/read/close would leave the packer waiting
   * far longer than the reads themselves take (the event loop still turns at every block).
   */
  async appendFile(path: string, size: number): Promise<void> {
    const fd = openSync(path, 'r');
    try {
      let remaining = size;
      let eof = false;
      while (remaining > 0) {
        const want = Math.min(remaining, STREAM_BLOCK - this.used);
        let got = 0;
        if (!eof) {
          got = readSync(fd, this.block, this.used, want, null);
          if (got === 0) eof = true;
        }
        if (eof) {
          this.block.fill(0, this.used, this.used + want);
          got = want;
        }
        this.used += got;
        this.total += got;
        remaining -= got;
        if (this.used === STREAM_BLOCK) await this.flushBlock();
      }
    } finally {
      closeSync(fd);
    }
    const padding = (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
    if (padding > 0) await this.append(Buffer.alloc(padding));
  }

  async end(): Promise<void> {
    await this.append(endOfArchive(this.total));
    await this.flushBlock();
  }
}

function deviceNumbers(rdev: number): { devMajor: number; devMinor: number } {
  // glibc's gnu_dev_major/gnu_dev_minor encoding.
  const dev = BigInt(rdev);
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return { devMajor: Number(major), devMinor: Number(minor) };
}

function toMember(entry: RootEntry, xattrs: ReadonlyMap<string, Buffer> | undefined, sourceDateEpoch?: number): TarMember {
  const { stat } = entry;
  let mtime = Math.floor(stat.mtimeMs / 1000);
  if (sourceDateEpoch !== undefined && mtime > sourceDateEpoch) mtime = sourceDateEpoch;
  const member: TarMember = {
    name: entry.memberName,
    type: entry.type,
    mode: stat.mode & 0o7777,
    uid: stat.uid,
    gid: stat.gid,
    size: entry.type === 'file' ? stat.size : 0,
    mtime,
    linkName: entry.linkName,
    xattrs,
  };
  if (entry.type === 'char' || entry.type === 'block') Object.assign(member, deviceNumbers(stat.rdev));
  return member;
}

/** Packs `rootDir` into `outFile` (written directly; removed again on any failure or cancel). */
export async function packRoot(rootDir: string, outFile: string, options: PackOptions): Promise<PackResult> {
  const { signal } = options;
  if (signal?.aborted) throw cancelledError('Packing the image');
  const root = resolve(rootDir);
  const report = (fraction?: number): void => options.onProgress?.({ kind: 'step', step: 'pack', label: 'Packing', fraction });
  report(0);

  let handle: FileHandle | undefined;
  let sink: TarSink | undefined;
  try {
    const [entries, xattrs] = await Promise.all([walkRoot(root, signal), readTreeXattrs(root, signal)]);
    const estimate = entries.reduce((sum, e) => sum + TAR_BLOCK + (e.type === 'file' ? Math.ceil(e.stat.size / TAR_BLOCK) * TAR_BLOCK : 0), 0);

    try {
      handle = await open(outFile, 'w');
    } catch (error) {
      throw new AzlError('OUTPUT_UNWRITABLE', `Cannot write the image file ${outFile}.`, {
        hint: 'Choose a folder you can write to, with enough free space.',
        detail: (error as Error).message,
        cause: error,
      });
    }
    const out = new OutputFile(handle);
    const compression = archiveCompression(options.format);
    const blockCacheDir = compression === 'gzip' ? options.blockCacheDir : undefined;
    if (blockCacheDir !== undefined) await mkdir(blockCacheDir, { recursive: true });
    sink =
      compression === 'gzip'
        ? gzipSink(out, options.gzipLevel ?? DEFAULT_GZIP_LEVEL, options.workers ?? availableParallelism(), blockCacheDir)
        : compression === 'xz'
          ? xzSink(out, signal)
          : plainSink(out);
    const writer = new BlockWriter(sink, (total) => {
      if (signal?.aborted) throw cancelledError('Packing the image');
      report(Math.min(1, total / Math.max(1, estimate)));
    }, options.onTarData);

    for (const entry of entries) {
      if (signal?.aborted) throw cancelledError('Packing the image');
      const member = toMember(entry, xattrs.get(entry.relative), options.sourceDateEpoch);
      await writer.append(encodeMemberHeader(member));
      if (member.type === 'file' && member.size > 0) await writer.appendFile(join(root, entry.relative), member.size);
    }
    await writer.end();
    await sink.finish();
    await handle.close();
    handle = undefined;
    if (signal?.aborted) throw cancelledError('Packing the image');
    if (blockCacheDir !== undefined) await pruneBlockCache(blockCacheDir, Math.max(MIN_BLOCK_CACHE_BYTES, BLOCK_CACHE_IMAGES * out.bytes)).catch(() => undefined);
    report(1);
    return { sha256: out.digest(), bytes: out.bytes, entries: entries.length };
  } catch (error) {
    await sink?.dispose().catch(() => undefined);
    await handle?.close().catch(() => undefined);
    await rm(outFile, { force: true }).catch(() => undefined);
    if (signal?.aborted) throw cancelledError('Packing the image');
    if (isAzlError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') {
      throw new AzlError('DISK_FULL', `The disk filled up while writing ${outFile}.`, { hint: 'Free some space and build again.', cause: error });
    }
    throw new AzlError('OUTPUT_UNWRITABLE', `Packing ${rootDir} into ${outFile} failed: ${(error as Error).message}`, {
      hint: 'Check that the staged root is readable and the output folder writable.',
      cause: error,
    });
  } finally {
    if (sink) await sink.dispose().catch(() => undefined);
  }
}
