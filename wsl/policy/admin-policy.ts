/**
 * The admin policy in effect: `--policy FILE`, else `$AZL_WSL_POLICY`, else the registry key
 * Group Policy writes (`HKLM\SOFTWARE\Policies\azl-wsl`, through the one registry module).
 * The JSON form has the registry's key names; it is strict (an unknown or misspelled key is an
 * error, as a typo would silently drop a rule), while unknown registry values are ignored (a
 * newer template may set keys an older azl-wsl does not know).
 */
import { readFile } from 'node:fs/promises';
import { AzlError } from '../../common/errors.js';
import { findSubkey, findValue, type Registry, type RegistryKey } from '../registry/registry.js';
import { POLICY_KEY, POLICY_KEYS, policyKeyInfo, type PolicyKeyName } from './policy-keys.js';

export interface AdminPolicy {
  /** Where it came from: the registry key, a file, or "none". */
  source: string;
  AllowedImages?: string[];
  MinimumImageVersion?: string;
  MaximumImageVersion?: string;
  AllowedRepositories?: string[];
  RequireSudoPassword?: boolean;
  ForbidRootDefaultUser?: boolean;
  ForceProxy?: string;
  ForceCaFiles?: string[];
  /** Public key file every installed image must be signed with (install refuses otherwise). */
  RequireSigningKey?: string;
  LockedSettings?: Record<string, string>;
}

/** Env var naming a policy JSON file (tests, Linux, CI). */
export const POLICY_FILE_ENV = 'AZL_WSL_POLICY';

/** No policy: everything allowed. */
export const NO_POLICY: AdminPolicy = { source: 'none' };

export interface LoadPolicyOptions {
  /** `--policy FILE`. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  registry: Registry;
}

export async function loadAdminPolicy(options: LoadPolicyOptions): Promise<AdminPolicy> {
  const file = options.file ?? (options.env ?? process.env)[POLICY_FILE_ENV];
  if (file) return readPolicyFile(file);
  const key = await options.registry.read(POLICY_KEY);
  return key ? policyFromRegistry(key, `${POLICY_KEY} (${options.registry.where})`) : NO_POLICY;
}

function invalid(source: string, key: string, message: string): AzlError {
  return new AzlError('POLICY_INVALID', `The azl-wsl policy (${source}) has an invalid ${key}: ${message}`, {
    hint: 'Ask your IT department to fix the policy (Group Policy: Administrative Templates → azl-wsl).',
  });
}

/** Reads and checks a policy JSON file. */
export async function readPolicyFile(file: string): Promise<AdminPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AzlError('POLICY_INVALID', `The policy file ${file} cannot be read.`, { hint: 'Check --policy / $AZL_WSL_POLICY.', detail: (error as Error).message });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AzlError('POLICY_INVALID', `The policy file ${file} is not valid JSON.`, { hint: 'Fix the file.', detail: (error as Error).message });
  }
  return policyFromJson(value, file);
}

/** Checks a policy given as JSON (key names as in the registry). */
export function policyFromJson(value: unknown, source: string): AdminPolicy {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AzlError('POLICY_INVALID', `The policy ${source} must be a JSON object.`, { hint: 'Fix the file.' });
  const policy: AdminPolicy = { source };
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const info = policyKeyInfo(key);
    if (!info) {
      throw new AzlError('POLICY_INVALID', `The policy ${source} has an unknown key "${key}".`, { hint: `Known keys: ${POLICY_KEYS.map((entry) => entry.name).join(', ')}.` });
    }
    const name = info.name;
    switch (info.kind) {
      case 'text':
        if (typeof raw !== 'string' || raw.trim() === '') throw invalid(source, name, 'it must be a non-empty text.');
        setText(policy, name, raw.trim());
        break;
      case 'flag':
        if (raw !== true && raw !== false && raw !== 0 && raw !== 1) throw invalid(source, name, 'it must be true or false (or 1/0).');
        setFlag(policy, name, raw === true || raw === 1);
        break;
      case 'list':
        if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string')) throw invalid(source, name, 'it must be a list of texts.');
        setList(policy, name, (raw as string[]).map((item) => item.trim()).filter((item) => item !== ''));
        break;
      case 'map':
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || Object.values(raw).some((item) => typeof item !== 'string')) throw invalid(source, name, 'it must map names to texts.');
        policy.LockedSettings = { ...(raw as Record<string, string>) };
        break;
    }
  }
  return checkPolicy(policy);
}

/** Reads the policy key as Group Policy wrote it. */
export function policyFromRegistry(key: RegistryKey, source: string): AdminPolicy {
  const policy: AdminPolicy = { source };
  for (const info of POLICY_KEYS) {
    const value = findValue(key, info.name);
    const subkey = findSubkey(key, info.name);
    switch (info.kind) {
      case 'text':
        if (!value) break;
        if (value.type !== 'REG_SZ' && value.type !== 'REG_EXPAND_SZ') throw invalid(source, info.name, `it must be REG_SZ, not ${value.type}.`);
        if (value.data.trim() !== '') setText(policy, info.name, value.data.trim());
        break;
      case 'flag':
        if (!value) break;
        if (value.type !== 'REG_DWORD') throw invalid(source, info.name, `it must be REG_DWORD 0 or 1, not ${value.type}.`);
        setFlag(policy, info.name, value.data !== 0);
        break;
      case 'list': {
        const items: string[] = [];
        if (value?.type === 'REG_MULTI_SZ') items.push(...value.data);
        else if (value?.type === 'REG_SZ') items.push(value.data);
        for (const [, item] of Object.entries(subkey?.values ?? {}).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
          if (item.type === 'REG_SZ' || item.type === 'REG_EXPAND_SZ') items.push(item.data);
        }
        const cleaned = items.map((item) => item.trim()).filter((item) => item !== '');
        if (value || subkey) setList(policy, info.name, cleaned);
        break;
      }
      case 'map':
        if (!subkey) break;
        policy.LockedSettings = Object.fromEntries(
          Object.entries(subkey.values)
            .filter(([, item]) => item.type === 'REG_SZ' || item.type === 'REG_EXPAND_SZ')
            .map(([name, item]) => [name, String(item.data)]),
        );
        break;
    }
  }
  return checkPolicy(policy);
}

function setText(policy: AdminPolicy, name: PolicyKeyName, value: string): void {
  (policy as unknown as Record<string, unknown>)[name] = value;
}
function setFlag(policy: AdminPolicy, name: PolicyKeyName, value: boolean): void {
  (policy as unknown as Record<string, unknown>)[name] = value;
}
function setList(policy: AdminPolicy, name: PolicyKeyName, value: string[]): void {
  (policy as unknown as Record<string, unknown>)[name] = value;
}

const SHA256_ITEM = /^sha256:[0-9a-f]{64}$/i;

/** Cross-key checks: list items that cannot match anything are mistakes worth stopping on. */
function checkPolicy(policy: AdminPolicy): AdminPolicy {
  for (const item of policy.AllowedImages ?? []) {
    if (item.toLowerCase().startsWith('sha256:') && !SHA256_ITEM.test(item)) throw invalid(policy.source, 'AllowedImages', `"${item}" is not sha256: and 64 hexadecimal digits.`);
  }
  for (const item of policy.AllowedRepositories ?? []) {
    if (!/^(https?|file|ftp):\/\/./i.test(item) && !item.startsWith('/')) throw invalid(policy.source, 'AllowedRepositories', `"${item}" is not a repository address (http(s)://, file://, or an absolute folder).`);
  }
  if (policy.ForceProxy !== undefined && !/^https?:\/\/[^\s/@]+(:\d+)?\/?$/i.test(policy.ForceProxy)) {
    throw invalid(policy.source, 'ForceProxy', `"${policy.ForceProxy}" must be http(s)://host:port, without credentials.`);
  }
  return policy;
}

/** True when any key is set (a policy to show and to enforce). */
export function hasPolicy(policy: AdminPolicy): boolean {
  return POLICY_KEYS.some((key) => policy[key.name] !== undefined);
}

/** The policy as plain data without its source (diagnostics, `inventory`). */
export function policyValues(policy: AdminPolicy): Partial<Record<PolicyKeyName, unknown>> {
  const values: Partial<Record<PolicyKeyName, unknown>> = {};
  for (const key of POLICY_KEYS) if (policy[key.name] !== undefined) values[key.name] = policy[key.name];
  return values;
}
