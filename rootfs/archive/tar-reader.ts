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
import { TAR_BLOCK as BLOCK } from './tar-header.js';
import {
  cString,
  extensionName,
  headerSums,
  isExtensionFlag,
  MAX_EXTENSION_BYTES,
  MAX_GLOBAL_PAX_BYTES,
  memberPathParts,
  numberFieldText,
  paddedSize,
  parsePaxData,
  parseUstarBlock,
  resolveMember,
  TAR_TYPE_FLAGS,
} from './tar-header-parser.js';
import { startStreamingProgram, type StreamingProgram } from './stream-program.js';

export interface TarEntry {
  /** Normalized: no leading `./` or `/`, no trailing `/`; the archive root itself is `.`. `..` parts are kept. */
  path: string;
  /** The name as stored began with `/` (extractors strip it; the validator flags it). */
  absolute?: boolean;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  /** Symlink target as stored; for hard links the normalized path of the linked member. */
  linkTarget?: string;
  /** Hard links: the target as stored, before normalizing (the validator checks it). */
  rawLinkTarget?: string;
  xattrs: Record<string, Buffer>;
}

/**
 * Reads the entry's data; only valid during the callback. With `limit`, reads just the first
 * `limit` bytes (cheap ELF-header and magic checks on big files).
 */
export type EntryContent = (limit?: number) => Promise<Buffer>;

export type TarCompression = 'gzip' | 'xz' | 'bzip2' | 'none';

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

/** The `xattrs` of every member without extended attributes. */
const NO_XATTRS: Record<string, Buffer> = Object.freeze({}) as Record<string, Buffer>;

function damaged(why: string): AzlError {
  return new AzlError('ARCHIVE_INVALID', `The archive is damaged or hostile: ${why}.`, {
    hint: 'Do not use this file; build or download the image again from a source you trust.',
  });
}

function truncated(): AzlError {
  return new AzlError('ARCHIVE_INVALID', 'The archive ends in the middle of a member.', {
    hint: 'The file is truncated or damaged; build or download it again.',
  });
}

/** Strips `./` and `/` prefixes, empty and `.` parts and the trailing slash; keeps `..`. */
export function normalizeMemberPath(name: string): string {
  const parts = memberPathParts(name);
  return parts.length === 0 ? '.' : parts.join('/');
}

/** Options of `readTar`. */
export interface ReadTarOptions {
  signal?: AbortSignal;
  /**
   * Sees every byte of the file as stored (before decompression), for a checksum taken in the
   * same pass. Only for gzip and plain tars; `readTar` reports whether it was used.
   */
  onFileData?: (chunk: Buffer) => void;
}

async function openDecompressed(file: string, options: ReadTarOptions): Promise<{ stream: Readable; program?: StreamingProgram; tapped: boolean }> {
  const { signal, onFileData } = options;
  const compression = await detectCompression(file);
  const source = (): Readable => {
    const raw = createReadStream(file);
    if (onFileData) raw.on('data', (chunk) => onFileData(chunk as Buffer));
    return raw;
  };
  if (compression === 'gzip') return { stream: source().pipe(createGunzip()), tapped: onFileData !== undefined };
  if (compression === 'xz' || compression === 'bzip2') {
    const name = compression === 'xz' ? 'xz' : 'bzip2';
    const program = startStreamingProgram(name, ['-dc', '--', file], `${name} -dc`, signal);
    program.endInput();
    return { stream: program.stdout, program, tapped: false };
  }
  return { stream: source(), tapped: onFileData !== undefined };
}

/** Called for each member in archive order; `content` is only valid during the call. */
export type TarEntryHandler = (entry: TarEntry, content: EntryContent) => Promise<void> | void;

/**
 * Streams the members of `file` to `onEntry`, in archive order. Resolves with whether
 * `onFileData` saw the whole file (false for xz and bzip2, which a child program reads).
 */
export async function readTar(file: string, onEntry: TarEntryHandler, options: ReadTarOptions = {}): Promise<{ fileDataSeen: boolean }> {
  const { signal } = options;
  if (signal?.aborted) throw cancelledError('Reading the archive');
  const { stream, program, tapped } = await openDecompressed(file, options);
  await parseTar(stream, program, onEntry, signal);
  return { fileDataSeen: tapped };
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
    let globalBytes = 0;
    let localBytes = 0;
    for (;;) {
      if (signal?.aborted) throw cancelledError('Reading the archive');
      const header = await source.read(BLOCK);
      if (header.length === 0) break; // no end marker: tolerated, as GNU tar does
      if (header.length < BLOCK) throw truncated();
      if (header.every((byte) => byte === 0)) break; // end of archive
      const ustar = parseUstarBlock(header);
      const sums = headerSums(header);
      if (ustar.checksum !== sums.unsigned && ustar.checksum !== sums.signed) {
        throw new AzlError('ARCHIVE_INVALID', 'The archive has a damaged member header (bad checksum).', {
          hint: 'This is not a tar archive or it is corrupted; build or download it again.',
        });
      }
      const { typeFlag, size } = ustar;
      if (!Number.isSafeInteger(size) || size < 0) throw damaged(`a member header holds the size "${numberFieldText(ustar.sizeField)}"`);

      if (isExtensionFlag(typeFlag)) {
        // Capped before reading: the body is buffered whole, and a claimed size is free to fake.
        if (size > MAX_EXTENSION_BYTES) throw damaged(`a ${extensionName(typeFlag)} claims ${size} bytes (at most ${MAX_EXTENSION_BYTES} are accepted)`);
        const padded = paddedSize(size);
        const data = await source.read(padded);
        if (data.length < padded) throw truncated();
        const body = data.subarray(0, size);
        if (typeFlag === 'x' || typeFlag === 'g') {
          const { records, problem } = parsePaxData(body);
          if (problem !== undefined) throw damaged(problem);
          const target = typeFlag === 'x' ? local : global;
          for (const [k, v] of records) target.set(k, v);
          if (typeFlag === 'x') {
            // Several `x` headers in a row merge; together they are held to the one cap.
            localBytes += size;
            if (localBytes > MAX_EXTENSION_BYTES) throw damaged(`the PAX extended headers of one member hold more than ${MAX_EXTENSION_BYTES} bytes`);
          } else {
            globalBytes += size;
            if (globalBytes > MAX_GLOBAL_PAX_BYTES) throw damaged(`its PAX global headers hold more than ${MAX_GLOBAL_PAX_BYTES} bytes`);
          }
        } else if (typeFlag === 'L') longName = cString(body);
        else longLink = cString(body);
        continue;
      }

      const records = new Map([...global, ...local]);
      // Only a member's own PAX header sets its size; a global one would give every member the same length.
      if (!local.has('size')) records.delete('size');
      const member = resolveMember(ustar, { pax: records, longName, longLink });
      const name = member.name.toString('utf8');
      const dataSize = member.size;
      if (!Number.isSafeInteger(dataSize) || dataSize < 0) throw damaged(`the PAX size of "${name.slice(0, 200)}" is not a byte count`);
      const type = TAR_TYPE_FLAGS[typeFlag] ?? (name.endsWith('/') ? 'directory' : 'file');
      // Most members have none: they share one frozen empty object (millions of members add up).
      let xattrs: Record<string, Buffer> = NO_XATTRS;
      for (const [key, value] of records) {
        if (!key.startsWith('SCHILY.xattr.')) continue;
        if (xattrs === NO_XATTRS) xattrs = {};
        xattrs[key.slice('SCHILY.xattr.'.length)] = value;
      }
      const numberRecord = (key: string, fallback: number): number => {
        const value = records.get(key);
        if (value === undefined) return fallback;
        const parsed = Number(value.toString('latin1'));
        if (!Number.isFinite(parsed)) throw damaged(`the PAX ${key} of "${name.slice(0, 200)}" is not a number`);
        return parsed;
      };
      const entry: TarEntry = {
        path: normalizeMemberPath(name),
        ...(name.startsWith('/') ? { absolute: true } : {}),
        type,
        mode: ustar.mode & 0o7777,
        uid: numberRecord('uid', ustar.uid),
        gid: numberRecord('gid', ustar.gid),
        size: dataSize,
        mtime: Math.floor(numberRecord('mtime', ustar.mtime)),
        xattrs,
      };
      if (type === 'symlink') entry.linkTarget = member.linkName.toString('utf8');
      if (type === 'hardlink') {
        entry.rawLinkTarget = member.linkName.toString('utf8');
        entry.linkTarget = normalizeMemberPath(entry.rawLinkTarget);
      }
      local = new Map();
      localBytes = 0;
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
      const rest = paddedSize(bodySize) - consumed;
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
