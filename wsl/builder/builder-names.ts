/** The builder distro's name and folders: one per Azure Linux release, recognisable by prefix. */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** Every distro whose name starts with this is ours and hidden from the user-facing list. */
export const BUILDER_PREFIX = 'azl-wsl-builder-';

export type BuilderRelease = '3.0' | '4.0';
export const DEFAULT_BUILDER_RELEASE: BuilderRelease = '4.0';

/** `azl-wsl-builder-4.0` for release 4.0. */
export function builderName(release: BuilderRelease = DEFAULT_BUILDER_RELEASE): string {
  return `${BUILDER_PREFIX}${release}`;
}

/** True for builder distro names (to hide them from `azl-wsl list` unless --all). */
export function isBuilderName(name: string): boolean {
  return name.startsWith(BUILDER_PREFIX);
}

/** The app's data folder: %LOCALAPPDATA%\azl-wsl on Windows, $XDG_DATA_HOME/azl-wsl or ~/.local/share/azl-wsl elsewhere. */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'azl-wsl');
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'share'), 'azl-wsl');
}

/** Where a builder's disk lives (its --import location). */
export function builderLocation(dataDir: string, name: string): string {
  return join(dataDir, 'builders', name);
}
