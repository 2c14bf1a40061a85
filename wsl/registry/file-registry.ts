/**
 * A JSON file standing in for HKLM on Linux, shared with the wsl.exe simulator (which reads
 * `DistributionListUrlAppend` from it as real WSL reads the registry).
 *
 * Shape: `{ "keys": { "HKLM\\SOFTWARE\\…": { "<value name>": { "type": "REG_SZ", "data": "…" } } } }`,
 * key paths in the canonical `HKLM\…` spelling, compared case-insensitively. Writes replace the
 * file whole (temporary file, then rename), so a reader never sees half of one.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { canonicalKeyPath, type Registry, type RegistryKey, type RegistryValue } from './registry.js';

/** Env var naming the stand-in file explicitly. */
export const MACHINE_REGISTRY_FILE_ENV = 'AZL_WSL_MACHINE_REGISTRY';
/** File name of the stand-in inside the simulator's state folder. */
export const SIMULATOR_MACHINE_REGISTRY_FILE = 'hklm.json';

export interface RegistryFileContent {
  keys: Record<string, Record<string, RegistryValue>>;
}

/** `$AZL_WSL_SIM_STATE/hklm.json` when the simulator is in use. */
export function simulatorMachineRegistryFile(env: NodeJS.ProcessEnv): string | undefined {
  return env.AZL_WSL_SIM_STATE ? join(env.AZL_WSL_SIM_STATE, SIMULATOR_MACHINE_REGISTRY_FILE) : undefined;
}

/** The registry kept in `file`; `requireElevation` guards writes as Windows would. */
export function fileRegistry(file: string, requireElevation: (path: string) => Promise<void>): Registry {
  const load = async (): Promise<RegistryFileContent> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { keys: {} };
    }
    try {
      const parsed = JSON.parse(text) as RegistryFileContent;
      if (parsed && typeof parsed.keys === 'object' && parsed.keys !== null) return parsed;
    } catch {}
    throw new AzlError('WINDOWS_REGISTRY_FAILED', `The registry stand-in ${file} is not valid JSON.`, { hint: 'Fix or delete the file.' });
  };
  const save = async (content: RegistryFileContent): Promise<void> => {
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(content, null, 2) + '\n');
    await rename(temp, file);
  };
  const keyName = (content: RegistryFileContent, path: string): string | undefined => {
    const wanted = canonicalKeyPath(path).toLowerCase();
    return Object.keys(content.keys).find((candidate) => canonicalKeyPath(candidate).toLowerCase() === wanted);
  };
  return {
    where: `the registry stand-in ${file}`,
    async read(path) {
      const content = await load();
      const prefix = canonicalKeyPath(path).toLowerCase();
      let found = false;
      const root: RegistryKey = { values: {}, subkeys: {} };
      for (const [name, values] of Object.entries(content.keys)) {
        const canonical = canonicalKeyPath(name);
        const lower = canonical.toLowerCase();
        if (lower !== prefix && !lower.startsWith(prefix + '\\')) continue;
        found = true;
        let key = root;
        for (const part of canonical.slice(prefix.length).split('\\').filter((segment) => segment !== '')) {
          key.subkeys[part] ??= { values: {}, subkeys: {} };
          key = key.subkeys[part];
        }
        Object.assign(key.values, values);
      }
      return found ? root : undefined;
    },
    async setValue(path, name, value) {
      await requireElevation(path);
      const content = await load();
      const existing = keyName(content, path) ?? canonicalKeyPath(path);
      const values = (content.keys[existing] ??= {});
      const same = Object.keys(values).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      if (same !== undefined) delete values[same];
      values[name] = value;
      await save(content);
    },
    async deleteValue(path, name) {
      await requireElevation(path);
      const content = await load();
      const existing = keyName(content, path);
      if (existing === undefined) return false;
      const values = content.keys[existing];
      const same = Object.keys(values).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      if (same === undefined) return false;
      delete values[same];
      await save(content);
      return true;
    },
  };
}
