/**
 * One pass over an image archive, keeping what the validator needs: every member's metadata,
 * the content of small configuration files, and the first bytes of every executable (for ELF
 * checks). Paths resolve through the archive's own symlinks, never the host's.
 *
 * Memory is bounded whatever the archive claims: kept contents share one budget (beyond it a
 * file is fetched by a second pass when a rule needs it), and the whole index has a budget
 * that an archive of millions of tiny members (a few MB of gzip) runs into as a clear error.
 */
import { AzlError } from '../../common/errors.js';
import type { Readable } from 'node:stream';
import { readTar, readTarStream, type EntryContent, type ReadTarOptions, type TarEntry } from '../archive/tar-reader.js';
import { ELF_HEADER_BYTES } from './elf-machine.js';
import { MemberRules } from './member-rules.js';

/** Largest file kept whole: WSL itself reads icons and profile templates only up to 1 MiB. */
const MAX_KEPT_FILE = 1024 * 1024;
/** Folders whose small files are kept whole: configuration and WSL's own files. */
const KEPT_PREFIXES = ['etc/', 'usr/lib/wsl/', 'usr/libexec/wsl/', 'usr/share/wsl/'];
/**
 * Files the rules read, kept whole wherever they are: images link /etc/wsl-distribution.conf to
 * /usr/lib/wsl-distribution.conf (Fedora's wsl-setup, our own images), and keeping a few small
 * files costs far less than a second pass over the archive to fetch the link's target.
 */
const KEPT_NAMES = new Set(['wsl-distribution.conf', 'wsl.conf', 'passwd', 'shadow', 'os-release']);
/** Whole contents kept at most, together; further files are fetched on demand (loadContents). */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;
/**
 * Estimated index size at most. A member costs MEMBER_OVERHEAD_BYTES plus its name, link target
 * and xattrs: real WSL images (20 000–100 000 members, names of about 50 bytes) need 7–35 MiB,
 * and about 180 000 such members fit. It keeps validate and install under 200 MiB in all
 * (bench/memory-benchmark.ts).
 */
export const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/**
 * Cost of one member in the index (Map entry, member objects, the heap slack they bring),
 * besides its strings: measured at about 280 bytes of resident memory on Node 20.
 */
const MEMBER_OVERHEAD_BYTES = 300;
/** Measured cost of keeping one small Buffer (an ELF head), besides its bytes. */
const BUFFER_OVERHEAD_BYTES = 100;
/** Symlink hops before giving up (Linux's own limit is 40). */
const MAX_SYMLINK_HOPS = 40;

export interface IndexedEntry {
  entry: TarEntry;
  /** Whole content (kept files only). */
  content?: Buffer;
  /** First bytes of a regular file. */
  head?: Buffer;
}

export interface ArchiveIndex {
  entries: Map<string, IndexedEntry>;
  /** Members that break the extraction rules (member-rules.ts), in archive order. */
  members: MemberRules;
  /** Estimated bytes held (see MAX_INDEX_BYTES). */
  bytes: number;
  /** Bytes of kept whole contents (see MAX_KEPT_BYTES). */
  keptBytes: number;
  /** The budget this index is held to. */
  maxBytes: number;
}

/** Options of the indexers. */
export interface IndexOptions extends Pick<ReadTarOptions, 'onFileData'> {
  /** Budget for the index (default MAX_INDEX_BYTES; tests use a small one). */
  maxIndexBytes?: number;
}

/** An empty index, ready for `addEntry`. */
function newIndex(maxBytes = MAX_INDEX_BYTES): ArchiveIndex {
  const index: ArchiveIndex = { entries: new Map(), members: new MemberRules((path) => index.entries.has(path)), bytes: 0, keptBytes: 0, maxBytes };
  return index;
}

function tooLarge(index: ArchiveIndex): AzlError {
  return new AzlError('ARCHIVE_INVALID', `The archive is too large to check: its list of members passed ${(index.maxBytes / 1024 / 1024).toFixed(index.maxBytes < 1024 * 1024 ? 2 : 0)} MiB after ${index.entries.size} members.`, {
    hint: 'Real WSL images stay far below this; an archive this big is damaged or built to exhaust memory. Do not use it.',
  });
}

/** Adds one member: its metadata, the whole content of a small kept file, the first bytes of an executable. */
async function addEntry(index: ArchiveIndex, entry: TarEntry, content: EntryContent): Promise<void> {
  const { entries } = index;
  index.members.check(entry);
  let xattrBytes = 0;
  for (const key in entry.xattrs) xattrBytes += key.length + entry.xattrs[key].length + BUFFER_OVERHEAD_BYTES;
  index.bytes += MEMBER_OVERHEAD_BYTES + entry.path.length + (entry.linkTarget?.length ?? 0) + xattrBytes;
  const item: IndexedEntry = { entry };
  if (entry.type === 'file' && entry.size > 0) {
    const keep =
      entry.size <= MAX_KEPT_FILE &&
      index.keptBytes + entry.size <= MAX_KEPT_BYTES &&
      (KEPT_PREFIXES.some((prefix) => entry.path.startsWith(prefix)) || KEPT_NAMES.has(entry.path.slice(entry.path.lastIndexOf('/') + 1)));
    // ELF checks are about programs: only executables keep their first bytes.
    const executable = (entry.mode & 0o111) !== 0;
    if (keep) {
      item.content = await content();
      item.head = item.content.subarray(0, ELF_HEADER_BYTES);
      index.keptBytes += entry.size;
      index.bytes += entry.size + BUFFER_OVERHEAD_BYTES;
    } else if (executable) {
      item.head = await content(ELF_HEADER_BYTES);
      index.bytes += ELF_HEADER_BYTES + BUFFER_OVERHEAD_BYTES;
    }
  }
  if (index.bytes > index.maxBytes) throw tooLarge(index);
  entries.set(entry.path, item);
}

/** Reads `file` once into an index; `onFileData` sees the stored bytes (see `readTar`). */
export async function indexArchive(file: string, signal?: AbortSignal, options: IndexOptions = {}): Promise<ArchiveIndex & { fileDataSeen: boolean }> {
  const index = newIndex(options.maxIndexBytes);
  const { fileDataSeen } = await readTar(file, (entry, content) => addEntry(index, entry, content), { signal, onFileData: options.onFileData });
  return { ...index, fileDataSeen };
}

/** Indexes an uncompressed tar byte stream (the build's own, teed while it packs). */
export async function indexTarStream(stream: Readable, signal?: AbortSignal): Promise<ArchiveIndex> {
  const index = newIndex();
  await readTarStream(stream, (entry, content) => addEntry(index, entry, content), { signal });
  return index;
}

export interface Resolved {
  /** Path inside the archive after following links (no leading slash, '.' for the root). */
  path: string;
  /** The member there (hard links replaced by the member they point to), if any. */
  item?: IndexedEntry;
}

/**
 * Resolves an in-image path like the kernel would inside a chroot: absolute symlink targets
 * start again at the archive root, `..` never climbs above it. `followFinal` false keeps a
 * final symlink itself (lstat semantics). Undefined when a link loop is found.
 */
export function resolveInArchive(index: ArchiveIndex, path: string, followFinal = true): Resolved | undefined {
  let pending = path.split('/');
  let resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = [...resolved, part].join('/');
    const item = index.entries.get(candidate);
    if (item?.entry.type === 'symlink' && (pending.length > 0 || followFinal)) {
      if (++hops > MAX_SYMLINK_HOPS) return undefined;
      const target = item.entry.linkTarget ?? '';
      if (target.startsWith('/')) resolved = [];
      pending = [...target.split('/'), ...pending];
      continue;
    }
    resolved.push(part);
  }
  const finalPath = resolved.length === 0 ? '.' : resolved.join('/');
  let item = index.entries.get(finalPath);
  for (let i = 0; item?.entry.type === 'hardlink' && i < MAX_SYMLINK_HOPS; i++) {
    item = index.entries.get(item.entry.linkTarget ?? '');
  }
  return { path: finalPath, item };
}

/**
 * Makes sure the named files (after following links) have their whole content in the index.
 * Files neither in the kept folders nor of a kept name (e.g. a profile template linked from
 * elsewhere) cost one more pass, taken only when such a file is actually needed.
 */
export async function loadContents(index: ArchiveIndex, file: string, paths: readonly string[], signal?: AbortSignal): Promise<void> {
  const wanted = new Set<string>();
  for (const path of paths) {
    const resolved = resolveInArchive(index, path);
    const item = resolved?.item;
    if (item && item.entry.type === 'file' && item.content === undefined && item.entry.size <= MAX_KEPT_FILE) {
      wanted.add(item.entry.path);
    }
  }
  if (wanted.size === 0) return;
  await readTar(
    file,
    async (entry, content) => {
      if (entry.type !== 'file' || !wanted.has(entry.path)) return;
      const item = index.entries.get(entry.path);
      if (item) item.content = await content();
    },
    { signal },
  );
}
