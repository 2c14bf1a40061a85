/**
 * Checking a snapshot before anything relies on it: one read of the file gives its SHA-256,
 * proves it is a complete, readable tar (every header's checksum, every member's length, the
 * end), and indexes /etc (account files, wsl.conf) for whoever needs them next. A damaged or
 * tampered file is SNAPSHOT_DAMAGED, never used.
 */
import { createHash } from 'node:crypto';
import { AzlError, isAzlError } from '../../common/errors.js';
import { sha256OfFile } from '../../common/file-checks.js';
import { indexArchive, type ArchiveIndex } from '../../rootfs/validate/archive-index.js';

export interface VerifiedArchive {
  sha256: string;
  index: ArchiveIndex;
}

/** True when the index looks like a Linux root (what WSL itself requires of an import). */
export function looksLikeRoot(index: ArchiveIndex): boolean {
  return index.entries.has('etc') || index.entries.has('etc/passwd') || index.entries.has('bin/sh');
}

/** Reads `file` once; SNAPSHOT_DAMAGED when it is not a complete Linux root archive or its SHA-256 differs from `expected`. */
export async function verifyArchive(file: string, options: { expectedSha256?: string; signal?: AbortSignal; what?: string } = {}): Promise<VerifiedArchive> {
  const what = options.what ?? 'The snapshot';
  const hash = createHash('sha256');
  let index: ArchiveIndex & { fileDataSeen?: boolean };
  try {
    index = await indexArchive(file, options.signal, { onFileData: (chunk) => hash.update(chunk) });
  } catch (error) {
    if (isAzlError(error) && error.code === 'CANCELLED') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AzlError('SNAPSHOT_DAMAGED', `${what} ${file} is not a readable archive: ${reason}`, {
      hint: 'Use another snapshot; this one cannot be restored. Nothing was changed.',
      detail: reason,
      cause: error,
    });
  }
  const sha256 = index.fileDataSeen ? hash.digest('hex') : await sha256OfFile(file, options.signal);
  if (options.expectedSha256 !== undefined && sha256 !== options.expectedSha256) {
    throw new AzlError('SNAPSHOT_DAMAGED', `${what} ${file} has changed since it was taken (its SHA-256 differs).`, {
      hint: 'Use another snapshot; this one cannot be trusted. Nothing was changed.',
      detail: `expected ${options.expectedSha256}\nactual   ${sha256}`,
    });
  }
  if (!looksLikeRoot(index)) {
    throw new AzlError('SNAPSHOT_DAMAGED', `${what} ${file} holds no Linux root file system.`, { hint: 'Use another snapshot. Nothing was changed.' });
  }
  return { sha256, index };
}
