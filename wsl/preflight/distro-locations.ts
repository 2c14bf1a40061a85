/**
 * Where registered distributions keep their disks (BasePath). wsl.exe does not print this;
 * it lives in the per-user registry (HKCU\…\Lxss\{guid}\BasePath, wsl-spec.md §4), which the
 * simulator keeps as a JSON file. Preflight uses it to refuse a location another distribution
 * already owns before wsl.exe is even called.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRegQueryOutput, regExeRegistry } from '../registry/reg-exe-registry.js';
import { stringValue, type RegistryKey } from '../registry/registry.js';

export interface DistroLocation {
  name: string;
  basePath: string;
}

/** A source of distribution BasePaths. */
export interface DistroLocations {
  list(): Promise<DistroLocation[]>;
}

/** Env var naming a registry kept as JSON (tests point it at the simulator's state). */
export const REGISTRY_FILE_ENV = 'AZL_WSL_REGISTRY_FILE';
/** The wsl.exe simulator's state folder, holding `registry-<user>.json` files. */
export const SIMULATOR_STATE_ENV = 'AZL_WSL_SIM_STATE';

const LXSS_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss';

/** Finds every object with a distribution name and a base path, whatever the nesting. */
function collectLocations(value: unknown, out: DistroLocation[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectLocations(item, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  const name = record.DistributionName ?? record.distributionName ?? record.name;
  const basePath = record.BasePath ?? record.basePath;
  if (typeof name === 'string' && typeof basePath === 'string') out.push({ name, basePath });
  for (const child of Object.values(record)) collectLocations(child, out);
}

/** Reads BasePaths from a registry kept as JSON (the simulator's). A missing file means none. */
export function jsonDistroLocations(file: string): DistroLocations {
  return {
    async list() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        return [];
      }
      const out: DistroLocation[] = [];
      collectLocations(JSON.parse(text), out);
      return out;
    },
  };
}

/** Parses `reg query <Lxss> /s` output (the registry module's parser) into name/BasePath pairs. */
export function parseRegQuery(text: string): DistroLocation[] {
  return locationsOf(parseRegQueryOutput(text, LXSS_KEY));
}

function locationsOf(key: RegistryKey | undefined): DistroLocation[] {
  return Object.values(key?.subkeys ?? {}).flatMap((subkey) => {
    const name = stringValue(subkey, 'DistributionName');
    const basePath = stringValue(subkey, 'BasePath');
    return name && basePath ? [{ name, basePath: basePath.replace(/^\\\\\?\\/, '') }] : [];
  });
}

/** Reads BasePaths from the real per-user registry through the registry module (Windows only). */
export function windowsRegistryDistroLocations(): DistroLocations {
  return {
    // Only reads HKCU: no elevation is needed.
    list: async () => locationsOf(await regExeRegistry({ requireElevation: async () => undefined }).read(LXSS_KEY)),
  };
}

/** Every `registry-*.json` in the simulator's state folder. */
export function simulatorDistroLocations(stateDir: string): DistroLocations {
  return {
    async list() {
      let names: string[];
      try {
        names = (await readdir(stateDir)).filter((name) => /^registry-.*\.json$/.test(name));
      } catch {
        return [];
      }
      const lists = await Promise.all(names.map((name) => jsonDistroLocations(join(stateDir, name)).list()));
      return lists.flat();
    },
  };
}

/**
 * The lookup for this machine: a JSON registry named in `env`, the simulator's state folder
 * when `env` points wsl.exe at the simulator, the real registry on Windows, else none.
 */
export function defaultDistroLocations(env: NodeJS.ProcessEnv = process.env): DistroLocations {
  const file = env[REGISTRY_FILE_ENV];
  if (file) return jsonDistroLocations(file);
  const simulatorState = env[SIMULATOR_STATE_ENV];
  if (simulatorState) return simulatorDistroLocations(simulatorState);
  if (process.platform === 'win32') return windowsRegistryDistroLocations();
  return { list: async () => [] };
}
