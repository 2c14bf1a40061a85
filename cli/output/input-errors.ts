/**
 * A file the user named that is missing or cannot be read is the user's to fix, not a bug:
 * Node's file errors (ENOENT, EACCES, EISDIR…) that carry a path become one sentence and a
 * next step, wherever in the CLI the file was opened.
 */
import { AzlError } from '../../common/errors.js';

interface FileSystemError extends Error {
  code: string;
  path?: string;
  syscall?: string;
}

function isFileSystemError(error: unknown): error is FileSystemError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { path?: unknown }).path === 'string';
}

/** The sentence for each file error a user can cause. */
const SENTENCES: Record<string, (path: string) => { message: string; hint: string }> = {
  ENOENT: (path) => ({ message: `${path} does not exist.`, hint: 'Check the path (a relative path starts in the current folder) and run the command again.' }),
  EACCES: (path) => ({ message: `${path} cannot be opened: permission denied.`, hint: 'Check its permissions, or run as a user who can read it.' }),
  EPERM: (path) => ({ message: `${path} cannot be opened: the operation is not permitted.`, hint: 'Check its permissions and whether another program holds it.' }),
  EISDIR: (path) => ({ message: `${path} is a folder, but a file is needed here.`, hint: 'Name the file inside it.' }),
  ENOTDIR: (path) => ({ message: `A part of ${path} is a file, not a folder.`, hint: 'Check the path.' }),
  ELOOP: (path) => ({ message: `${path} is a loop of symbolic links.`, hint: 'Point at the real file.' }),
  ENAMETOOLONG: (path) => ({ message: `The path ${path.slice(0, 80)}… is too long.`, hint: 'Use a shorter path.' }),
};

/** The user-facing error for a file error, or undefined for anything else (a bug stays a bug). */
export function inputErrorFrom(error: unknown): AzlError | undefined {
  if (!isFileSystemError(error)) return undefined;
  const sentence = SENTENCES[error.code];
  if (!sentence) return undefined;
  const { message, hint } = sentence(error.path!);
  return new AzlError(error.code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE', message, { hint, cause: error });
}
