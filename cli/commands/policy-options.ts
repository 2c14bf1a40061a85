/** `--policy FILE`: the admin policy as JSON (tests, Linux); else $AZL_WSL_POLICY, else HKLM\SOFTWARE\Policies\azl-wsl. */
import type { CommandContext } from '../command.js';
import { loadAdminPolicy, type AdminPolicy } from '../../wsl/policy/admin-policy.js';
import { openRegistry } from '../../wsl/registry/registry.js';

export const POLICY_OPTIONS = { policy: { type: 'string' } } as const;
export const POLICY_COMPLETIONS = { policy: 'file' } as const;
export const POLICY_HELP = '  --policy FILE          admin policy as JSON (default: $AZL_WSL_POLICY, else the Group Policy key)';

export function policyFor(context: CommandContext, values: { policy?: string }): Promise<AdminPolicy> {
  return loadAdminPolicy({ file: values.policy, env: context.env, registry: openRegistry({ env: context.env, signal: context.signal }) });
}
