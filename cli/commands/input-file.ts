/** Checks a file the user named on the command line before any work starts, in one sentence if it is unusable. */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { AzlError } from '../../common/errors.js';

/** Throws INPUT_NOT_FOUND / INPUT_UNREADABLE unless `path` is a readable file. `what` names it ("The image file"). */
export async function requireReadableFile(path: string, what: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new AzlError('INPUT_NOT_FOUND', `${what} ${path} does not exist.`, { hint: 'Check the path (a relative path starts in the current folder) and run the command again.' });
  }
  if (info.isDirectory()) throw new AzlError('INPUT_UNREADABLE', `${what} ${path} is a folder.`, { hint: 'Name the file inside it.' });
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new AzlError('INPUT_UNREADABLE', `${what} ${path} cannot be read.`, { hint: 'Check its permissions, or run as a user who can read it.' });
  }
}
