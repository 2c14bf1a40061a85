/**
 * A streaming tar reader for our own and foreign archives: ustar, PAX (`x` and `g`
 * headers, `SCHILY.xattr.*` as raw bytes) and GNU long names (`L`/`K`), compressed with
 * gzip (including multi-member), xz or bzip2, or plain. It judges nothing beyond the tar
 * structure itself; the validator decides what is acceptable.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AzlError, cancelledError } from '../../common/errors.js';
import { startStreamingProgram, type StreamingProgram } from './stream-program.js';

export interface TarEntry {
  /** Normalized: no leading `./` or `/`, no trailing `/`; the archive root itself is `.`. `..` parts are kept. */
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  /** Symlink target as stored; for hard links the normalized path of the linked member. */
  linkTarget?: string;
  xattrs: Record<string, Buffer>;
}

/**
 * Reads the entry's data; only valid during the callback. With `limit`, reads just the first
 * `limit` bytes (cheap ELF-header and magic checks on big files).
 */
export type EntryContent = (limit?: number) => Promise<Buffer>;

export type TarCompression = 'gzip' | 'xz' | 'bzip2' | 'none';

const BLOCK = 512;

/** Detects the compression from the first bytes of a file. */
export async function detectCompression(file: string): Promise<TarCompression> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, 6, 0);
    const magic = head.subarray(0, bytesRead);
    if (magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b) return 'gzip';
    if (magic.length >= 6 && magic.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
    if (magic.length >= 3 && magic.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
    return 'none';
  } finally {
    await handle.close();
  }
}

/** Pulls exact byte counts out of a chunked stream. */
class ByteReader {
  private chunks: Buffer[] = [];
  private available = 0;
  private readonly iterator: AsyncIterator<Buffer>;
  private done = false;

  constructor(stream: Readable) {
    this.iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  private async fill(count: number): Promise<void> {
    while (this.available < count && !this.done) {
      const next = await this.iterator.next();
      if (next.done) this.done = true;
      else if (next.value.length > 0) {
        this.chunks.push(next.value);
        this.available += next.value.length;
      }
    }
  }

  /** Exactly `count` bytes, or fewer at the end of the stream. */
  async read(count: number): Promise<Buffer> {
    await this.fill(count);
    const take = Math.min(count, this.available);
    const parts: Buffer[] = [];
    let needed = take;
    while (needed > 0) {
      const chunk = this.chunks[0];
      if (chunk.length <= needed) {
        parts.push(chunk);
        this.chunks.shift();
        needed -= chunk.length;
      } else {
        parts.push(chunk.subarray(0, needed));
        this.chunks[0] = chunk.subarray(needed);
        needed = 0;
      }
    }
    this.available -= take;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, take);
  }

  /** Discards `count` bytes; returns how many were really there. */
  async skip(count: number): Promise<number> {
    let skipped = 0;
    while (skipped < count) {
      if (this.available === 0) {
        await this.fill(1);
        if (this.available === 0) break;
      }
      const chunk = this.chunks[0];
      const take = Math.min(chunk.length, count - skipped);
      if (take === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(take);
      this.available -= take;
      skipped += take;
    }
    return skipped;
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

function truncated(): AzlError {
  return new AzlError('ARCHIVE_INVALID', 'The archive ends in the middle of a member.', {
    hint: 'The file is truncated or damaged; build or download it again.',
  });
}

function parseNumber(field: Buffer): number {
  if (field.length > 0 && (field[0] & 0x80) !== 0) {
    // GNU base-256: big-endian two's complement with the top bit as the marker.
    let value = BigInt(field[0] & 0x7f) - (field[0] & 0x40 ? 0x80n : 0n);
    for (let i = 1; i < field.length; i++) value = (value << 8n) | BigInt(field[i]);
    return Number(value);
  }
  const text = field.toString('latin1').replace(/[\0 ]+$/g, '').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(field: Buffer): Buffer {
  const end = field.indexOf(0);
  return end < 0 ? field : field.subarray(0, end);
}

function checksumOk(header: Buffer): boolean {
  const stored = parseNumber(header.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : header[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** `"<len> key=value\n"` records; values stay bytes. */
function parsePax(data: Buffer): Map<string, Buffer> {
  const records = new Map<string, Buffer>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = parseInt(data.toString('latin1', offset, space), 10);
    if (!Number.isFinite(length) || length <= 0 || offset + length > data.length) break;
    const record = data.subarray(space + 1, offset + length - 1); // without the newline
    const equals = record.indexOf(0x3d);
    if (equals > 0) records.set(record.toString('utf8', 0, equals), Buffer.from(record.subarray(equals + 1)));
    offset += length;
  }
  return records;
}

/** Strips `./` and `/` prefixes, empty and `.` parts and the trailing slash; keeps `..`. */
export function normalizeMemberPath(name: string): string {
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  return parts.length === 0 ? '.' : parts.join('/');
}

const TYPES: Record<string, TarEntry['type']> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'directory',
  '6': 'fifo',
};

async function openDecompressed(file: string, signal?: AbortSignal): Promise<{ stream: Readable; program?: StreamingProgram }> {
  const compression = await detectCompression(file);
  if (compression === 'gzip') return { stream: createReadStream(file).pipe(createGunzip()) };
  if (compression === 'xz' || compression === 'bzip2') {
    const name = compression === 'xz' ? 'xz' : 'bzip2';
    const program = startStreamingProgram(name, ['-dc', '--', file], `${name} -dc`, signal);
    program.child.stdin.end();
    return { stream: program.stdout, program };
  }
  return { stream: createReadStream(file) };
}

/** Called for each member in archive order; `content` is only valid during the call. */
export type TarEntryHandler = (entry: TarEntry, content: EntryContent) => Promise<void> | void;

/** Streams the members of `file` to `onEntry`, in archive order. */
export async function readTar(file: string, onEntry: TarEntryHandler, options: { signal?: AbortSignal } = {}): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) throw cancelledError('Reading the archive');
  const { stream, program } = await openDecompressed(file, signal);
  await parseTar(stream, program, onEntry, signal);
}

/**
 * Streams the members of an uncompressed tar byte stream to `onEntry` (the build tees its
 * own tar stream here while packing, so validation needs no second read of the archive).
 */
export async function readTarStream(stream: Readable, onEntry: TarEntryHandler, options: { signal?: AbortSignal } = {}): Promise<void> {
  if (options.signal?.aborted) throw cancelledError('Reading the archive');
  await parseTar(stream, undefined, onEntry, options.signal);
}

async function parseTar(stream: Readable, program: StreamingProgram | undefined, onEntry: TarEntryHandler, signal: AbortSignal | undefined): Promise<void> {
  const source = new ByteReader(stream);
  let failed = false;
  try {
    const global = new Map<string, Buffer>();
    let local = new Map<string, Buffer>();
    let longName: Buffer | undefined;
    let longLink: Buffer | undefined;
    for (;;) {
      if (signal?.aborted) throw cancelledError('Reading the archive');
      const header = await source.read(BLOCK);
      if (header.length === 0) break; // no end marker: tolerated, as GNU tar does
      if (header.length < BLOCK) throw truncated();
      if (header.every((byte) => byte === 0)) break; // end of archive
      if (!checksumOk(header)) {
        throw new AzlError('ARCHIVE_INVALID', 'The archive has a damaged member header (bad checksum).', {
          hint: 'This is not a tar archive or it is corrupted; build or download it again.',
        });
      }
      const typeFlag = String.fromCharCode(header[156]);
      const size = parseNumber(header.subarray(124, 136));
      const dataSize = local.has('size') ? Number(local.get('size')!.toString()) : size;

      if (typeFlag === 'x' || typeFlag === 'g' || typeFlag === 'L' || typeFlag === 'K') {
        const padded = Math.ceil(size / BLOCK) * BLOCK;
        const data = await source.read(padded);
        if (data.length < padded) throw truncated();
        const body = data.subarray(0, size);
        if (typeFlag === 'x') for (const [k, v] of parsePax(body)) local.set(k, v);
        else if (typeFlag === 'g') for (const [k, v] of parsePax(body)) global.set(k, v);
        else if (typeFlag === 'L') longName = cString(body);
        else longLink = cString(body);
        continue;
      }

      const records = new Map([...global, ...local]);
      const magic = header.toString('latin1', 257, 263);
      let rawName = cString(header.subarray(0, 100));
      if (magic === 'ustar\0') {
        const prefix = cString(header.subarray(345, 500));
        if (prefix.length > 0) rawName = Buffer.concat([prefix, Buffer.from('/'), rawName]);
      }
      const name = records.get('path')?.toString('utf8') ?? longName?.toString('utf8') ?? rawName.toString('utf8');
      const rawLink = records.get('linkpath') ?? longLink ?? cString(header.subarray(157, 257));
      const type = TYPES[typeFlag] ?? (name.endsWith('/') ? 'directory' : 'file');
      const xattrs: Record<string, Buffer> = {};
      for (const [key, value] of records) if (key.startsWith('SCHILY.xattr.')) xattrs[key.slice('SCHILY.xattr.'.length)] = value;
      const numberRecord = (key: string, fallback: number): number => {
        const value = records.get(key);
        return value === undefined ? fallback : Number(value.toString('latin1'));
      };
      const entry: TarEntry = {
        path: normalizeMemberPath(name),
        type,
        mode: parseNumber(header.subarray(100, 108)) & 0o7777,
        uid: numberRecord('uid', parseNumber(header.subarray(108, 116))),
        gid: numberRecord('gid', parseNumber(header.subarray(116, 124))),
        size: dataSize,
        mtime: Math.floor(numberRecord('mtime', parseNumber(header.subarray(136, 148)))),
        xattrs,
      };
      if (type === 'symlink') entry.linkTarget = rawLink.toString('utf8');
      if (type === 'hardlink') entry.linkTarget = normalizeMemberPath(rawLink.toString('utf8'));
      local = new Map();
      longName = undefined;
      longLink = undefined;

      // Only regular files (and hard links that carry data, which PAX allows) have a body.
      const bodySize = type === 'file' || type === 'hardlink' ? dataSize : 0;
      let consumed = 0;
      let active = true;
      const content: EntryContent = async (limit?: number) => {
        if (!active) throw new Error('TarEntry content() is only valid during the onEntry callback.');
        if (consumed > 0) throw new Error('TarEntry content() can be read once.');
        const want = Math.min(bodySize, limit ?? bodySize);
        const data = await source.read(want);
        consumed = data.length;
        if (data.length < want) throw truncated();
        return Buffer.from(data);
      };
      try {
        await onEntry(entry, content);
      } finally {
        active = false;
      }
      const rest = Math.ceil(bodySize / BLOCK) * BLOCK - consumed;
      if ((await source.skip(rest)) < rest) throw truncated();
    }
    // Drain the trailing padding so a decompressor child exits normally.
    while ((await source.skip(1 << 20)) > 0) {
      if (signal?.aborted) throw cancelledError('Reading the archive');
    }
  } catch (error) {
    failed = true;
    program?.kill();
    stream.destroy();
    if (signal?.aborted) throw cancelledError('Reading the archive');
    if ((error as NodeJS.ErrnoException).code?.startsWith?.('Z_')) {
      throw new AzlError('ARCHIVE_INVALID', 'The archive is not valid gzip data.', { hint: 'The file is damaged; build or download it again.', cause: error });
    }
    throw error;
  } finally {
    await source.close().catch(() => undefined);
  }
  if (!failed && program) {
    try {
      await program.finish();
    } catch (error) {
      throw new AzlError('ARCHIVE_INVALID', 'The archive could not be decompressed.', {
        hint: 'The file is damaged; build or download it again.',
        detail: (error as AzlError).detail,
        cause: error,
      });
    }
  }
}
