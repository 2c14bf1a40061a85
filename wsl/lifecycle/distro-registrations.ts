/**
 * What WSL's per-user registry says about each distribution (HKCU\…\Lxss\{guid}, wsl-spec.md
 * §4): its id, disk folder and file, default uid and Terminal profile file. wsl.exe prints none
 * of this, and the lifecycle needs it: the disk to move or re-register, the profile to carry to
 * the new registration. Read through the registry module (`reg query`) on Windows, or from the JSON the simulator (and
 * `AZL_WSL_REGISTRY_FILE`) keeps, like `preflight/distro-locations.ts`.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRegQueryOutput, regExeRegistry } from '../registry/reg-exe-registry.js';
import { stringValue, type RegistryKey } from '../registry/registry.js';
import { REGISTRY_FILE_ENV, SIMULATOR_STATE_ENV } from '../preflight/distro-locations.js';

export interface DistroRegistration {
  /** The registry key name, `{…}`. */
  id: string;
  name: string;
  basePath: string;
  /** The disk's file name inside basePath (`ext4.vhdx` for every import). */
  vhdFileName: string;
  defaultUid?: number;
  terminalProfilePath?: string;
}

export interface RegistrationSource {
  list(): Promise<DistroRegistration[]>;
  /** The registration id of WSL's default distribution, when the source knows it. */
  defaultId?(): Promise<string | undefined>;
}

const LXSS_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss';
/** The disk WSL creates for `--import` and `--install`. */
export const WSL_DISK_FILE = 'ext4.vhdx';

function fromValues(id: string, values: Record<string, unknown>): DistroRegistration | undefined {
  const name = values.DistributionName;
  const basePath = values.BasePath;
  if (typeof name !== 'string' || typeof basePath !== 'string') return undefined;
  const uid = values.DefaultUid;
  return {
    id,
    name,
    basePath: basePath.replace(/^\\\\\?\\/, ''),
    vhdFileName: typeof values.VhdFileName === 'string' && values.VhdFileName !== '' ? values.VhdFileName : WSL_DISK_FILE,
    ...(typeof uid === 'number' ? { defaultUid: uid } : {}),
    ...(typeof values.TerminalProfilePath === 'string' ? { terminalProfilePath: values.TerminalProfilePath } : {}),
  };
}

/** Parses `reg query <Lxss> /s` (the registry module's parser): one block of values per `{guid}` key. */
export function parseRegistrations(text: string): DistroRegistration[] {
  return fromKey(parseRegQueryOutput(text, LXSS_KEY));
}

/** The registrations under an Lxss key as read. */
function fromKey(key: RegistryKey | undefined): DistroRegistration[] {
  return Object.entries(key?.subkeys ?? {}).flatMap(([id, subkey]) => fromValues(id, Object.fromEntries(Object.entries(subkey.values).map(([name, value]) => [name, value.data]))) ?? []);
}

/** Reads registrations from a registry kept as JSON (`{ subkeys: { "{guid}": {…} } }`). */
export function jsonRegistrations(file: string): RegistrationSource {
  return {
    async list() {
      let parsed: { subkeys?: Record<string, Record<string, unknown>> };
      try {
        parsed = JSON.parse(await readFile(file, 'utf8')) as typeof parsed;
      } catch {
        return [];
      }
      return Object.entries(parsed.subkeys ?? {}).flatMap(([id, values]) => fromValues(id, values) ?? []);
    },
    async defaultId() {
      try {
        const parsed = JSON.parse(await readFile(file, 'utf8')) as { values?: { DefaultDistribution?: unknown } };
        return typeof parsed.values?.DefaultDistribution === 'string' ? parsed.values.DefaultDistribution : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The source for this machine: the JSON file named in `env`, the simulator's registry of the
 * simulated Windows user, the real registry on Windows, else none.
 */
export function defaultRegistrations(env: NodeJS.ProcessEnv = process.env): RegistrationSource {
  const file = env[REGISTRY_FILE_ENV];
  if (file) return jsonRegistrations(file);
  const simulatorState = env[SIMULATOR_STATE_ENV];
  if (simulatorState) {
    const user = env.AZL_WSL_SIM_USER;
    if (user) return jsonRegistrations(join(simulatorState, `registry-${user}.json`));
    return {
      async list() {
        const names = (await readdir(simulatorState).catch(() => [] as string[])).filter((name) => /^registry-.*\.json$/.test(name));
        return (await Promise.all(names.map((name) => jsonRegistrations(join(simulatorState, name)).list()))).flat();
      },
    };
  }
  if (process.platform === 'win32') {
    // Only reads HKCU: no elevation is needed.
    const read = (): Promise<RegistryKey | undefined> => regExeRegistry({ requireElevation: async () => undefined }).read(LXSS_KEY);
    return {
      list: async () => fromKey(await read()),
      defaultId: async () => stringValue(await read(), 'DefaultDistribution'),
    };
  }
  return { list: async () => [] };
}

/** The registration of `name` (WSL names ignore case). */
export async function findRegistration(source: RegistrationSource, name: string): Promise<DistroRegistration | undefined> {
  const wanted = name.toLowerCase();
  return (await source.list()).find((registration) => registration.name.toLowerCase() === wanted);
}
