/**
 * Walks a staged root filesystem into the ordered list of tar members.
 *
 * lstat only (symlinks are never followed), children sorted bytewise within each directory
 * (the order `tar --sort=name` gives; parents always come before children), and the WSL
 * layout rules of shared/docs/wsl-spec.md §6: no content under /dev, /proc, /sys, /run,
 * /tmp (their directories stay, with their modes), no /boot at all, no sockets.
 */
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join } from 'node:path';
import { throwIfAborted } from '../../common/errors.js';
import type { TarMemberType } from './tar-header.js';

/** Top-level directories whose content never ships (kernel/runtime mounts, scratch space). */
const EMPTY_TOP_LEVEL = new Set(['dev', 'proc', 'sys', 'run', 'tmp']);
/** Top-level directories left out entirely: WSL boots its own kernel, so no kernel/initramfs. */
const OMITTED_TOP_LEVEL = new Set(['boot']);

export interface RootEntry {
  /** Path relative to the root, '' for the root itself, no trailing slash. */
  relative: string;
  /** Member name: `./`, `./etc/`, `./etc/passwd`. */
  memberName: string;
  type: TarMemberType;
  stat: Stats;
  /** Symlink target, or for hard links the member name of the first path of the inode. */
  linkName?: string;
}

function memberType(stat: Stats): TarMemberType | undefined {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'directory';
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isCharacterDevice()) return 'char';
  if (stat.isBlockDevice()) return 'block';
  if (stat.isFIFO()) return 'fifo';
  return undefined; // sockets (and anything unknown) never go into an image
}

function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The ordered members of the root at `rootDir`. */
export async function walkRoot(rootDir: string, signal?: AbortSignal): Promise<RootEntry[]> {
  const entries: RootEntry[] = [];
  const firstPathOfInode = new Map<string, string>();

  const visit = async (relative: string, stat: Stats): Promise<void> => {
    throwIfAborted(signal, 'Packing the image');
    const type = memberType(stat);
    if (!type) return;
    const memberName = relative === '' ? './' : type === 'directory' ? `./${relative}/` : `./${relative}`;
    const absolute = relative === '' ? rootDir : join(rootDir, relative);
    const entry: RootEntry = { relative, memberName, type, stat };
    if (type !== 'directory' && stat.nlink > 1) {
      const key = `${stat.dev}:${stat.ino}`;
      const first = firstPathOfInode.get(key);
      if (first !== undefined) {
        entry.type = 'hardlink';
        entry.linkName = first;
      } else {
        firstPathOfInode.set(key, memberName);
      }
    }
    if (entry.type === 'symlink') entry.linkName = readlinkSync(absolute);
    entries.push(entry);
    if (type !== 'directory') return;
    if (relative !== '' && !relative.includes('/') && EMPTY_TOP_LEVEL.has(relative)) return;
    // Synchronous metadata calls: a thread-pool round trip per lstat costs more than the call
    // itself on a tree of thousands of entries; the loop yields once per directory instead.
    await nextTurn();
    const names = readdirSync(absolute).sort(compareBytewise);
    const children = names.filter((name) => !(relative === '' && OMITTED_TOP_LEVEL.has(name)));
    const stats = children.map((name) => lstatSync(join(absolute, name)));
    for (let i = 0; i < children.length; i++) {
      await visit(relative === '' ? children[i] : `${relative}/${children[i]}`, stats[i]);
    }
  };

  await visit('', lstatSync(rootDir));
  return entries;
}
