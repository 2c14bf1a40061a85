/** What every command handler gets: settings, the text channel, the registry and the caller's cwd. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimulatorStore, type DistroKey } from './registry-store.js';
import type { SimulatorSettings } from './simulator-settings.js';
import { WslOutput } from './wsl-output.js';

export interface SimulatorContext {
  settings: SimulatorSettings;
  out: WslOutput;
  store: SimulatorStore;
  /** The "Windows" current directory relative paths resolve against. */
  cwd: string;
  /** Path of the `wsl.exe` shim, used in shortcuts and Terminal profiles. */
  wslExePath: string;
}

/** Folder holding the `wsl.exe` / `wsl` shims (the shim says where it is when running a bundle). */
export const SIMULATOR_BIN_DIR = process.env.AZL_WSL_SIM_BIN || join(dirname(fileURLToPath(import.meta.url)), 'bin');

export function createContext(settings: SimulatorSettings, cwd = process.cwd()): SimulatorContext {
  return { settings, out: new WslOutput(settings), store: new SimulatorStore(settings), cwd, wslExePath: join(SIMULATOR_BIN_DIR, 'wsl.exe') };
}

/** `<BasePath>/ext4.vhdx`: a directory standing in for the ext4 VHD. */
export function vhdPath(key: Pick<DistroKey, 'BasePath' | 'VhdFileName'>): string {
  return join(key.BasePath, key.VhdFileName);
}

/** The extracted root filesystem inside the "VHD". */
export function rootfsPath(key: Pick<DistroKey, 'BasePath' | 'VhdFileName'>): string {
  return join(vhdPath(key), 'rootfs');
}

/** `^[a-zA-Z0-9._-]{1,256}$` and not `Legacy` in any case (LxssUserSession.cpp s_ValidateDistroName). */
export function isValidDistroName(name: string): boolean {
  return /^[a-zA-Z0-9._-]{1,256}$/.test(name) && name.toLowerCase() !== 'legacy';
}
