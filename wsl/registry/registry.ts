/**
 * The one way azl-wsl reads and writes the Windows registry: `reg.exe` with argument arrays on
 * Windows, and on Linux a JSON file standing in for HKLM that the wsl.exe simulator reads too
 * (so a test can point WSL at a catalog exactly as `reg add` would on a laptop).
 *
 * Only what fleets need goes through here: WSL's machine-wide catalog values under
 * `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss` and azl-wsl's admin policy under
 * `HKLM\SOFTWARE\Policies\azl-wsl`. Writing HKLM needs an elevated (administrator) process;
 * that is checked before anything is written, so the refusal is a clear sentence, not
 * reg.exe's localized "Access is denied".
 */
import { AzlError } from '../../common/errors.js';
import { currentIdentity, type IdentityOptions } from '../identity/windows-identity.js';
import { fileRegistry, MACHINE_REGISTRY_FILE_ENV, simulatorMachineRegistryFile } from './file-registry.js';
import { regExeRegistry } from './reg-exe-registry.js';

export type RegistryValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_DWORD' | 'REG_QWORD'; data: number }
  | { type: 'REG_MULTI_SZ'; data: string[] };

/** A key as read: its values by name and its subkeys by (last path component) name. */
export interface RegistryKey {
  values: Record<string, RegistryValue>;
  subkeys: Record<string, RegistryKey>;
}

export interface Registry {
  /** Says where the values live, for messages ("the Windows registry", "the file …"). */
  readonly where: string;
  /** The key with all its values and subkeys, or undefined when it does not exist. */
  read(path: string): Promise<RegistryKey | undefined>;
  /** Creates the key when needed and sets one value. */
  setValue(path: string, name: string, value: RegistryValue): Promise<void>;
  /** Removes one value; false when it was not there. */
  deleteValue(path: string, name: string): Promise<boolean>;
}

export interface OpenRegistryOptions extends IdentityOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  signal?: AbortSignal;
}

/** WSL's machine-wide key: DistributionListUrl / DistributionListUrlAppend (WslInstall.cpp, Distribution.cpp). */
export const LXSS_MACHINE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss';

/**
 * The registry of this machine: the JSON stand-in named by $AZL_WSL_MACHINE_REGISTRY, else the
 * simulator's (when $AZL_WSL_SIM_STATE points wsl.exe at the simulator), else reg.exe on
 * Windows, else an empty registry that refuses writes.
 */
export function openRegistry(options: OpenRegistryOptions = {}): Registry {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const requireElevation = async (path: string): Promise<void> => {
    if (!isMachinePath(path)) return;
    const identity = await currentIdentity({ ...options, env, platform });
    if (!identity.elevated) {
      throw new AzlError('ELEVATION_REQUIRED', `Changing ${path} needs administrator rights.`, {
        hint: 'Run the command again from an administrator terminal ("Run as administrator"), or deploy the value through Group Policy or Intune. Nothing was changed.',
      });
    }
  };
  const file = env[MACHINE_REGISTRY_FILE_ENV] || simulatorMachineRegistryFile(env);
  if (file) return fileRegistry(file, requireElevation);
  if (platform === 'win32') return regExeRegistry({ signal: options.signal, requireElevation });
  return noRegistry();
}

/** True for HKEY_LOCAL_MACHINE paths (either spelling). */
export function isMachinePath(path: string): boolean {
  return /^(HKLM|HKEY_LOCAL_MACHINE)(\\|$)/i.test(path);
}

/** `HKEY_LOCAL_MACHINE\X` → `HKLM\X` (and HKCU), so keys compare the same whichever way they were written. */
export function canonicalKeyPath(path: string): string {
  return path
    .replace(/^HKEY_LOCAL_MACHINE(?=\\|$)/i, 'HKLM')
    .replace(/^HKEY_CURRENT_USER(?=\\|$)/i, 'HKCU')
    .replace(/^(hklm|hkcu)(?=\\|$)/i, (root) => root.toUpperCase())
    .replace(/\\+$/, '');
}

/** A value's text (REG_SZ / REG_EXPAND_SZ), looked up case-insensitively as Windows does. */
export function stringValue(key: RegistryKey | undefined, name: string): string | undefined {
  const value = findValue(key, name);
  return value && (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') ? value.data : undefined;
}

/** The value by name, case-insensitively. */
export function findValue(key: RegistryKey | undefined, name: string): RegistryValue | undefined {
  if (!key) return undefined;
  const wanted = name.toLowerCase();
  const found = Object.keys(key.values).find((candidate) => candidate.toLowerCase() === wanted);
  return found === undefined ? undefined : key.values[found];
}

/** The subkey by name, case-insensitively. */
export function findSubkey(key: RegistryKey | undefined, name: string): RegistryKey | undefined {
  if (!key) return undefined;
  const wanted = name.toLowerCase();
  const found = Object.keys(key.subkeys).find((candidate) => candidate.toLowerCase() === wanted);
  return found === undefined ? undefined : key.subkeys[found];
}

/** Linux with no stand-in: nothing is set, and nothing can be. */
function noRegistry(): Registry {
  const refuse = (): never => {
    throw new AzlError('WINDOWS_REGISTRY_FAILED', 'This machine has no Windows registry.', {
      hint: `Run this on Windows, or point ${MACHINE_REGISTRY_FILE_ENV} at a JSON file standing in for HKLM (tests, the simulator).`,
    });
  };
  return {
    where: 'no registry (not Windows)',
    read: async () => undefined,
    setValue: async () => refuse(),
    deleteValue: async () => refuse(),
  };
}
