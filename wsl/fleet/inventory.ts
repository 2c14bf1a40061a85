/**
 * `azl-wsl inventory`: every distribution of this Windows user with what IT asks about it
 * (state, WSL version, default user and whether it is root, the image from install.json,
 * os-release, installed packages) and the admin policy's verdict on each rule. A stopped
 * distribution is not started unless asked (`start`): its inside facts are then unknown.
 * No separate database: everything comes from wsl.exe and the distributions themselves.
 */
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { listDistros, type DistroListEntry } from '../driver/wsl-list.js';
import { isBuilderName } from '../builder/builder-names.js';
import type { AdminPolicy } from '../policy/admin-policy.js';
import { defaultUserVerdicts, imageVerdicts, policyValueText, sudoersVerdicts, type PolicyVerdict } from '../policy/policy-rules.js';
import { readDistroFacts, type DistroFacts } from './distro-facts.js';

export interface DistroInventory {
  name: string;
  state: DistroListEntry['state'];
  wslVersion: number;
  isDefault: boolean;
  /** False when the distribution was stopped and not started: the fields below are unknown. */
  inspected: boolean;
  defaultUser?: string;
  defaultUserIsRoot?: boolean;
  /** A sudoers rule grants NOPASSWD (the rules are in the verdicts when policy asks). */
  passwordlessSudo?: boolean;
  /** From /etc/azl-wsl/install.json; undefined when azl-wsl did not install it. */
  image?: { name?: string; version?: string; sha256: string; catalog?: string; installedAt: string; installId: string; tool: string };
  osRelease?: { id?: string; versionId?: string; prettyName?: string; imageVersion?: string };
  packages?: string[];
  /** One per policy rule that applies to an installed distribution. */
  verdicts: PolicyVerdict[];
  /** true: every rule met; false: one broken; null: some cannot be told. */
  compliant: boolean | null;
}

export interface Inventory {
  policySource: string;
  distributions: DistroInventory[];
}

export interface InventoryOptions extends WslCallOptions {
  policy: AdminPolicy;
  /** Start stopped distributions to read their inside facts. */
  start?: boolean;
  /** Leave out the package lists (smaller output). */
  packages?: boolean;
}

/** The policy's verdicts for one distribution (unknown facts give null verdicts). */
export function distroVerdicts(policy: AdminPolicy, facts: DistroFacts | undefined): PolicyVerdict[] {
  const record = facts?.record;
  const verdicts: PolicyVerdict[] = [];
  const imageRuled = policy.AllowedImages !== undefined || policy.MinimumImageVersion !== undefined || policy.MaximumImageVersion !== undefined;
  if (imageRuled) {
    if (!facts) {
      for (const rule of ['AllowedImages', 'MinimumImageVersion', 'MaximumImageVersion'] as const) {
        if (policy[rule] !== undefined) verdicts.push({ rule, ok: null, value: policyValueText(policy[rule]), message: 'the image is not known (the distribution was not started).' });
      }
    } else {
      const names = record?.image.catalog ? [record.image.catalog.name, record.image.catalog.flavor] : [];
      verdicts.push(...imageVerdicts(policy, { names, sha256: record?.image.sha256, version: record?.image.version, label: record?.image.catalog?.name ?? record?.image.name ?? 'an image azl-wsl did not install' }));
    }
  }
  verdicts.push(...defaultUserVerdicts(policy, facts?.defaultUser), ...sudoersVerdicts(policy, facts?.nopasswdRules));
  return verdicts;
}

function compliance(verdicts: readonly PolicyVerdict[]): boolean | null {
  if (verdicts.some((verdict) => verdict.ok === false)) return false;
  return verdicts.some((verdict) => verdict.ok === null) ? null : true;
}

export async function takeInventory(options: InventoryOptions): Promise<Inventory> {
  const call: WslCallOptions = { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
  const entries = (await listDistros(call)).filter((entry) => !isBuilderName(entry.name));
  const distributions: DistroInventory[] = [];
  for (const entry of entries) {
    const inspect = entry.state === 'Running' || (options.start === true && entry.state === 'Stopped');
    const facts = inspect ? await readDistroFacts(entry.name, call) : undefined;
    const verdicts = distroVerdicts(options.policy, facts);
    const record = facts?.record;
    distributions.push({
      name: entry.name,
      state: entry.state,
      wslVersion: entry.version,
      isDefault: entry.isDefault,
      inspected: facts !== undefined,
      defaultUser: facts?.defaultUser,
      defaultUserIsRoot: facts?.defaultUser === undefined ? undefined : facts.defaultUser === 'root',
      passwordlessSudo: facts ? facts.nopasswdRules.length > 0 : undefined,
      image: record
        ? {
            name: record.image.catalog?.name ?? record.image.name,
            version: record.image.version,
            sha256: record.image.sha256,
            catalog: record.image.catalog?.flavor,
            installedAt: record.installedAt,
            installId: record.installId,
            tool: record.tool.version,
          }
        : undefined,
      osRelease: facts ? { id: facts.osRelease.ID, versionId: facts.osRelease.VERSION_ID, prettyName: facts.osRelease.PRETTY_NAME, imageVersion: facts.osRelease.IMAGE_VERSION } : undefined,
      packages: options.packages === false ? undefined : facts?.packages,
      verdicts,
      compliant: compliance(verdicts),
    });
  }
  return { policySource: options.policy.source, distributions };
}
