/**
 * The simulated HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss key and the running
 * instances, one JSON file each per Windows user, changed only under a lock so concurrent
 * wsl.exe invocations never corrupt them.
 *
 * registry-<user>.json: `{ key, values: { DefaultDistribution, DefaultVersion? }, subkeys: { "{guid}": DistroKey } }`
 * instances-<user>.json: running instances with the wsl.conf/DefaultUid snapshot taken at start.
 * locks-<user>.json: the service's in-memory `m_lockedDistributions` (an install or export in
 * progress), each held by a live simulator process; never written to the registry.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatorSettings } from './simulator-settings.js';

export const LXSS_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss';

/** DistributionRegistration State values. */
export const DistroState = { Installed: 1, Installing: 3, Uninstalling: 4, Converting: 5, Exporting: 6 } as const;

/** interop | Windows PATH | drive mounts | WSL2: a new WSL2 distro. */
export const FLAGS_WSL2_DEFAULT = 0xf;
export const FLAG_WSL2 = 0x8;

/** WSL's DefaultEnvironment for a new distribution. */
export const DEFAULT_ENVIRONMENT = [
  'HOSTTYPE=x86_64',
  'LANG=en_US.UTF-8',
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games',
  'TERM=xterm-256color',
];

/** One `{guid}` subkey, value names as in DistributionRegistration.cpp. */
export interface DistroKey {
  DistributionName: string;
  BasePath: string;
  State: number;
  Version: number;
  Flags: number;
  DefaultUid: number;
  RunOOBE: number;
  VhdFileName: string;
  Modern: number;
  Flavor?: string;
  OsVersion?: string;
  ShortcutPath?: string;
  TerminalProfilePath?: string;
  DefaultEnvironment: string[];
  /** Simulator-only record of `--manage --set-sparse` (the real flag lives in the VHD). */
  SimSparse?: number;
  /** Simulator-only record of `--manage --resize` in bytes (we have no VHD to grow). */
  SimVhdSizeBytes?: number;
}

export interface LxssRegistry {
  key: string;
  values: { DefaultDistribution?: string; DefaultVersion?: number };
  subkeys: Record<string, DistroKey>;
}

/** The wsl.conf / registry view an instance took when it started (§2 timing). */
export interface InstanceSnapshot {
  /** `[user] default` from /etc/wsl.conf, if set. */
  wslConfDefaultUser?: string;
  defaultUid: number;
}

export interface InstanceRecord {
  startedAt: number;
  lastActivity: number;
  /** Simulator processes currently running something inside the instance. */
  pids: number[];
  snapshot: InstanceSnapshot;
}

export type Instances = Record<string, InstanceRecord>;

/** A distribution an operation holds (LxssUserSession `_ConversionBegin`), with its shown state. */
export interface DistroLock {
  state: number;
  /** The simulator process holding it; a dead holder's lock is dropped. */
  pid: number;
}

export type Locks = Record<string, DistroLock>;

/** How long to wait for the lock before assuming something is badly wrong. */
const LOCK_TIMEOUT_MS = 30_000;
const LOCK_RETRY_MS = 15;

export function emptyRegistry(): LxssRegistry {
  return { key: LXSS_KEY, values: {}, subkeys: {} };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Finds a distribution by name, case-insensitively, in any state (`LXSS_GET_DISTRO_ID_LIST_ALL`). */
export function findByName(registry: LxssRegistry, name: string): [string, DistroKey] | undefined {
  const wanted = name.toLowerCase();
  for (const [guid, key] of Object.entries(registry.subkeys)) {
    if (key.DistributionName.toLowerCase() === wanted) return [guid, key];
  }
  return undefined;
}

/**
 * The service's GetDistributionId as `-d`, `-t`, `-s`, `--export` and `--manage` call it: only
 * Installed distributions count, so a name mid-install is "not found".
 */
export function findInstalledByName(registry: LxssRegistry, name: string): [string, DistroKey] | undefined {
  const found = findByName(registry, name);
  return found && found[1].State === DistroState.Installed ? found : undefined;
}

/** Access to one Windows user's registry and instances. */
/** A JSON file's content, or `fallback` when it is missing or unreadable (a fresh simulator). */
async function readJsonOr<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

export class SimulatorStore {
  readonly registryPath: string;
  readonly instancesPath: string;
  readonly locksPath: string;
  private readonly lockPath: string;

  constructor(private readonly settings: SimulatorSettings) {
    this.registryPath = join(settings.stateDir, `registry-${settings.user}.json`);
    this.instancesPath = join(settings.stateDir, `instances-${settings.user}.json`);
    this.locksPath = join(settings.stateDir, `locks-${settings.user}.json`);
    this.lockPath = join(settings.stateDir, `lock-${settings.user}`);
  }

  /** Reads the files under the lock, lets `change` edit them, and writes them back. */
  async update<T>(change: (registry: LxssRegistry, instances: Instances, locks: Locks) => T | Promise<T>): Promise<T> {
    await this.lock();
    try {
      const registry = await this.readRegistry();
      const instances = await this.readInstances();
      const locks = await this.readLocks();
      const result = await change(registry, instances, locks);
      await this.write(this.registryPath, registry);
      await this.write(this.instancesPath, instances);
      await this.write(this.locksPath, locks);
      return result;
    } finally {
      await rm(this.lockPath, { recursive: true, force: true });
    }
  }

  /** A consistent read-only view. */
  read(): Promise<{ registry: LxssRegistry; instances: Instances; locks: Locks }> {
    return this.update((registry, instances, locks) => ({ registry, instances, locks }));
  }

  private async readLocks(): Promise<Locks> {
    const locks = await readJsonOr<Locks>(this.locksPath, {});
    for (const [guid, lock] of Object.entries(locks)) if (!isAlive(lock.pid)) delete locks[guid];
    return locks;
  }

  private async readRegistry(): Promise<LxssRegistry> {
    return readJsonOr(this.registryPath, emptyRegistry());
  }

  /** Loads instances, dropping dead processes and instances idle for longer than the timeout. */
  private async readInstances(): Promise<Instances> {
    const instances = await readJsonOr<Instances>(this.instancesPath, {});
    const now = Date.now();
    for (const [guid, instance] of Object.entries(instances)) {
      const alive = instance.pids.filter(isAlive);
      if (alive.length !== instance.pids.length && alive.length === 0) instance.lastActivity = Math.max(instance.lastActivity, now);
      instance.pids = alive;
      if (alive.length === 0 && now - instance.lastActivity >= this.settings.idleTimeoutMs) delete instances[guid];
    }
    return instances;
  }

  private async write(path: string, data: unknown): Promise<void> {
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(data, null, 2) + '\n');
    await rename(temp, path);
  }

  private async lock(): Promise<void> {
    await mkdir(this.settings.stateDir, { recursive: true });
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        await mkdir(this.lockPath);
        await writeFile(join(this.lockPath, 'pid'), String(process.pid));
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      // A holder that died (killed mid-update) must not block everyone forever.
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(this.lockPath, 'pid'), 'utf8'));
      } catch {}
      if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
        await rm(this.lockPath, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`wsl simulator: registry lock ${this.lockPath} held too long`);
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

/** Stops an instance: forgets it and kills the simulator processes still running inside. */
export function terminateInstance(instances: Instances, guid: string): void {
  const instance = instances[guid];
  if (!instance) return;
  for (const pid of instance.pids) {
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {}
  }
  delete instances[guid];
}
