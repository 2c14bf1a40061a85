/**
 * The simulated HKLM: `<state>/hklm.json`, the same file azl-wsl's registry module writes on
 * Linux (`{ "keys": { "HKLM\\…": { "<value>": { "type": "REG_SZ", "data": "…" } } } }`). wsl.exe
 * only ever reads it; key and value names compare case-insensitively as in Windows.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimulatorContext } from './simulator-context.js';

export const MACHINE_REGISTRY_FILE = 'hklm.json';

interface StoredValue {
  type: string;
  data: unknown;
}

/** A REG_SZ value under `key`, or undefined when the key, the value or the file is missing. */
export async function readMachineValue(ctx: SimulatorContext, key: string, name: string): Promise<string | undefined> {
  let content: { keys?: Record<string, Record<string, StoredValue>> };
  try {
    content = JSON.parse(await readFile(join(ctx.settings.stateDir, MACHINE_REGISTRY_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const canonical = (path: string): string => path.replace(/^HKEY_LOCAL_MACHINE(?=\\)/i, 'HKLM').toLowerCase();
  const keyName = Object.keys(content.keys ?? {}).find((candidate) => canonical(candidate) === canonical(key));
  if (keyName === undefined) return undefined;
  const values = content.keys![keyName];
  const valueName = Object.keys(values).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = valueName === undefined ? undefined : values[valueName];
  return value && (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') && typeof value.data === 'string' ? value.data : undefined;
}
