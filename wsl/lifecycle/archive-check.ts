/**
 * The quick proof that an uncompressed export is whole, taken in one read at disk speed: its
 * SHA-256, and a walk over its member headers only (every header's checksum, every member's
 * length, the end-of-archive blocks, nothing cut short), never copying member data. A
 * snapshot that passes is a readable archive; one that does not is SNAPSHOT_DAMAGED. (The
 * full index, `verify-archive.ts`, is for when the members themselves are needed.)
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AzlError, cancelledError } from '../../common/errors.js';
import { TAR_BLOCK } from '../../rootfs/archive/tar-header.js';
import { headerSums, isExtensionFlag, memberPathParts, paddedSize, parsePaxData, parseUstarBlock } from '../../rootfs/archive/tar-header-parser.js';

/** Read size: large reads keep the walk at disk speed. */
const READ_BYTES = 1024 * 1024;
/** A PAX header bigger than this is not from WSL's exporter. */
const MAX_PAX_BYTES = 1024 * 1024;

export interface CheckedArchive {
  sha256: string;
  bytes: number;
  members: number;
  /** Whether it holds /etc (what WSL itself requires of a Linux root). */
  hasEtc: boolean;
}

function damaged(file: string, reason: string): AzlError {
  return new AzlError('SNAPSHOT_DAMAGED', `The snapshot ${file} is not a readable archive: ${reason}`, { hint: 'Take the snapshot again. Nothing was changed.' });
}

/** Bytes of member data that follow a header: regular files (and hard links that carry data) and extension headers. */
function bodySize(typeFlag: string, name: Buffer, size: number): number {
  if (isExtensionFlag(typeFlag)) return size;
  if (typeFlag === '0' || typeFlag === '\0' || typeFlag === '7' || typeFlag === '1') return name.toString('latin1').endsWith('/') ? 0 : size;
  return 0;
}

/** Hashes and walks an uncompressed tar file. */
export async function checkTarFile(file: string, options: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {}): Promise<CheckedArchive> {
  const hash = createHash('sha256');
  let offset = 0;
  type Mode = 'header' | 'pax' | 'skip';
  const state: { mode: Mode } = { mode: 'header' };
  /** Bytes still to skip (member data and padding). */
  let skip = 0;
  /** Bytes wanted for the header or PAX data being collected, and what was collected. */
  let want = TAR_BLOCK;
  let collected: Buffer[] = [];
  let collectedBytes = 0;
  let paxPadding = 0;
  let paxSize: number | undefined;
  let ended = false;
  let members = 0;
  let hasEtc = false;

  const startSkip = (bytes: number): void => {
    skip = bytes;
    state.mode = bytes > 0 ? 'skip' : 'header';
    want = TAR_BLOCK;
  };
  const onHeader = (block: Buffer, at: number): void => {
    if (block.every((byte) => byte === 0)) {
      ended = true;
      return;
    }
    const ustar = parseUstarBlock(block);
    const sums = headerSums(block);
    if (ustar.checksum !== sums.unsigned && ustar.checksum !== sums.signed) throw damaged(file, `the member header at byte ${at} has a bad checksum`);
    if (ustar.typeFlag === 'x' && ustar.size <= MAX_PAX_BYTES) {
      state.mode = 'pax';
      want = ustar.size;
      paxPadding = paddedSize(ustar.size) - ustar.size;
      if (want === 0) startSkip(paxPadding);
      return;
    }
    let size = ustar.size;
    if (!isExtensionFlag(ustar.typeFlag)) {
      members++;
      if (paxSize !== undefined) size = paxSize;
      paxSize = undefined;
      if (memberPathParts(ustar.name.toString('utf8'))[0] === 'etc') hasEtc = true;
    }
    startSkip(paddedSize(bodySize(ustar.typeFlag, ustar.name, size)));
  };

  try {
    for await (const chunk of createReadStream(file, { highWaterMark: READ_BYTES, signal: options.signal })) {
      const data = chunk as Buffer;
      hash.update(data);
      let at = 0;
      while (at < data.length && !ended) {
        if (state.mode === 'skip') {
          const taken = Math.min(skip, data.length - at);
          skip -= taken;
          at += taken;
          if (skip === 0) startSkip(0);
          continue;
        }
        const taken = Math.min(want - collectedBytes, data.length - at);
        collected.push(data.subarray(at, at + taken));
        collectedBytes += taken;
        at += taken;
        if (collectedBytes < want) break;
        const whole = Buffer.concat(collected, collectedBytes);
        collected = [];
        collectedBytes = 0;
        if (state.mode === 'header') onHeader(whole, offset + at - TAR_BLOCK);
        else {
          paxSize = paxRecordSize(whole);
          startSkip(paxPadding);
        }
      }
      offset += data.length;
      options.onBytes?.(offset);
    }
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError('Checking the snapshot');
    throw error;
  }
  if (members === 0) throw damaged(file, 'it holds no members');
  if (!ended && (state.mode !== 'header' || collectedBytes > 0)) throw damaged(file, 'it ends in the middle of a member');
  return { sha256: hash.digest('hex'), bytes: offset, members, hasEtc };
}

/** The `size` record of a PAX header's data, if any. */
function paxRecordSize(data: Buffer): number | undefined {
  const value = parsePaxData(data).records.get('size');
  if (value === undefined) return undefined;
  const size = Number(value.toString('latin1'));
  return Number.isSafeInteger(size) && size >= 0 ? size : undefined;
}
