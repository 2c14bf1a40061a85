/**
 * The app settings an admin policy fixes, each with its value and the policy key that fixes
 * it: what the app shows as locked ("set by your organization") and refuses to change. Names are
 * the ones LockedSettings uses (docs/fleet.md, the ADML's help text); RequireSudoPassword locks
 * the sudo choice too.
 */
import type { AdminPolicy } from './admin-policy.js';
import { PolicyRefusal } from './policy-rules.js';
import type { PolicyKeyName } from './policy-keys.js';
import { INSTALL_METHODS } from '../../common/install-method.js';

/** App settings a policy can fix. */
export const LOCKABLE_SETTINGS = ['outputDir', 'installMethod', 'installLocation', 'sudo'] as const;
export type LockableSetting = (typeof LOCKABLE_SETTINGS)[number];

export interface SettingLock {
  name: LockableSetting;
  value: string;
  policyKey: PolicyKeyName;
}

/** Values a locked setting may take, where the app offers a choice. */
const CHOICES: Partial<Record<LockableSetting, readonly string[]>> = {
  installMethod: INSTALL_METHODS,
  sudo: ['password', 'nopasswd'],
};

/** Every lock the policy sets (unknown names and impossible values in LockedSettings are ignored). */
export function settingLocks(policy: AdminPolicy): SettingLock[] {
  const locks: SettingLock[] = [];
  for (const [name, value] of Object.entries(policy.LockedSettings ?? {})) {
    if (!(LOCKABLE_SETTINGS as readonly string[]).includes(name)) continue;
    const choices = CHOICES[name as LockableSetting];
    if (choices && !choices.includes(value)) continue;
    locks.push({ name: name as LockableSetting, value, policyKey: 'LockedSettings' });
  }
  if (policy.RequireSudoPassword && !locks.some((lock) => lock.name === 'sudo')) locks.push({ name: 'sudo', value: 'password', policyKey: 'RequireSudoPassword' });
  return locks;
}

/** Refuses `value` for a locked setting (undefined values are "not asked for" and pass). */
export function refuseLockedChange(policy: AdminPolicy, name: LockableSetting, value: string | undefined): void {
  const lock = settingLocks(policy).find((candidate) => candidate.name === name);
  if (!lock || value === undefined || value === lock.value) return;
  const shown = lock.policyKey === 'LockedSettings' ? `{${name}=${lock.value}}` : '1';
  throw new PolicyRefusal(lock.policyKey, shown, `${name} is set by your organization to ${lock.value}.`, policy.source);
}
