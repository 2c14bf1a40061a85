/**
 * `file://` URLs exactly as wsl.exe turns them into paths (filesystem.cpp
 * `TryGetPathFromFileUrl`): the prefix `file://` (lower case), one more `/` skipped when
 * present, every `/` made `\`, and nothing percent-decoded. So `file:///C:/Images/a b.wsl` is
 * `C:\Images\a b.wsl`, a UNC share needs five slashes (`file://///server/share/x.wsl` is
 * `\\server\share\x.wsl`; the usual `file://server/share` is the *relative* `server\share`
 * and `file:////server/share` the drive-relative `\server\share`), and `%20` stays `%20`.
 * Catalog URLs are written by this module so they always come out the way WSL reads them.
 *
 * On Linux (tests, the simulator) the same rule gives a path without its leading `/`, which is
 * put back: `file:///tmp/catalog/x.wsl` is `/tmp/catalog/x.wsl`.
 */
import { posix, win32 } from 'node:path';

const FILE_URL_PREFIX = 'file://';

/** True when WSL would read this address as a local file. */
export function isFileUrl(url: string): boolean {
  return url.startsWith(FILE_URL_PREFIX);
}

/** True for the web addresses WSL downloads with its HTTP client. */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** The path wsl.exe reads for a `file://` URL, or undefined for any other address. */
export function pathFromFileUrl(url: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!isFileUrl(url)) return undefined;
  let rest = url.slice(FILE_URL_PREFIX.length);
  if (rest.startsWith('/')) rest = rest.slice(1);
  if (platform === 'win32') return rest.replace(/\//g, '\\');
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** The `file://` URL wsl.exe turns back into `path` (absolute; drive or UNC on Windows). */
export function fileUrlFromPath(path: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const absolute = win32.resolve(path);
    // `\\server\share\x` → `//server/share/x` → file:// + the one slash WSL skips + that = five slashes.
    return `${FILE_URL_PREFIX}/${absolute.replace(/\\/g, '/')}`;
  }
  return `${FILE_URL_PREFIX}${posix.resolve(path)}`;
}

/** The address of `name` in the same folder as the manifest at `manifestUrl`. */
export function siblingUrl(manifestUrl: string, name: string): string {
  // An admin may have typed backslashes after file:/// (WSL turns them into the same path).
  const slash = Math.max(manifestUrl.lastIndexOf('/'), isFileUrl(manifestUrl) ? manifestUrl.lastIndexOf('\\') : -1);
  return `${manifestUrl.slice(0, slash + 1)}${name}`;
}
