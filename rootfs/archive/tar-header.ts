/**
 * Encodes tar member headers: a POSIX ustar header, preceded by a PAX extended header when a
 * value does not fit ustar (long names and link targets, big files and ids) or when the
 * member carries extended attributes.
 *
 * PAX records are built as bytes, never as strings: `security.capability` values are binary
 * and must reach the archive byte-exact (tar-stream's string records corrupt them).
 */
export const TAR_BLOCK = 512;

export type TarMemberType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'directory' | 'fifo';

const TYPE_FLAGS: Record<TarMemberType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  directory: '5',
  fifo: '6',
};

export interface TarMember {
  /** Member name as written, e.g. `./etc/passwd` or `./etc/`. */
  name: string;
  type: TarMemberType;
  /** Permission bits including setuid/setgid/sticky (0o7777 mask). */
  mode: number;
  uid: number;
  gid: number;
  /** Data size; 0 for everything but regular files. */
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
  linkName?: string;
  devMajor?: number;
  devMinor?: number;
  xattrs?: ReadonlyMap<string, Buffer>;
}

/** Largest value an octal field of `width` bytes holds (width-1 digits and a NUL). */
function octalLimit(width: number): number {
  return 8 ** (width - 1) - 1;
}

function writeOctal(block: Buffer, offset: number, width: number, value: number): void {
  const text = Math.max(0, Math.floor(value)).toString(8).padStart(width - 1, '0');
  block.write(text, offset, width - 1, 'ascii');
  block[offset + width - 1] = 0;
}

function writeBytes(block: Buffer, offset: number, width: number, value: Buffer): void {
  value.copy(block, offset, 0, Math.min(width, value.length));
}

/** One PAX record: `"<len> <key>=<value>\n"`, where len counts its own digits. */
export function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.byteLength(key) + value.length + 3; // space, '=', newline
  let length = body + String(body).length;
  if (String(length).length !== String(body).length) length = body + String(length).length;
  return Buffer.concat([Buffer.from(`${length} ${key}=`, 'utf8'), value, Buffer.from('\n')]);
}

function ustarHeader(
  name: Buffer,
  typeFlag: string,
  fields: { mode: number; uid: number; gid: number; size: number; mtime: number; linkName?: Buffer; devMajor?: number; devMinor?: number },
): Buffer {
  const block = Buffer.alloc(TAR_BLOCK);
  writeBytes(block, 0, 100, name);
  writeOctal(block, 100, 8, fields.mode & 0o7777);
  writeOctal(block, 108, 8, Math.min(fields.uid, octalLimit(8)));
  writeOctal(block, 116, 8, Math.min(fields.gid, octalLimit(8)));
  writeOctal(block, 124, 12, fields.size > octalLimit(12) ? 0 : fields.size);
  writeOctal(block, 136, 12, fields.mtime < 0 || fields.mtime > octalLimit(12) ? 0 : fields.mtime);
  block.write(typeFlag, 156, 1, 'ascii');
  if (fields.linkName) writeBytes(block, 157, 100, fields.linkName);
  block.write('ustar\u000000', 257, 8, 'ascii');
  // uname/gname stay empty: WSL and GNU tar --numeric-owner use the numeric ids only.
  writeOctal(block, 329, 8, fields.devMajor ?? 0);
  writeOctal(block, 337, 8, fields.devMinor ?? 0);
  writeHeaderChecksum(block);
  return block;
}

/** Fills a ustar header block's checksum field: the byte sum with the field itself as spaces. */
export function writeHeaderChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\u0000 ', 148, 8, 'ascii');
}

/** `data` padded with zeros to a whole number of tar blocks. */
export function padToBlock(data: Buffer): Buffer {
  const rest = data.length % TAR_BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(TAR_BLOCK - rest)]);
}

/** The header blocks (PAX extended header if needed, then ustar) for one member. */
export function encodeMemberHeader(member: TarMember): Buffer {
  const name = Buffer.from(member.name, 'utf8');
  const linkName = member.linkName === undefined ? undefined : Buffer.from(member.linkName, 'utf8');
  const records: Buffer[] = [];
  if (name.length > 100) records.push(paxRecord('path', name));
  if (linkName && linkName.length > 100) records.push(paxRecord('linkpath', linkName));
  if (member.size > octalLimit(12)) records.push(paxRecord('size', Buffer.from(String(member.size))));
  if (member.uid > octalLimit(8)) records.push(paxRecord('uid', Buffer.from(String(member.uid))));
  if (member.gid > octalLimit(8)) records.push(paxRecord('gid', Buffer.from(String(member.gid))));
  if (member.mtime < 0 || member.mtime > octalLimit(12)) records.push(paxRecord('mtime', Buffer.from(String(member.mtime))));
  if (member.xattrs) {
    for (const [key, value] of [...member.xattrs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      records.push(paxRecord(`SCHILY.xattr.${key}`, value));
    }
  }
  const header = ustarHeader(name, TYPE_FLAGS[member.type], {
    mode: member.mode,
    uid: member.uid,
    gid: member.gid,
    size: member.type === 'file' ? member.size : 0,
    mtime: member.mtime,
    linkName,
    devMajor: member.devMajor,
    devMinor: member.devMinor,
  });
  if (records.length === 0) return header;
  const paxData = Buffer.concat(records);
  const base = member.name.replace(/\/$/, '').split('/').pop() || 'root';
  const paxName = Buffer.from(`./PaxHeaders/${base}`, 'utf8').subarray(0, 100);
  const paxHeader = ustarHeader(paxName, 'x', {
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: paxData.length,
    mtime: Math.max(0, Math.min(member.mtime, octalLimit(12))),
  });
  return Buffer.concat([paxHeader, padToBlock(paxData), header]);
}

/** GNU tar and bsdtar write whole 10 KiB records; matching that keeps old readers happy. */
export const TAR_RECORD = 20 * TAR_BLOCK;

/** Zero bytes that end the archive: two zero blocks, padded to a whole record. */
export function endOfArchive(bytesWritten: number): Buffer {
  const withEnd = bytesWritten + 2 * TAR_BLOCK;
  const padded = Math.ceil(withEnd / TAR_RECORD) * TAR_RECORD;
  return Buffer.alloc(padded - bytesWritten);
}
