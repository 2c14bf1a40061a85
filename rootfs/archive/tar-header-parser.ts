/**
 * Decodes tar member headers, shared by the archive reader (decoded entries for the validator)
 * and the OCI layer reader (raw header bytes for the flattener): one 512-byte ustar block,
 * PAX records, GNU long names (`L`/`K`) and member paths. It decides nothing: each reader
 * applies its own policy (strict or tolerant) and raises its own errors from what this returns.
 */
import { TAR_BLOCK, type TarMemberType } from './tar-header.js';

/** ustar type flags of the member types both readers understand. */
export const TAR_TYPE_FLAGS: Readonly<Record<string, TarMemberType>> = {
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

/**
 * Largest PAX extended header or GNU long name/link body either reader accepts. Real ones hold a
 * path of at most PATH_MAX (4 KiB) plus a few xattrs; a header claiming gigabytes is an attack on
 * memory (a few MB of gzip can claim 5 GiB), refused before a byte of it is buffered.
 */
export const MAX_EXTENSION_BYTES = 1024 * 1024;

/** Largest total of global PAX (`g`) records kept for the rest of an archive. */
export const MAX_GLOBAL_PAX_BYTES = 1024 * 1024;

/** True for the extension headers that describe the next member: PAX `x`/`g`, GNU `L`/`K`. */
export function isExtensionFlag(flag: string): boolean {
  return flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K';
}

/** The size of `size` data bytes rounded up to whole blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
}

/** The bytes of a NUL-terminated field (the whole field when it has no NUL). */
export function cString(field: Buffer): Buffer {
  const end = field.indexOf(0);
  return end < 0 ? field : field.subarray(0, end);
}

/** An octal number field as text, without its NUL/space padding (for error messages). */
export function numberFieldText(field: Buffer): string {
  return field.toString('latin1').replace(/[\0 ]+$/g, '').trim();
}

/** A numeric field: GNU base-256 (top bit set, two's complement) or octal text; NaN when the text is not octal. */
export function parseTarNumber(field: Buffer): number {
  if (field.length > 0 && (field[0] & 0x80) !== 0) {
    let value = BigInt(field[0] & 0x7f) - (field[0] & 0x40 ? 0x80n : 0n);
    for (let i = 1; i < field.length; i++) value = (value << 8n) | BigInt(field[i]);
    return Number(value);
  }
  const text = numberFieldText(field);
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN;
}

/** The header checksum as ustar defines it (unsigned bytes) and as old Sun tar wrote it (signed bytes). */
export function headerSums(block: Buffer): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < TAR_BLOCK; i++) {
    // The checksum field itself counts as eight spaces.
    const byte = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return { unsigned, signed };
}

/** One ustar header block, decoded; numbers are NaN where a field is not a number. */
export interface UstarHeader {
  typeFlag: string;
  /** `prefix/name` for ustar blocks, `name` otherwise, as stored. */
  name: Buffer;
  linkName: Buffer;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  checksum: number;
  /** Raw fields, for error messages about a malformed number. */
  sizeField: Buffer;
  checksumField: Buffer;
}

/** Decodes a 512-byte header block. */
export function parseUstarBlock(block: Buffer): UstarHeader {
  let name = cString(block.subarray(0, 100));
  if (block.toString('latin1', 257, 263) === 'ustar\0') {
    const prefix = cString(block.subarray(345, 500));
    if (prefix.length > 0) name = Buffer.concat([prefix, Buffer.from('/'), name]);
  }
  const sizeField = block.subarray(124, 136);
  const checksumField = block.subarray(148, 156);
  return {
    typeFlag: String.fromCharCode(block[156]),
    name,
    linkName: cString(block.subarray(157, 257)),
    mode: parseTarNumber(block.subarray(100, 108)),
    uid: parseTarNumber(block.subarray(108, 116)),
    gid: parseTarNumber(block.subarray(116, 124)),
    size: parseTarNumber(sizeField),
    mtime: parseTarNumber(block.subarray(136, 148)),
    checksum: parseTarNumber(checksumField),
    sizeField,
    checksumField,
  };
}

/** What an extension header's type flag is called in messages. */
export function extensionName(flag: string): string {
  return flag === 'x' ? 'PAX extended header' : flag === 'g' ? 'PAX global header' : flag === 'L' ? 'GNU long name' : 'GNU long link name';
}

/** PAX records with byte values, and the first problem met (parsing stops at a malformed length). */
export interface PaxRecords {
  records: Map<string, Buffer>;
  problem?: string;
}

/** Parses `"<len> key=value\n"` records; values stay bytes (xattr values are binary). */
export function parsePaxData(data: Buffer): PaxRecords {
  const records = new Map<string, Buffer>();
  let problem: string | undefined;
  let offset = 0;
  while (offset < data.length) {
    if (data[offset] === 0) break; // NUL padding after the last record
    const space = data.indexOf(0x20, offset);
    const length = space < 0 ? NaN : Number(data.toString('latin1', offset, space));
    if (!Number.isSafeInteger(length) || length <= 0 || offset + length > data.length) {
      problem = 'a PAX header is malformed';
      break;
    }
    if (data[offset + length - 1] !== 0x0a) {
      problem = 'a PAX record does not end with a newline';
      break;
    }
    const record = data.subarray(space + 1, offset + length - 1); // without the newline
    const equals = record.indexOf(0x3d);
    if (equals <= 0) problem ??= equals < 0 ? 'a PAX record has no "="' : 'a PAX record has an empty key';
    else records.set(record.toString('utf8', 0, equals), Buffer.from(record.subarray(equals + 1)));
    offset += length;
  }
  return { records, problem };
}

/** What the extension headers before a member say about it. */
export interface TarExtensions {
  pax: ReadonlyMap<string, Buffer>;
  /** GNU `L` body: the member's long name. */
  longName?: Buffer;
  /** GNU `K` body: the member's long link target. */
  longLink?: Buffer;
}

/** A member's name, link target and data size once PAX records and GNU long names override the ustar fields. */
export function resolveMember(header: UstarHeader, extensions: TarExtensions): { name: Buffer; linkName: Buffer; size: number; paxSize: boolean } {
  const paxSize = extensions.pax.get('size');
  return {
    name: extensions.pax.get('path') ?? extensions.longName ?? header.name,
    linkName: extensions.pax.get('linkpath') ?? extensions.longLink ?? header.linkName,
    size: paxSize === undefined ? header.size : Number(paxSize.toString('latin1')),
    paxSize: paxSize !== undefined,
  };
}

/** The parts of a member path without empty and `.` parts (leading `./` and `/`, trailing `/`); `..` is kept. */
export function memberPathParts(name: string): string[] {
  return name.split('/').filter((part) => part !== '' && part !== '.');
}
