/**
 * Reads every extended attribute of a tree with ONE `getfattr -R` run and parses its hex
 * output, instead of one process per file (a root has tens of thousands of files).
 */
import { runProgram } from '../../common/run-program.js';
import { AzlError } from '../../common/errors.js';

/** Relative path (as `walkRoot` names it, '' for the root) → attribute name → raw value. */
export type TreeXattrs = Map<string, Map<string, Buffer>>;

/**
 * ACLs live in `system.posix_acl_*`; tar keeps them as SCHILY.acl.* text, not as raw xattrs,
 * and WSL1 drops them, so they are not archived as xattrs.
 */
function isArchivedXattr(name: string): boolean {
  return !name.startsWith('system.');
}

/** Undoes getfattr's escaping of file names (`\ooo` octal bytes and `\\`). */
function unescapeName(raw: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (byte === 0x5c && i + 3 < raw.length && /^[0-7]{3}$/.test(raw.toString('latin1', i + 1, i + 4))) {
      out.push(parseInt(raw.toString('latin1', i + 1, i + 4), 8));
      i += 3;
    } else if (byte === 0x5c && raw[i + 1] === 0x5c) {
      out.push(0x5c);
      i += 1;
    } else {
      out.push(byte);
    }
  }
  return Buffer.from(out);
}

/** Parses `getfattr -d -m - -e hex --absolute-names` output; paths are made relative to `root`. */
export function parseGetfattrOutput(output: Buffer, root: string): TreeXattrs {
  const result: TreeXattrs = new Map();
  const prefix = root.endsWith('/') ? root : root + '/';
  let current: Map<string, Buffer> | undefined;
  let start = 0;
  while (start < output.length) {
    let end = output.indexOf(0x0a, start);
    if (end < 0) end = output.length;
    const line = output.subarray(start, end);
    start = end + 1;
    if (line.length === 0) {
      current = undefined;
      continue;
    }
    if (line.subarray(0, 8).toString('latin1') === '# file: ') {
      const path = unescapeName(line.subarray(8)).toString('utf8');
      const relative = path === root || path === prefix.slice(0, -1) ? '' : path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
      if (relative === undefined) {
        current = undefined;
        continue;
      }
      current = new Map();
      result.set(relative, current);
      continue;
    }
    if (!current) continue;
    const text = line.toString('utf8');
    const equals = text.indexOf('=');
    const name = equals < 0 ? text : text.slice(0, equals);
    if (!isArchivedXattr(name)) continue;
    const value = equals < 0 ? '' : text.slice(equals + 1);
    if (value.startsWith('0x')) current.set(name, Buffer.from(value.slice(2), 'hex'));
    else if (value.startsWith('"') && value.endsWith('"')) current.set(name, Buffer.from(value.slice(1, -1), 'utf8'));
    else current.set(name, Buffer.alloc(0));
  }
  for (const [path, attrs] of result) if (attrs.size === 0) result.delete(path);
  return result;
}

/** Every archived extended attribute under `root` (which must be an absolute path). */
export async function readTreeXattrs(root: string, signal?: AbortSignal): Promise<TreeXattrs> {
  const result = await runProgram('getfattr', ['-R', '-P', '-h', '-d', '-m', '-', '-e', 'hex', '--absolute-names', '--', root], {
    name: 'getfattr',
    signal,
    maxCapture: 1024 * 1024 * 1024,
  });
  // getfattr exits 1 when some file vanished or could not be read; the walk catches those
  // files itself, so only a run with no output at all is treated as a failure.
  if (result.exitCode !== 0 && result.stdout.length === 0 && result.stderr.length > 0) {
    throw new AzlError('PROGRAM_FAILED', 'Could not read the extended attributes of the staged root.', {
      detail: result.stderr.toString('utf8').slice(-4000),
      hint: 'Check that the root exists and that the build runs as root.',
    });
  }
  return parseGetfattrOutput(result.stdout, root);
}
