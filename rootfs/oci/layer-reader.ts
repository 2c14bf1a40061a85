/**
 * A streaming reader of container image layers (tar: ustar, GNU long names, PAX) that keeps
 * every header's raw bytes, so the flattener can re-emit an entry byte for byte (PAX records with
 * binary xattr values included) without decoding and encoding it again, and hashes every byte
 * for the layer digest. Unlike the archive reader (rootfs/archive/tar-reader.ts, which decodes
 * each member's metadata for validation), it decodes only what flattening needs; both share the
 * header parser (rootfs/archive/tar-header-parser.ts).
 */
import { createHash, type Hash } from 'node:crypto';
import { TAR_BLOCK as BLOCK, type TarMemberType } from '../archive/tar-header.js';
import { cString, extensionName, headerSums, isExtensionFlag, MAX_EXTENSION_BYTES, memberPathParts, numberFieldText, paddedSize, parsePaxData, parseUstarBlock, resolveMember, TAR_TYPE_FLAGS } from '../archive/tar-header-parser.js';
import { RegistryError } from './registry-error.js';

/** One layer entry: its raw header blocks and what flattening decides by. */
export interface LayerEntry {
  /** All header blocks of the entry (GNU long-name and PAX extension blocks, then the ustar block). */
  header: Buffer;
  /** Path inside the root as a binary ("latin1") string: no leading `./` or `/`, no trailing `/`; `''` is the root. */
  path: string;
  type: TarMemberType;
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
  const parts = memberPathParts(raw);
  if (parts.includes('..')) {
    throw new RegistryError('LAYER_PATH_ESCAPE', `Layer ${layer} holds the path "${raw}", which points outside the root.`, {
      hint: 'The image is unsafe; do not use it.',
    });
  }
  return parts.join('/');
}

/** A header number the layer reader accepts: a non-negative safe integer. */
function checkedNumber(value: number, field: Buffer, layer: string): number {
  if (Number.isNaN(value)) throw invalid(layer, `a header holds the number "${numberFieldText(field)}"`);
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(layer, 'a size is too large');
  return value;
}

/** Parses PAX records (`"<len> key=value\n"`), values as binary strings. */
export function parsePaxRecords(data: Buffer, layer: string): Map<string, string> {
  const { records, problem } = parsePaxData(data);
  if (problem !== undefined) throw invalid(layer, problem);
  return new Map([...records].map(([key, value]) => [key, value.toString('latin1')]));
}

/**
 * Reads entries one at a time from a byte stream. After `next()` returns an entry, call
 * `copyData` or `skipData` before the next `next()`. Every byte read goes into `hash`.
 */
export class LayerReader {
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
  async next(): Promise<LayerEntry | null> {
    if (this.pendingData > 0) await this.skipData();
    const headerBlocks: Buffer[] = [];
    let pax: Map<string, Buffer> | undefined;
    let longName: Buffer | undefined;
    let longLink: Buffer | undefined;
    let extensionBytes = 0;
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
      const ustar = parseUstarBlock(block);
      if (checkedNumber(ustar.checksum, ustar.checksumField, this.layer) !== headerSums(block).unsigned) throw invalid(this.layer, 'a header checksum is wrong');
      const flag = ustar.typeFlag;
      const headerSize = checkedNumber(ustar.size, ustar.sizeField, this.layer);
      if (isExtensionFlag(flag)) {
        // Capped before reading: the body is buffered whole (and kept for re-emitting), and a
        // claimed size is free to fake. Stacked extension headers share the one cap.
        extensionBytes += headerSize;
        if (headerSize > MAX_EXTENSION_BYTES) throw invalid(this.layer, `a ${extensionName(flag)} claims ${headerSize} bytes (at most ${MAX_EXTENSION_BYTES} are accepted)`);
        if (extensionBytes > MAX_EXTENSION_BYTES) throw invalid(this.layer, `the extension headers of one entry hold more than ${MAX_EXTENSION_BYTES} bytes`);
        const padded = paddedSize(headerSize);
        const data = padded > 0 ? await this.read(padded) : Buffer.alloc(0);
        if (data === null) throw invalid(this.layer, 'it ends inside a header');
        const body = data.subarray(0, headerSize);
        if (flag === 'g') {
          const records = parsePaxRecords(body, this.layer);
          const meaningful = [...records.keys()].filter((key) => key !== 'comment');
          if (meaningful.length > 0) throw invalid(this.layer, `it has global PAX settings (${meaningful.join(', ')}), which are not supported`);
          continue; // a comment-only global header (git archive writes one) changes nothing
        }
        headerBlocks.push(block, data);
        if (flag === 'x') {
          const { records, problem } = parsePaxData(body);
          if (problem !== undefined) throw invalid(this.layer, problem);
          pax = records;
        } else if (flag === 'L') longName = cString(body);
        else longLink = cString(body);
        continue;
      }
      const type = TAR_TYPE_FLAGS[flag];
      if (type === undefined) throw invalid(this.layer, `it has an entry of type "${flag.replace(/[^\x20-\x7e]/g, '?')}" (sparse or other special entries are not supported)`);
      headerBlocks.push(block);
      const member = resolveMember(ustar, { pax: pax ?? new Map(), longName, longLink });
      let size = member.size;
      if (member.paxSize && (!Number.isSafeInteger(size) || size < 0)) throw invalid(this.layer, 'a PAX size is not a number');
      const name = member.name.toString('latin1');
      const link = member.linkName.toString('latin1');
      // Only regular files carry data blocks; other types' size field is informational.
      if (type !== 'file') size = 0;
      this.pendingData = paddedSize(size);
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
