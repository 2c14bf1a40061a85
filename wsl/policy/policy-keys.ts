/**
 * Every admin policy key azl-wsl reads, once: its registry form under
 * `HKLM\SOFTWARE\Policies\azl-wsl` (what the ADMX template writes), its JSON form (`--policy
 * FILE`, `$AZL_WSL_POLICY`) and what it means. The policy reader, the refusals, the app and the
 * test that checks `windows/policy/azl-wsl.admx` all work from this table.
 */

/** Where Group Policy and Intune's imported ADMX put azl-wsl's policy. */
export const POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\azl-wsl';

/**
 * - `text`: REG_SZ / a JSON string.
 * - `flag`: REG_DWORD 0/1 / JSON true or false.
 * - `list`: a subkey of the same name whose REG_SZ values are the items (the ADMX `list`
 *   element; also a REG_MULTI_SZ value) / a JSON array of strings.
 * - `map`: a subkey of the same name whose value names and texts are the pairs (an ADMX `list`
 *   with `explicitValue`) / a JSON object of strings.
 */
export type PolicyKind = 'text' | 'flag' | 'list' | 'map';

export interface PolicyKeyInfo {
  name: PolicyKeyName;
  kind: PolicyKind;
  summary: string;
}

export type PolicyKeyName =
  | 'AllowedImages'
  | 'MinimumImageVersion'
  | 'MaximumImageVersion'
  | 'AllowedRepositories'
  | 'RequireSudoPassword'
  | 'ForbidRootDefaultUser'
  | 'ForceProxy'
  | 'ForceCaFiles'
  | 'RequireSigningKey'
  | 'LockedSettings';

export const POLICY_KEYS: readonly PolicyKeyInfo[] = [
  { name: 'AllowedImages', kind: 'list', summary: 'Images that may be installed: catalog flavor or entry names, or sha256:<hex> of the image file. Unset: any image.' },
  { name: 'MinimumImageVersion', kind: 'text', summary: 'Lowest image version that may be installed (rpm-style comparison); images of unknown version are refused.' },
  { name: 'MaximumImageVersion', kind: 'text', summary: 'Highest image version that may be installed; images of unknown version are refused.' },
  { name: 'AllowedRepositories', kind: 'list', summary: 'Package repository address prefixes builds may use (profile repositories, --repo and --set-repo). Unset: any.' },
  { name: 'RequireSudoPassword', kind: 'flag', summary: 'Refuse passwordless sudo: "sudo: nopasswd", "password: none" and NOPASSWD sudoers rules.' },
  { name: 'ForbidRootDefaultUser', kind: 'flag', summary: 'Refuse distributions that start as root (installs without a user, root as the default user).' },
  { name: 'ForceProxy', kind: 'text', summary: 'Proxy every build and download uses, whatever HTTPS_PROXY/HTTP_PROXY say (address only).' },
  { name: 'ForceCaFiles', kind: 'list', summary: 'Root CA files (PEM) every build and download trusts, in addition to any the user adds.' },
  { name: 'RequireSigningKey', kind: 'text', summary: 'Public key file (a path, e.g. on a share) every installed image must be signed with: the signature of its checksum file (NAME.sha256.asc beside NAME.wsl) must verify with this key, else nothing is registered.' },
  { name: 'LockedSettings', kind: 'map', summary: 'App settings fixed by the organization: setting name → value; the app shows them locked.' },
];

/** The info for a key name (exact spelling). */
export function policyKeyInfo(name: string): PolicyKeyInfo | undefined {
  return POLICY_KEYS.find((key) => key.name === name);
}
