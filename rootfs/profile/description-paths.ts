/**
 * Path rules for files named by an untrusted image description.
 *
 * A description may only read files inside its own folder (no `..`, no symlink that leads
 * out), and may only write to absolute paths inside the image (no `..` that could climb out
 * of the root the builder copies into).
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { formatLocation, type SourceLocation } from '../../common/source-location.js';

/** True when `child` is `parent` or lies below it (both absolute, normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** How a description file is named in messages and plan sources: relative to the description folder. */
export function relativeToDescription(descriptionDir: string, absolutePath: string): string {
  const rel = relative(descriptionDir, absolutePath);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

/**
 * Resolves `reference` (relative to `baseDir`) and checks that it stays inside `descriptionDir`,
 * lexically and after following symlinks. Returns the absolute (unresolved) path.
 */
export function resolveInsideDescription(
  descriptionDir: string,
  baseDir: string,
  reference: string,
  what: string,
  location: SourceLocation,
): string {
  const absolute = resolve(baseDir, reference);
  if (!isInside(descriptionDir, absolute)) throw escapeError(what, reference, location);
  if (existsSync(absolute)) {
    const real = realpathSync(absolute);
    if (!isInside(realpathSync(descriptionDir), real)) throw escapeError(what, reference, location);
  }
  return absolute;
}

/** Checks a destination inside the image: absolute, no `..` segment, not the root itself. Returns it normalised. */
export function checkImageTarget(target: string, location: SourceLocation): string {
  const segments = target.split('/');
  if (!target.startsWith('/') || segments.includes('..') || posix.normalize(target) === '/') {
    throw new AzlError('PATH_ESCAPE', `The target "${target}" at ${formatLocation(location)} is not an absolute path inside the image.`, {
      hint: 'Use an absolute path such as /etc/example.conf, without "..".',
      detail: formatLocation(location),
    });
  }
  return posix.normalize(target);
}

function escapeError(what: string, reference: string, location: SourceLocation): AzlError {
  return new AzlError('PATH_ESCAPE', `The ${what} "${reference}" at ${formatLocation(location)} points outside the description folder.`, {
    hint: 'Keep every file a description uses inside its own folder (no "..", no symlinks leading out).',
    detail: formatLocation(location),
  });
}
