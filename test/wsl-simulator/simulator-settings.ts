/**
 * Everything the simulator reads from its environment, in one place.
 *
 * Tests (and the README demo) steer the simulator only through these variables, so a driver
 * under test sees nothing but a `wsl.exe` on PATH.
 */
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Locale, Wording } from './messages.js';

/** WSL's instance idle timeout in source (`instanceIdleTimeout`, WslCoreConfig.h). */
export const DEFAULT_IDLE_TIMEOUT_MS = 15_000;
/** A current Store WSL; first to have `--install --from-file` is 2.4.4, `--manage --set-default-user` 2.5. */
export const DEFAULT_WSL_VERSION = '2.6.1';

export type Fault = 'virtualization-off' | 'policy-disabled' | 'absent' | 'slow-import' | 'feature-missing';
const KNOWN_FAULTS: readonly Fault[] = ['virtualization-off', 'policy-disabled', 'absent', 'slow-import', 'feature-missing'];

export interface SimulatorSettings {
  stateDir: string;
  /** The "Windows user" whose HKCU registry is simulated. */
  user: string;
  faults: ReadonlySet<Fault>;
  locale: Locale;
  wording: Wording;
  /** Four-part version shown by `--version`, e.g. "2.6.1.0". */
  version: string;
  /** Behave like the inbox (pre-Store) wsl.exe that has no `--version`. */
  inbox: boolean;
  idleTimeoutMs: number;
  /** WSL_UTF8 is honoured only when exactly "1". */
  utf8: boolean;
  warningsDisabled: boolean;
  /** Total sleep of a `slow-import` fault. */
  slowImportMs: number;
  /** File served at Microsoft's distribution-list URL; unset = that URL is unreachable (offline). */
  distributionListFile?: string;
}

/** Reads the simulator's settings from an environment. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): SimulatorSettings {
  const faults = new Set<Fault>();
  for (const raw of (env.AZL_WSL_SIM_FAULT ?? '').split(',')) {
    const fault = raw.trim() as Fault;
    if (KNOWN_FAULTS.includes(fault)) faults.add(fault);
  }
  const localeRaw = (env.AZL_WSL_SIM_LOCALE ?? 'en').toLowerCase().slice(0, 2);
  const locale: Locale = localeRaw === 'fr' || localeRaw === 'de' ? localeRaw : 'en';
  const idle = Number(env.AZL_WSL_SIM_IDLE_MS);
  const slow = Number(env.AZL_WSL_SIM_SLOW_IMPORT_MS);
  return {
    stateDir: env.AZL_WSL_SIM_STATE || join(homedir(), '.cache', 'azl-wsl', 'wsl-sim'),
    user: env.AZL_WSL_SIM_USER || env.USERNAME || env.USER || userInfo().username,
    faults,
    locale,
    wording: env.AZL_WSL_SIM_WORDING === 'old' ? 'old' : 'current',
    version: fourPartVersion(env.AZL_WSL_SIM_VERSION || DEFAULT_WSL_VERSION),
    inbox: env.AZL_WSL_SIM_INBOX === '1',
    idleTimeoutMs: Number.isFinite(idle) && idle >= 0 && env.AZL_WSL_SIM_IDLE_MS !== '' && env.AZL_WSL_SIM_IDLE_MS !== undefined ? idle : DEFAULT_IDLE_TIMEOUT_MS,
    utf8: env.WSL_UTF8 === '1',
    warningsDisabled: env.WSL_DISABLE_WARNINGS === '1',
    slowImportMs: Number.isFinite(slow) && slow > 0 ? slow : 3000,
    distributionListFile: env.AZL_WSL_SIM_DISTRIBUTION_LIST || undefined,
  };
}

function fourPartVersion(version: string): string {
  const parts = version.split('.').filter((p) => p !== '');
  while (parts.length < 4) parts.push('0');
  return parts.slice(0, 4).join('.');
}

/** True when the simulated WSL is at least `major.minor.patch`. */
export function versionAtLeast(settings: SimulatorSettings, minimum: string): boolean {
  const have = settings.version.split('.').map(Number);
  const want = minimum.split('.').map(Number);
  for (let i = 0; i < want.length; i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
