/**
 * One pass over an image archive, keeping what the validator needs: every member's metadata,
 * the content of small configuration files, and the first bytes of every regular file (for
 * ELF checks). Paths resolve through the archive's own symlinks, never the host's.
 */
import type { Readable } from 'node:stream';
import { readTar, readTarStream, type EntryContent, type ReadTarOptions, type TarEntry } from '../archive/tar-reader.js';
import { ELF_HEADER_BYTES } from './elf-machine.js';

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
}

/** Adds one member: its metadata, the whole content of a small kept file, the first bytes of any other file. */
async function addEntry(entries: Map<string, IndexedEntry>, entry: TarEntry, content: EntryContent): Promise<void> {
  const item: IndexedEntry = { entry };
  if (entry.type === 'file' && entry.size > 0) {
    const keep =
      entry.size <= MAX_KEPT_FILE &&
      (KEPT_PREFIXES.some((prefix) => entry.path.startsWith(prefix)) || KEPT_NAMES.has(entry.path.slice(entry.path.lastIndexOf('/') + 1)));
    const data = await content(keep ? undefined : ELF_HEADER_BYTES);
    if (keep) item.content = data;
    item.head = data.subarray(0, ELF_HEADER_BYTES);
  }
  entries.set(entry.path, item);
}

/** Reads `file` once into an index; `onFileData` sees the stored bytes (see `readTar`). */
export async function indexArchive(file: string, signal?: AbortSignal, options: Pick<ReadTarOptions, 'onFileData'> = {}): Promise<ArchiveIndex & { fileDataSeen: boolean }> {
  const entries = new Map<string, IndexedEntry>();
  const { fileDataSeen } = await readTar(file, (entry, content) => addEntry(entries, entry, content), { signal, onFileData: options.onFileData });
  return { entries, fileDataSeen };
}

/** Indexes an uncompressed tar byte stream (the build's own, teed while it packs). */
export async function indexTarStream(stream: Readable, signal?: AbortSignal): Promise<ArchiveIndex> {
  const entries = new Map<string, IndexedEntry>();
  await readTarStream(stream, (entry, content) => addEntry(entries, entry, content), { signal });
  return { entries };
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
