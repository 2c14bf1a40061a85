/**
 * Resolving paths inside an image root without ever leaving it.
 *
 * The staged root is untrusted: packages, overlays and scripts may have put symlinks anywhere.
 * Every path the builder writes to is resolved one component at a time against the root, the
 * way the kernel would inside a chroot, so `/etc/x` with `etc -> ../../host` can never make us
 * write outside the root. An absolute link target is re-rooted (it means the image's `/`); a
 * relative one that climbs above `/` is refused with PATH_ESCAPE.
 */
import { lstat, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { AzlError } from '../../common/errors.js';

/** Linux's own limit on symlinks followed while resolving one path (MAXSYMLINKS). */
const MAX_SYMLINK_HOPS = 40;

/** Splits an image path into components, refusing `..` (a profile never needs it). */
export function imagePathComponents(imagePath: string, what = imagePath): string[] {
  const parts = imagePath.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) {
    throw new AzlError('PATH_ESCAPE', `${what} uses ".." in its path inside the image (${imagePath}).`, {
      hint: 'Give an absolute path inside the image without ".." components.',
    });
  }
  return parts;
}

/** True when a symlink stored at `linkPath` (inside the image) with `target` stays inside the image. */
export function linkStaysInside(linkPath: string, target: string): boolean {
  if (target.startsWith('/')) return true;
  let depth = imagePathComponents(posix.dirname('/' + linkPath), linkPath).length;
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      depth -= 1;
      if (depth < 0) return false;
    } else depth += 1;
  }
  return true;
}

export interface ResolveOptions {
  /** Follow a symlink in the last component too (default false: act on the link itself). */
  followLast?: boolean;
  /** Named in the PATH_ESCAPE error, e.g. the profile item that asked for the path. */
  what?: string;
}

/**
 * Host path for `imagePath` inside `root`, following symlinks only within the root.
 * Components that do not exist yet are appended as they are (the caller creates them).
 */
export async function resolveInRoot(root: string, imagePath: string, options: ResolveOptions = {}): Promise<string> {
  const what = options.what ?? imagePath;
  const pending = imagePathComponents(imagePath, what);
  const resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      // Only reachable through a relative link target; climbing above / leaves the image.
      if (resolved.length === 0) throw escapeError(what, imagePath);
      resolved.pop();
      continue;
    }
    const isLast = pending.length === 0;
    const candidate = join(root, ...resolved, part);
    let info;
    try {
      info = await lstat(candidate);
    } catch {
      // Does not exist (yet): the rest is taken literally.
      resolved.push(part);
      continue;
    }
    if (!info.isSymbolicLink() || (isLast && !options.followLast)) {
      resolved.push(part);
      continue;
    }
    hops += 1;
    if (hops > MAX_SYMLINK_HOPS) {
      throw new AzlError('PATH_ESCAPE', `${what}: too many symbolic links while resolving ${imagePath} inside the image.`);
    }
    const target = await readlink(candidate);
    const targetParts = target.split('/').filter((p) => p !== '' && p !== '.');
    if (target.startsWith('/')) resolved.length = 0;
    pending.unshift(...targetParts);
  }
  return join(root, ...resolved);
}

function escapeError(what: string, imagePath: string): AzlError {
  return new AzlError('PATH_ESCAPE', `${what} resolves outside the image root through a symbolic link (${imagePath}).`, {
    hint: 'Fix the symbolic link in the image or the target path in the profile so it stays inside the image.',
  });
}
