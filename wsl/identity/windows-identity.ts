/**
 * Who this process runs as, in the two ways fleets care about: as SYSTEM (how Intune and
 * SCCM run installers by default: a distribution registered then belongs to SYSTEM and the
 * user never sees it) and elevated (needed to write HKLM).
 *
 * On Windows the answer comes from `whoami` as security identifiers, which unlike account
 * and group names are not localized: SYSTEM is S-1-5-18, and an elevated token carries the
 * High (S-1-16-12288) or System (S-1-16-16384) mandatory level. On Linux (tests, the
 * simulator) $AZL_WSL_SIM_IDENTITY stands in: `user` (default), `admin` or `system`.
 */
import { runProgram } from '../../common/run-program.js';

export interface WindowsIdentity {
  /** The account's security identifier, when known. */
  sid?: string;
  /** Running as NT AUTHORITY\SYSTEM. */
  system: boolean;
  /** An elevated (administrator) token. */
  elevated: boolean;
}

export interface IdentityOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  signal?: AbortSignal;
}

/** Env var standing in for the Windows account on Linux. */
export const IDENTITY_ENV = 'AZL_WSL_SIM_IDENTITY';

export const SYSTEM_SID = 'S-1-5-18';
const ELEVATED_LEVELS = ['S-1-16-12288', 'S-1-16-16384'];

/** Parses `whoami /user /fo csv /nh` (`"domain\\name","S-1-…"`). */
export function parseWhoamiUser(text: string): string | undefined {
  return /"(S-1-[0-9-]+)"/.exec(text)?.[1];
}

/** True when `whoami /groups /fo csv /nh` lists a High or System mandatory level. */
export function parseWhoamiElevated(text: string): boolean {
  return ELEVATED_LEVELS.some((sid) => text.includes(`"${sid}"`));
}

/** The current identity. */
export async function currentIdentity(options: IdentityOptions = {}): Promise<WindowsIdentity> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  if (platform !== 'win32') {
    // Never consulted on Windows: a variable must not be able to claim an identity there.
    const kind = (env[IDENTITY_ENV] ?? 'user').toLowerCase();
    return { system: kind === 'system', elevated: kind === 'system' || kind === 'admin', sid: kind === 'system' ? SYSTEM_SID : undefined };
  }
  const user = await runProgram('whoami', ['/user', '/fo', 'csv', '/nh'], { name: 'whoami /user', signal: options.signal });
  const sid = parseWhoamiUser(user.stdout.toString('latin1'));
  if (sid === SYSTEM_SID) return { sid, system: true, elevated: true };
  const groups = await runProgram('whoami', ['/groups', '/fo', 'csv', '/nh'], { name: 'whoami /groups', signal: options.signal });
  return { sid, system: false, elevated: parseWhoamiElevated(groups.stdout.toString('latin1')) };
}
