/**
 * Copying trees (/home, --keep paths) out of a distribution's export into another
 * distribution: the export file is the `tar -x` stdin (an open file descriptor handed to
 * wsl.exe, so the bytes never pass through this process) and tar takes only the named members.
 * GNU tar keeps owners, modes, ACLs and extended attributes; busybox tar (small images) owners
 * and modes.
 */
import { closeSync, openSync } from 'node:fs';
import { AzlError } from '../../common/errors.js';
import { wslDetail, wslFailure } from '../driver/wsl-errors.js';
import { startWsl, type WslCallOptions } from '../driver/wsl-runner.js';

/** As root in the target: extract the members `$@` of the tar on stdin at /. */
const UNPACK_SCRIPT = [
  'set -f',
  'if tar --version 2>/dev/null | grep -q "GNU tar"; then exec tar -x -p --numeric-owner --xattrs --xattrs-include="*" --acls -f - -C / "$@"; fi',
  'exec tar -x --numeric-owner -f - -C / "$@"',
].join('\n');

/** Member names of trees in an export (WSL's bsdtar writes `./home/…`). */
export function exportMembers(trees: readonly string[]): string[] {
  return trees.map((tree) => `.${tree}`);
}

/** Extracts `trees` (absolute paths present in the export) from the export `file` into `target`, as root. */
export async function copyTreesFromExport(file: string, target: string, trees: readonly string[], call: WslCallOptions): Promise<void> {
  const fd = openSync(file, 'r');
  let result;
  try {
    const unpacker = startWsl(['-d', target, '-u', 'root', '-e', 'sh', '-c', UNPACK_SCRIPT, 'sh', ...exportMembers(trees)], { ...call, name: 'unpack trees', stdinFrom: fd });
    result = await unpacker.done;
  } finally {
    closeSync(fd);
  }
  if (result.exitCode === 0) return;
  if (result.failed && result.error) throw wslFailure(result, `Copying ${trees.join(', ')} into ${target}`);
  throw new AzlError('PROGRAM_FAILED', `Copying ${trees.join(', ')} into ${target} failed with exit code ${result.exitCode}.`, { detail: wslDetail(result) });
}
