/**
 * The per-user folder for state that must survive a crash of the tool itself (install
 * journals, lifecycle journals, locks): %LOCALAPPDATA%\azl-wsl\state on Windows,
 * $XDG_STATE_HOME/azl-wsl or ~/.local/state/azl-wsl elsewhere. `AZL_WSL_STATE_DIR` overrides it
 * (tests give every simulator its own).
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** Environment variable that names the state folder outright. */
export const STATE_DIR_ENV = 'AZL_WSL_STATE_DIR';

/** The state folder for this user. */
export function userStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env[STATE_DIR_ENV];
  if (override && isAbsolute(override)) return override;
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'azl-wsl', 'state');
  const xdg = env.XDG_STATE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'state'), 'azl-wsl');
}
