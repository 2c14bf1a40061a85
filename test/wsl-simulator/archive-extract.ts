/**
 * Extracting a `.wsl`/tar the way WSL's `bsdtar -x -p --xattrs --numeric-owner` does, with GNU
 * tar: compression detected from magic bytes (tar, gzip, bzip2, xz — what WSL's tests prove),
 * members with `..` refused, leading `/` stripped, numeric owners, modes incl. setuid, links,
 * xattrs incl. `security.capability`, and ACLs kept.
 */
import { open } from 'node:fs/promises';
import { runProgram } from '../../common/run-program.js';

export type ArchiveKind = 'tar' | 'gzip' | 'bzip2' | 'xz' | 'empty' | 'unknown';

const TAR_BLOCK = 512;

/** Looks at the first bytes like libarchive's format detection. */
export async function detectArchive(path: string): Promise<ArchiveKind> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(TAR_BLOCK);
    const { bytesRead } = await handle.read(head, 0, TAR_BLOCK, 0);
    if (bytesRead === 0) return 'empty';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
    if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
    if (bytesRead < TAR_BLOCK) return 'unknown';
    if (head.every((byte) => byte === 0)) return 'tar';
    if (head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
    return tarChecksumValid(head) ? 'tar' : 'unknown';
  } finally {
    await handle.close();
  }
}

/** A v7 header is recognised by its checksum (sum of bytes with the checksum field as spaces). */
function tarChecksumValid(header: Buffer): boolean {
  const stored = parseInt(header.subarray(148, 156).toString('latin1').replace(/[\0 ]+$/g, '').trim(), 8);
  if (!Number.isFinite(stored)) return false;
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum === stored;
}

/** GNU tar's decompression flag for a kind. */
export function compressionFlag(kind: ArchiveKind): string[] {
  return kind === 'gzip' ? ['-z'] : kind === 'bzip2' ? ['-j'] : kind === 'xz' ? ['-J'] : [];
}

export type ExtractResult =
  | { ok: true }
  | { ok: false; reason: 'unrecognized' | 'empty' | 'failed'; stderr: string };

/** Extracts `archive` into the existing directory `root`. */
export async function extractArchive(archive: string, root: string, signal?: AbortSignal): Promise<ExtractResult> {
  const kind = await detectArchive(archive);
  if (kind === 'empty') return { ok: false, reason: 'empty', stderr: '' };
  if (kind === 'unknown') return { ok: false, reason: 'unrecognized', stderr: 'bsdtar: Error opening archive: Unrecognized archive format\n' };
  const flags = compressionFlag(kind);
  const listing = await runProgram('tar', ['-t', ...flags, '--quoting-style=literal', '-f', archive], { name: 'tar list', signal });
  if (listing.exitCode !== 0) return { ok: false, reason: 'unrecognized', stderr: 'bsdtar: Error opening archive: Unrecognized archive format\n' };
  for (const name of listing.stdout.toString('utf8').split('\n')) {
    if (name.split('/').includes('..')) return { ok: false, reason: 'failed', stderr: `bsdtar: ${name}: Path contains '..'\nbsdtar: Error exit delayed from previous errors.\n` };
  }
  const owner = process.getuid?.() === 0 ? ['--same-owner', '--numeric-owner', '--acls', '--xattrs', "--xattrs-include=*"] : ['--no-same-owner', '--xattrs', '--xattrs-include=user.*'];
  const result = await runProgram('tar', ['-x', '-p', ...owner, ...flags, '-C', root, '-f', archive], { name: 'tar extract', signal });
  if (result.exitCode !== 0) {
    const text = result.stderr.toString('utf8').replace(/^tar: Removing leading .*\n/gm, '');
    return { ok: false, reason: 'failed', stderr: text.replace(/^tar:/gm, 'bsdtar:') };
  }
  return { ok: true };
}
