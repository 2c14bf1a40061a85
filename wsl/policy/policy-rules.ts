/**
 * The policy's rules as verdicts: one per rule that applies, saying whether it is met, which
 * key and value decided, and why. The CLI, the app and `ensure` refuse on the first failed
 * verdict (a `PolicyRefusal` naming key and value); `inventory` reports them all.
 */
import { AzlError } from '../../common/errors.js';
import { compareVersions } from '../../common/version-compare.js';
import type { AdminPolicy } from './admin-policy.js';
import type { PolicyKeyName } from './policy-keys.js';

export interface PolicyVerdict {
  rule: PolicyKeyName;
  /** true: met; false: broken; null: cannot be told (e.g. the distribution is not running). */
  ok: boolean | null;
  /** The policy value, as text ("1", "[a, b]"). */
  value: string;
  message: string;
}

/** A refusal by policy: an AzlError that also carries the key and value as data. */
export class PolicyRefusal extends AzlError {
  constructor(
    readonly policyKey: PolicyKeyName,
    readonly policyValue: string,
    reason: string,
    source: string,
  ) {
    super('POLICY_REFUSED', `Refused by your organization's policy ${policyKey} = ${policyValue}: ${reason}`, {
      hint: 'Choose what the policy allows, or ask your IT department. Nothing was changed.',
      detail: `Policy source: ${source}`,
    });
  }

  override toJSON(): ReturnType<AzlError['toJSON']> & { policy: { key: PolicyKeyName; value: string } } {
    return { ...super.toJSON(), policy: { key: this.policyKey, value: this.policyValue } };
  }
}

export function isPolicyRefusal(error: unknown): error is PolicyRefusal {
  return error instanceof PolicyRefusal;
}

/** A policy value as shown in refusals and reports. */
export function policyValueText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${key}=${String(item)}`).join(', ')}}`;
  return String(value);
}

function verdict(policy: AdminPolicy, rule: PolicyKeyName, ok: boolean | null, message: string): PolicyVerdict {
  return { rule, ok, value: policyValueText(policy[rule]), message };
}

export interface ImageForPolicy {
  /** Catalog names the image answers to: the entry Name and its flavor (none for a plain file). */
  names: string[];
  sha256?: string;
  version?: string;
  /** For messages: "Contoso-AzureLinux-4.0.2" or the file name. */
  label: string;
}

/** AllowedImages, MinimumImageVersion, MaximumImageVersion. */
export function imageVerdicts(policy: AdminPolicy, image: ImageForPolicy): PolicyVerdict[] {
  const verdicts: PolicyVerdict[] = [];
  if (policy.AllowedImages !== undefined) {
    const sha = image.sha256?.toLowerCase();
    const names = image.names.map((name) => name.toLowerCase());
    const allowed = policy.AllowedImages.some((item) => {
      const lower = item.toLowerCase();
      return lower.startsWith('sha256:') ? sha !== undefined && lower.slice('sha256:'.length) === sha : names.includes(lower);
    });
    verdicts.push(verdict(policy, 'AllowedImages', allowed, allowed ? `${image.label} is an approved image.` : `${image.label}${sha ? ` (sha256 ${sha})` : ''} is not an approved image.`));
  }
  for (const rule of ['MinimumImageVersion', 'MaximumImageVersion'] as const) {
    const bound = policy[rule];
    if (bound === undefined) continue;
    if (image.version === undefined) {
      verdicts.push(verdict(policy, rule, false, `the version of ${image.label} is unknown, so it cannot be checked.`));
      continue;
    }
    const order = compareVersions(image.version, bound);
    const ok = rule === 'MinimumImageVersion' ? order >= 0 : order <= 0;
    verdicts.push(verdict(policy, rule, ok, ok ? `${image.label} is version ${image.version}.` : `${image.label} is version ${image.version}, ${rule === 'MinimumImageVersion' ? 'older than' : 'newer than'} ${bound}.`));
  }
  return verdicts;
}

export interface AccountForPolicy {
  /** The first account; undefined when the distribution will start as root. */
  user?: string;
  /** How sudo is set up for it. */
  sudo?: 'password' | 'nopasswd';
  /** A passwordless account. */
  passwordless?: boolean;
}

/** RequireSudoPassword and ForbidRootDefaultUser for an account about to be created. */
export function accountVerdicts(policy: AdminPolicy, account: AccountForPolicy): PolicyVerdict[] {
  const verdicts: PolicyVerdict[] = [];
  if (policy.RequireSudoPassword) {
    const nopasswd = account.user !== undefined && (account.sudo === 'nopasswd' || account.passwordless === true);
    verdicts.push(verdict(policy, 'RequireSudoPassword', !nopasswd, nopasswd ? `the account ${account.user} would use sudo without a password.` : 'sudo asks for a password.'));
  }
  if (policy.ForbidRootDefaultUser) {
    const root = account.user === undefined || account.user === 'root';
    verdicts.push(verdict(policy, 'ForbidRootDefaultUser', !root, root ? 'the distribution would start as root.' : `the distribution starts as ${account.user}.`));
  }
  return verdicts;
}

/** ForbidRootDefaultUser for an existing distribution (undefined default user: unknown). */
export function defaultUserVerdicts(policy: AdminPolicy, defaultUser: string | undefined): PolicyVerdict[] {
  if (!policy.ForbidRootDefaultUser) return [];
  if (defaultUser === undefined) return [verdict(policy, 'ForbidRootDefaultUser', null, 'the default user is not known (the distribution was not started).')];
  const root = defaultUser === 'root';
  return [verdict(policy, 'ForbidRootDefaultUser', !root, root ? 'the distribution starts as root.' : `the distribution starts as ${defaultUser}.`)];
}

/** RequireSudoPassword for an existing distribution, from its NOPASSWD sudoers rules (undefined: unknown). */
export function sudoersVerdicts(policy: AdminPolicy, nopasswdRules: string[] | undefined): PolicyVerdict[] {
  if (!policy.RequireSudoPassword) return [];
  if (nopasswdRules === undefined) return [verdict(policy, 'RequireSudoPassword', null, 'the sudo rules are not known (the distribution was not started).')];
  const ok = nopasswdRules.length === 0;
  return [verdict(policy, 'RequireSudoPassword', ok, ok ? 'no NOPASSWD sudo rule.' : `passwordless sudo: ${nopasswdRules.join('; ')}.`)];
}

/** AllowedRepositories for the repositories a build will use. */
export function repositoryVerdicts(policy: AdminPolicy, urls: readonly string[]): PolicyVerdict[] {
  if (policy.AllowedRepositories === undefined) return [];
  const prefixes = policy.AllowedRepositories.map(normalizeAddress);
  const refused = urls.filter((url) => !prefixes.some((prefix) => normalizeAddress(url).startsWith(prefix)));
  return [verdict(policy, 'AllowedRepositories', refused.length === 0, refused.length === 0 ? 'every repository is approved.' : `the build would use ${refused.join(', ')}.`)];
}

/** Scheme and host compare case-insensitively; a bare folder is a file:// address. */
function normalizeAddress(address: string): string {
  const url = address.startsWith('/') ? `file://${address}` : address;
  return url.replace(/^([a-z]+:\/\/[^/]*)/i, (head) => head.toLowerCase());
}

/** LockedSettings: may `setting` be changed to `value`? */
export function settingVerdicts(policy: AdminPolicy, setting: string, value: string | undefined): PolicyVerdict[] {
  const locked = policy.LockedSettings?.[setting];
  if (locked === undefined) return [];
  const ok = value === undefined || value === locked;
  return [{ rule: 'LockedSettings', ok, value: `${setting}=${locked}`, message: ok ? `${setting} is ${locked}.` : `${setting} is set by your organization to ${locked}.` }];
}

/** Throws a PolicyRefusal for the first broken verdict. */
export function refuseIfBroken(policy: AdminPolicy, verdicts: readonly PolicyVerdict[]): void {
  const broken = verdicts.find((entry) => entry.ok === false);
  if (broken) throw new PolicyRefusal(broken.rule, broken.value, broken.message, policy.source);
}
