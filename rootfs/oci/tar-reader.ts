/**
 * A streaming reader of tar archives (ustar, GNU long names, PAX) that keeps every header's raw
 * bytes, so an entry can be re-emitted byte for byte (PAX records with binary xattr values
 * included) without being decoded and encoded again.
 */
import { createHash, type Hash } from 'node:crypto';
import { RegistryError } from './registry-error.js';

const BLOCK = 512;

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'directory' | 'fifo';

const TYPE_FLAGS: Record<string, TarEntryType> = {
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

export interface TarEntry {
  /** All header blocks of the entry (GNU long-name and PAX extension blocks, then the ustar block). */
  header: Buffer;
  /** Path inside the root as a binary ("latin1") string: no leading `./` or `/`, no trailing `/`; `''` is the root. */
  path: string;
  type: TarEntryType;
  /** Hard link target, normalised like `path`; symlink target as written. */
  linkPath: string;
  /** Bytes of data that follow the header (before padding). */
  size: number;
}

function invalid(layer: string, why: string): RegistryError {
  return new RegistryError('LAYER_INVALID', `Layer ${layer} is not a readable tar archive: ${why}.`, {
    hint: 'The image is damaged or was built by a tool writing non-standard archives; rebuild or pick another image.',
  });
}

/** Normalises a path from an archive; `..` components are an escape and fail. */
export function normaliseEntryPath(raw: string, layer: string): string {
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      throw new RegistryError('LAYER_PATH_ESCAPE', `Layer ${layer} holds the path "${raw}", which points outside the root.`, {
        hint: 'The image is unsafe; do not use it.',
      });
    }
    parts.push(part);
  }
  return parts.join('/');
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('latin1');
}

function readNumber(block: Buffer, offset: number, length: number, layer: string): number {
  const field = block.subarray(offset, offset + length);
  if (field[0] & 0x80) {
    // GNU base-256: big-endian, first byte's top bit is the marker.
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i += 1) value = value * 256 + field[i];
    if (!Number.isSafeInteger(value)) throw invalid(layer, 'a size is too large');
    return value;
  }
  const text = field.toString('latin1').replace(/[\0 ]+$/g, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw invalid(layer, `a header holds the number "${text}"`);
  return parseInt(text, 8);
}

function checksumOk(block: Buffer, layer: string): boolean {
  const stored = readNumber(block, 148, 8, layer);
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 32 : block[i];
  return sum === stored;
}

/** Parses PAX records (`"<len> key=value\n"`), values as binary strings. */
export function parsePaxRecords(data: Buffer, layer: string): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    if (data[offset] === 0) break;
    const space = data.indexOf(0x20, offset);
    const length = Number(data.subarray(offset, space).toString('latin1'));
    if (space < 0 || !Number.isSafeInteger(length) || length <= 0 || offset + length > data.length) throw invalid(layer, 'a PAX header is malformed');
    const record = data.subarray(space + 1, offset + length - 1);
    const equals = record.indexOf(0x3d);
    if (equals < 0) throw invalid(layer, 'a PAX record has no "="');
    records.set(record.subarray(0, equals).toString('latin1'), record.subarray(equals + 1).toString('latin1'));
    offset += length;
  }
  return records;
}

/**
 * Reads entries one at a time from a byte stream. After `next()` returns an entry, call
 * `copyData` or `skipData` before the next `next()`. Every byte read goes into `hash`.
 */
export class TarReader {
  private buffered: Buffer[] = [];
  private bufferedSize = 0;
  private done = false;
  private pendingData = 0;
  readonly hash: Hash = createHash('sha256');

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    private readonly layer: string,
  ) {}

  /** The next entry, or null at the end of the archive. */
  async next(): Promise<TarEntry | null> {
    if (this.pendingData > 0) await this.skipData();
    const headerBlocks: Buffer[] = [];
    let pax: Map<string, string> | undefined;
    let longName: string | undefined;
    let longLink: string | undefined;
    for (;;) {
      const block = await this.read(BLOCK);
      if (block === null) {
        if (headerBlocks.length > 0) throw invalid(this.layer, 'it ends inside a header');
        return null;
      }
      if (block.every((byte) => byte === 0)) {
        if (headerBlocks.length > 0) throw invalid(this.layer, 'an extension header is followed by an empty block');
        await this.drain();
        return null;
      }
      if (!checksumOk(block, this.layer)) throw invalid(this.layer, 'a header checksum is wrong');
      const flag = String.fromCharCode(block[156]);
      let size = readNumber(block, 124, 12, this.layer);
      if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
        const padded = Math.ceil(size / BLOCK) * BLOCK;
        const data = padded > 0 ? await this.read(padded) : Buffer.alloc(0);
        if (data === null) throw invalid(this.layer, 'it ends inside a header');
        if (flag === 'g') {
          const records = parsePaxRecords(data.subarray(0, size), this.layer);
          const meaningful = [...records.keys()].filter((key) => key !== 'comment');
          if (meaningful.length > 0) throw invalid(this.layer, `it has global PAX settings (${meaningful.join(', ')}), which are not supported`);
          continue; // a comment-only global header (git archive writes one) changes nothing
        }
        headerBlocks.push(block, data);
        if (flag === 'x') pax = parsePaxRecords(data.subarray(0, size), this.layer);
        else if (flag === 'L') longName = readString(data, 0, size);
        else longLink = readString(data, 0, size);
        continue;
      }
      const type = TYPE_FLAGS[flag];
      if (type === undefined) throw invalid(this.layer, `it has an entry of type "${flag.replace(/[^\x20-\x7e]/g, '?')}" (sparse or other special entries are not supported)`);
      headerBlocks.push(block);
      const magic = block.subarray(257, 263).toString('latin1');
      let name = readString(block, 0, 100);
      if (magic === 'ustar\0') {
        const prefix = readString(block, 345, 155);
        if (prefix) name = `${prefix}/${name}`;
      }
      name = pax?.get('path') ?? longName ?? name;
      const link = pax?.get('linkpath') ?? longLink ?? readString(block, 157, 100);
      const paxSize = pax?.get('size');
      if (paxSize !== undefined) {
        size = Number(paxSize);
        if (!Number.isSafeInteger(size) || size < 0) throw invalid(this.layer, 'a PAX size is not a number');
      }
      // Only regular files carry data blocks; other types' size field is informational.
      if (type !== 'file') size = 0;
      this.pendingData = Math.ceil(size / BLOCK) * BLOCK;
      return {
        header: Buffer.concat(headerBlocks),
        path: normaliseEntryPath(name, this.layer),
        type,
        linkPath: type === 'hardlink' ? normaliseEntryPath(link, this.layer) : link,
        size,
      };
    }
  }

  /** Passes the current entry's data and padding, as raw chunks, to `write`. */
  async copyData(write: (chunk: Buffer) => void | Promise<void>): Promise<void> {
    while (this.pendingData > 0) {
      const chunk = await this.readSome(this.pendingData);
      if (chunk === null) throw invalid(this.layer, 'it ends inside a file');
      this.pendingData -= chunk.length;
      await write(chunk);
    }
  }

  /** Skips the current entry's data. */
  async skipData(): Promise<void> {
    await this.copyData(() => undefined);
  }

  /** Reads (and hashes) whatever follows the end marker, so the layer digest covers all bytes. */
  async drain(): Promise<void> {
    this.buffered = [];
    this.bufferedSize = 0;
    while (!this.done) await this.pull();
    this.buffered = [];
    this.bufferedSize = 0;
  }

  private async pull(): Promise<boolean> {
    const result = await this.source.next();
    if (result.done) {
      this.done = true;
      return false;
    }
    const chunk = result.value;
    this.hash.update(chunk);
    if (chunk.length > 0) {
      this.buffered.push(chunk);
      this.bufferedSize += chunk.length;
    }
    return true;
  }

  /** Up to `max` bytes (at least one), or null at end of stream. */
  private async readSome(max: number): Promise<Buffer | null> {
    while (this.bufferedSize === 0) if (!(await this.pull())) return null;
    const first = this.buffered[0];
    if (first.length <= max) {
      this.buffered.shift();
      this.bufferedSize -= first.length;
      return first;
    }
    this.buffered[0] = first.subarray(max);
    this.bufferedSize -= max;
    return first.subarray(0, max);
  }

  /** Exactly `length` bytes, or null when the stream ends before any of them. */
  private async read(length: number): Promise<Buffer | null> {
    while (this.bufferedSize < length) {
      if (!(await this.pull())) {
        if (this.bufferedSize === 0) return null;
        throw invalid(this.layer, 'it is truncated');
      }
    }
    const parts: Buffer[] = [];
    let needed = length;
    while (needed > 0) {
      const chunk = (await this.readSome(needed))!;
      parts.push(chunk);
      needed -= chunk.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
}
