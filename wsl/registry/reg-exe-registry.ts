/**
 * The Windows registry through `reg.exe` (argument arrays, never a shell), always in the 64-bit
 * view (`/reg:64`): a 32-bit process would otherwise be redirected to `WOW6432Node`, where
 * neither WSL nor Group Policy look.
 */
import { AzlError } from '../../common/errors.js';
import { runProgram } from '../../common/run-program.js';
import { canonicalKeyPath, type Registry, type RegistryKey, type RegistryValue } from './registry.js';

const REG_EXE = 'reg.exe';
/** reg.exe's separator for REG_MULTI_SZ items in `/d` and in `query` output. */
const MULTI_SZ_SEPARATOR = '\\0';

export interface RegExeOptions {
  signal?: AbortSignal;
  requireElevation: (path: string) => Promise<void>;
}

/**
 * Parses `reg query KEY /s` output: blocks that start with the key path, then one line per
 * value (`    NAME    REG_TYPE    DATA`; names may contain spaces, data may be empty). Keys
 * come back relative to `root`.
 */
export function parseRegQueryOutput(text: string, root: string): RegistryKey | undefined {
  const rootPath = canonicalKeyPath(root).toLowerCase();
  const tree: RegistryKey = { values: {}, subkeys: {} };
  let current: RegistryKey | undefined;
  let found = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^HKEY_/i.test(line)) {
      const path = canonicalKeyPath(line.trim());
      const lower = path.toLowerCase();
      current = undefined;
      if (lower !== rootPath && !lower.startsWith(rootPath + '\\')) continue;
      found = true;
      current = tree;
      for (const part of path.slice(rootPath.length).split('\\').filter((segment) => segment !== '')) {
        current.subkeys[part] ??= { values: {}, subkeys: {} };
        current = current.subkeys[part];
      }
      continue;
    }
    const match = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (!match || !current) continue;
    const value = parseValue(match[2], match[3] ?? '');
    if (value) current.values[match[1]] = value;
  }
  return found ? tree : undefined;
}

function parseValue(type: string, data: string): RegistryValue | undefined {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type, data };
    case 'REG_DWORD':
    case 'REG_QWORD':
      return { type, data: Number.parseInt(data, 16) };
    case 'REG_MULTI_SZ':
      return { type, data: data === '' ? [] : data.split(MULTI_SZ_SEPARATOR) };
    default:
      return undefined; // binary and other types: nothing azl-wsl reads
  }
}

/** The `/t … /d …` arguments for a value. */
export function regAddDataArgs(value: RegistryValue): string[] {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return ['/t', value.type, '/d', value.data];
    case 'REG_DWORD':
    case 'REG_QWORD':
      return ['/t', value.type, '/d', String(value.data)];
    case 'REG_MULTI_SZ':
      return ['/t', value.type, '/d', value.data.join(MULTI_SZ_SEPARATOR)];
  }
}

export function regExeRegistry(options: RegExeOptions): Registry {
  const run = (args: string[], name: string) => runProgram(REG_EXE, [...args, '/reg:64'], { name, signal: options.signal });
  const failed = (what: string, path: string, stderr: Buffer): AzlError =>
    new AzlError('WINDOWS_REGISTRY_FAILED', `${what} ${path} failed.`, { hint: 'See the detail; Group Policy may own this key.', detail: stderr.toString('utf8').trim() });
  const read = async (path: string): Promise<RegistryKey | undefined> => {
    const result = await run(['query', path, '/s'], 'reg query');
    // reg.exe exits 1 for a missing key; its message is localized, so the exit code is all we use.
    if (result.exitCode !== 0) return undefined;
    return parseRegQueryOutput(result.stdout.toString('utf8'), path);
  };
  return {
    where: 'the Windows registry',
    read,
    async setValue(path, name, value) {
      await options.requireElevation(path);
      const result = await run(['add', path, '/v', name, ...regAddDataArgs(value), '/f'], 'reg add');
      if (result.exitCode !== 0) throw failed('Writing', `${path}\\${name}`, result.stderr);
    },
    async deleteValue(path, name) {
      await options.requireElevation(path);
      const existing = await read(path);
      if (!existing || !Object.keys(existing.values).some((candidate) => candidate.toLowerCase() === name.toLowerCase())) return false;
      const result = await run(['delete', path, '/v', name, '/f'], 'reg delete');
      if (result.exitCode !== 0) throw failed('Deleting', `${path}\\${name}`, result.stderr);
      return true;
    },
  };
}
