/**
 * The service side of `--import` and `--install --from-file` (LxssUserSession.cpp
 * RegisterDistribution), in WSL's order: name, version, name/location in use, the folder
 * (created with its parents if missing), the `--vhd` extension, the registration (Installing,
 * held in memory), the disk, the VM, extraction, validation, os-release and
 * wsl-distribution.conf, shortcut/profile, Installed.
 *
 * A failure or kill deletes the disk this call made and the registration, and then the
 * install folder IF IT IS EMPTY, whoever created it (`_DeleteDistributionLockHeld`): a folder
 * the user made beforehand and left empty is gone too.
 */
import type { WslOutput } from './wsl-output.js';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DISTRIBUTION_CONF_PATH, DISTRIBUTION_CONF_REGISTER_SCHEMA, parseWslConfig } from '../../common/wsl-config-file.js';
import { extractArchive } from './archive-extract.js';
import { onCancel } from './cancellation.js';
import { createSideEffects, removeSideEffects, type SideEffects } from './distro-shortcuts.js';
import { looksLikeVhd } from './vhd-file.js';
import { DEFAULT_ENVIRONMENT, DistroState, FLAGS_WSL2_DEFAULT, FLAG_WSL2, type DistroKey, type LxssRegistry } from './registry-store.js';
import { existsInRoot, readFileInRoot, readOsRelease } from './root-files.js';
import { isValidDistroName, type SimulatorContext } from './simulator-context.js';

const SERVICE = 'Wsl/Service/RegisterDistro';
/** Step of the `slow-import` fault's sleep, short enough for a prompt cancel. */
const SLOW_IMPORT_STEP_MS = 50;

export interface RegisterOptions {
  mode: 'import' | 'install';
  name?: string;
  /** Absolute; install defaults to `<state>/localappdata/wsl/{guid}`. */
  location?: string;
  /** A path the client opened, or `-` for stdin. */
  file: string;
  vhd: boolean;
  /** WSL 1 or 2; absent = the registry's DefaultVersion (2 when unset). */
  version?: number;
}

export interface Registered {
  guid: string;
  name: string;
}

/** Name taken (ERROR_ALREADY_EXISTS) or being (un)registered (E_ILLEGAL_STATE_CHANGE); location in use. */
function checkNameAndPathNotInUse(out: WslOutput, registry: LxssRegistry, name: string | undefined, location: string | undefined, exclude?: string): void {
  for (const [guid, key] of Object.entries(registry.subkeys)) {
    if (guid === exclude) continue;
    if (name !== undefined && key.DistributionName.toLowerCase() === name.toLowerCase()) {
      if (key.State === DistroState.Installed) out.failWith('nameExists', `${SERVICE}/ERROR_ALREADY_EXISTS`);
      out.failWith('invalidState', `${SERVICE}/E_ILLEGAL_STATE_CHANGE`);
    }
    if (location !== undefined && resolve(key.BasePath) === location) out.failWith('locationInUse', `${SERVICE}/ERROR_FILE_EXISTS`);
  }
}

/** Registers a distribution, or fails with wsl.exe's error (after cleaning up). */
export async function registerDistribution(ctx: SimulatorContext, options: RegisterOptions): Promise<Registered> {
  const out: WslOutput = ctx.out;
  const { settings, store } = ctx;
  const guid = `{${randomUUID()}}`;
  const created = { vhd: undefined as string | undefined, location: undefined as string | undefined, registered: false, stdin: undefined as string | undefined, side: {} as SideEffects };
  const abort = new AbortController();

  const cleanup = async (): Promise<void> => {
    abort.abort();
    if (created.registered) {
      await store.update((registry, _instances, locks) => {
        delete registry.subkeys[guid];
        delete locks[guid];
      });
    }
    await removeSideEffects(created.side);
    if (created.vhd) await rm(created.vhd, { recursive: true, force: true });
    // "If the basepath is empty, delete it": also a folder that existed before.
    if (created.location) await removeIfEmpty(created.location);
    if (created.stdin) await rm(created.stdin, { force: true });
  };
  const removeCancel = onCancel(cleanup);
  try {
    let input: string;
    if (options.file === '-') {
      await mkdir(join(settings.stateDir, 'tmp'), { recursive: true });
      created.stdin = join(settings.stateDir, 'tmp', `stdin-${process.pid}-${randomUUID()}`);
      await pipeline(process.stdin, createWriteStream(created.stdin));
      input = created.stdin;
    } else {
      input = resolve(ctx.cwd, options.file);
    }

    if (options.name !== undefined && !isValidDistroName(options.name)) out.failWith('invalidName', `${SERVICE}/E_INVALIDARG`, options.name);
    const location = options.location ?? join(settings.stateDir, 'localappdata', 'wsl', guid);
    // A `--vhd` import keeps the file's own name (ext4.vhdx otherwise): a .vhd stays a .vhd.
    const vhdName = options.vhd && options.file !== '-' ? basename(input) : 'ext4.vhdx';
    const vhd = join(location, vhdName);
    const rootfs = join(vhd, 'rootfs');
    await store.update(async (registry, _instances, locks) => {
      const version = options.version ?? registry.values.DefaultVersion ?? 2;
      checkNameAndPathNotInUse(out, registry, options.name, location);
      if (!statSync(location, { throwIfNoEntry: false })) await mkdir(location, { recursive: true });
      if (options.vhd && options.file !== '-' && !looksLikeVhd(basename(input))) {
        out.failWith('requiresFileExtensions', `${SERVICE}/WSL_E_IMPORT_FAILED`, '.vhd', '.vhdx');
      }
      registry.subkeys[guid] = newKey(options.name ?? '', location, options.mode, version, vhdName);
      created.registered = true;
      created.location = location;
      locks[guid] = { state: DistroState.Installing, pid: process.pid };
      // CreateVhd: fails when a disk is already there (it stays: it is not ours).
      if (statSync(vhd, { throwIfNoEntry: false })) out.failWith('failedToCreateDisk', `${SERVICE}/ERROR_FILE_EXISTS`, `${location}\\${vhdName}`, out.text('fileExists'));
      mkdirSync(vhd);
      created.vhd = vhd;
      mkdirSync(rootfs, { mode: 0o755 });
    });
    if (settings.faults.has('virtualization-off')) out.failWith('enableVirtualization', `${SERVICE}/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED`);
    if (settings.faults.has('feature-missing')) out.failWith('featureMissing', `${SERVICE}/CreateVm/HCS_E_SERVICE_NOT_AVAILABLE`);

    out.progress('importProgress');
    // `--vhd`: we cannot mount a VHD here, so a `--vhd` file is taken to be a tar of the disk's contents.
    const extracted = await extractArchive(input, rootfs, abort.signal);
    if (!extracted.ok) {
      out.relayStderr(extracted.stderr);
      if (extracted.reason === 'empty') out.failWith('notADistro', `${SERVICE}/WSL_E_NOT_A_LINUX_DISTRO`);
      out.failWith('importFailed', `${SERVICE}/WSL_E_IMPORT_FAILED`);
    }
    if (settings.faults.has('slow-import')) {
      for (let slept = 0; slept < settings.slowImportMs; slept += SLOW_IMPORT_STEP_MS) {
        await new Promise((done) => setTimeout(done, SLOW_IMPORT_STEP_MS));
      }
    }
    if (!existsInRoot(rootfs, '/etc') && !existsInRoot(rootfs, '/bin/sh')) out.failWith('notADistro', `${SERVICE}/WSL_E_NOT_A_LINUX_DISTRO`);

    const osRelease = readOsRelease(rootfs);
    // Read in mini_init, which collects no warnings: a bad line here is silent (main.cpp).
    const conf = parseWslConfig(readFileInRoot(rootfs, DISTRIBUTION_CONF_PATH) ?? Buffer.alloc(0), { path: DISTRIBUTION_CONF_PATH, schema: DISTRIBUTION_CONF_REGISTER_SCHEMA });

    let name = options.name;
    if (name === undefined) {
      const defaultName = conf.string('oobe.defaultName');
      if (defaultName === undefined) out.failWith('nameNeeded', `${SERVICE}/WSL_E_DISTRIBUTION_NAME_NEEDED`);
      if (!isValidDistroName(defaultName)) out.failWith('invalidName', `${SERVICE}/E_INVALIDARG`, defaultName);
      name = defaultName;
      await store.update((registry) => {
        checkNameAndPathNotInUse(out, registry, defaultName, undefined, guid);
        registry.subkeys[guid].DistributionName = defaultName;
      });
    }
    created.side = await createSideEffects(ctx, guid, name, location, rootfs, conf, osRelease);
    await store.update((registry, _instances, locks) => {
      const key = registry.subkeys[guid];
      key.State = DistroState.Installed;
      delete locks[guid];
      if (osRelease.id !== undefined) key.Flavor = osRelease.id;
      if (osRelease.versionId !== undefined) key.OsVersion = osRelease.versionId;
      if (created.side.shortcutPath) key.ShortcutPath = created.side.shortcutPath;
      if (created.side.terminalProfilePath) key.TerminalProfilePath = created.side.terminalProfilePath;
      const current = registry.values.DefaultDistribution;
      if (current === undefined || !registry.subkeys[current]) registry.values.DefaultDistribution = guid;
    });
    if (created.stdin) await rm(created.stdin, { force: true });
    return { guid, name };
  } catch (error) {
    await cleanup();
    throw error;
  } finally {
    removeCancel();
  }
}

function newKey(name: string, location: string, mode: RegisterOptions['mode'], version: number, vhdName: string): DistroKey {
  return {
    DistributionName: name,
    BasePath: location,
    State: DistroState.Installing,
    Version: 2,
    Flags: version === 1 ? FLAGS_WSL2_DEFAULT & ~FLAG_WSL2 : FLAGS_WSL2_DEFAULT,
    DefaultUid: 0,
    // `--import` forces LXSS_IMPORT_DISTRO_FLAGS_NO_OOBE; `--install` leaves the OOBE pending.
    RunOOBE: mode === 'install' ? 1 : 0,
    VhdFileName: vhdName,
    Modern: 1,
    DefaultEnvironment: [...DEFAULT_ENVIRONMENT],
  };
}

/** Removes a folder only when it is empty, as `--unregister` and a failed registration do. */
export async function removeIfEmpty(path: string): Promise<void> {
  try {
    await rmdir(path);
  } catch {}
}
