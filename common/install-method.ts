/**
 * How an image becomes a WSL distribution, defined once for the answer file, the CLI, preflight,
 * the install engine, its journal and record, the admin policy and the app's API contract.
 */

/**
 * The two registrations: `wsl --install --from-file` (WSL 2.4.4 and later: WSL reads the
 * image's own wsl-distribution.conf, as a double-click does) and `wsl --import` (every WSL).
 */
export const REGISTRATION_METHODS = ['from-file', 'import'] as const;

/** The registration an install used (its journal and /etc/azl-wsl/install.json record it). */
export type RegistrationMethod = (typeof REGISTRATION_METHODS)[number];

/** What a user may ask for: a registration, or `auto` (from-file where WSL has it, else import). */
export const INSTALL_METHODS = ['auto', ...REGISTRATION_METHODS] as const;

export type InstallMethod = (typeof INSTALL_METHODS)[number];

/** True for the words INSTALL_METHODS lists (answer files, the command line, IPC arguments). */
export function isInstallMethod(value: string): value is InstallMethod {
  return (INSTALL_METHODS as readonly string[]).includes(value);
}
