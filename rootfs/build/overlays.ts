/**
 * Copies the description's overlay folders and single files into the image root.
 *
 * KIWI copies `root/` and then one folder per active profile over the root; toolkit configs
 * list AdditionalFiles. Modes are kept (or set from the profile), owners become 0:0, and every
 * destination is resolved inside the root. Overlay symlinks whose target leaves the image, and
 * destinations that would leave it through a link already in the root, are refused.
 */
import { chmod, chown, copyFile, lchown, lstat, mkdir, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import type { FileSpec, OverlaySpec } from '../plan/build-plan.js';
import { AzlError, throwIfAborted } from '../../common/errors.js';
import { formatLocation } from '../../common/source-location.js';
import { linkStaysInside, resolveInRoot } from './root-path.js';

/** Mode for folders created on the way to a destination (what `install -d` gives). */
const DEFAULT_DIR_MODE = 0o755;

/** Creates the folders of `imageDir` inside the root (resolved safely) and returns its host path. */
export async function ensureImageDir(root: string, imageDir: string, what: string): Promise<string> {
  const hostPath = await resolveInRoot(root, imageDir, { followLast: true, what });
  // We run as root, so whatever mkdir creates is already owned 0:0.
  await mkdir(hostPath, { recursive: true, mode: DEFAULT_DIR_MODE });
  return hostPath;
}

/** Removes whatever is at `hostPath` unless it is a folder (a file replaces a file or link). */
async function clearForFile(hostPath: string): Promise<void> {
  try {
    const info = await lstat(hostPath);
    if (info.isDirectory()) throw new AzlError('PATH_ESCAPE', `Cannot replace the folder ${hostPath} with a file.`);
    await rm(hostPath, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Copies one host file into the image at `imagePath` with `mode`, owned 0:0. */
export async function placeFile(root: string, from: string, imagePath: string, mode: number | undefined, what: string): Promise<void> {
  const parent = await ensureImageDir(root, posix.dirname(imagePath), what);
  const target = join(parent, posix.basename(imagePath));
  const finalPath = await resolveInRoot(root, imagePath, { followLast: false, what });
  if (finalPath !== target) throw new AzlError('PATH_ESCAPE', `${what} does not resolve to a plain path in the image.`);
  await clearForFile(target);
  const source = await lstat(from);
  await copyFile(from, target);
  await chown(target, 0, 0);
  await chmod(target, mode ?? source.mode & 0o7777);
}

async function copyTree(root: string, overlay: OverlaySpec, hostDir: string, imageDir: string, signal?: AbortSignal): Promise<void> {
  const entries = await readdir(hostDir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    throwIfAborted(signal, 'The build');
    const from = join(hostDir, entry.name);
    const imagePath = posix.join(imageDir, entry.name);
    const what = `Overlay file ${posix.join(relative(overlay.dir, hostDir).split('\\').join('/'), entry.name)} (${formatLocation(overlay.source)})`;
    const info = await lstat(from);
    if (info.isSymbolicLink()) {
      const target = await readlink(from);
      if (!linkStaysInside(imagePath, target)) {
        throw new AzlError('PATH_ESCAPE', `${what} is a symbolic link to ${target}, which points outside the image.`, {
          hint: 'Make the link absolute (it then means the image\'s own path) or keep it inside the image.',
        });
      }
      const parent = await ensureImageDir(root, imageDir, what);
      const linkPath = join(parent, entry.name);
      await clearForFile(linkPath);
      await symlink(target, linkPath);
      await lchown(linkPath, 0, 0);
    } else if (info.isDirectory()) {
      const hostPath = await ensureImageDir(root, imagePath, what);
      await chown(hostPath, 0, 0);
      await chmod(hostPath, info.mode & 0o7777);
      await copyTree(root, overlay, from, imagePath, signal);
    } else if (info.isFile()) {
      await placeFile(root, from, imagePath, undefined, what);
    } else {
      throw new AzlError('PROFILE_INVALID', `${what} is not a file, folder or symbolic link.`);
    }
  }
}

/** Copies the overlays in plan order (`root/` first, then one per active profile). */
export async function applyOverlays(root: string, overlays: readonly OverlaySpec[], signal?: AbortSignal): Promise<void> {
  for (const overlay of overlays) await copyTree(root, overlay, overlay.dir, '/', signal);
}

/** Copies the plan's single files (`<file>`, AdditionalFiles) with their modes. */
export async function applyFiles(root: string, files: readonly FileSpec[], signal?: AbortSignal): Promise<void> {
  for (const file of files) {
    throwIfAborted(signal, 'The build');
    await placeFile(root, file.from, file.to, file.mode, `File ${file.to} (${formatLocation(file.source)})`);
  }
}
