/**
 * Registration shared by `--import` and `--install --from-file`, in the order WSL does it:
 * client (VHD extension, input file, location folder), then service (name, uniqueness,
 * location in use, ext4.vhdx, VM, extraction, validation, os-release, wsl-distribution.conf,
 * shortcut/profile, Installed). Any failure or kill removes what this call created.
 */
import type { WslOutput } from './wsl-output.js';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extractArchive } from './archive-extract.js';
import { onCancel } from './cancellation.js';
import { parseConfig, configString, type ConfigWarning } from './config-file.js';
import { createSideEffects, removeSideEffects, type SideEffects } from './distro-shortcuts.js';
import { DEFAULT_ENVIRONMENT, DistroState, FLAGS_WSL2_DEFAULT, FLAG_WSL2, findByName, type DistroKey } from './registry-store.js';
import { existsInRoot, readFileInRoot, readOsRelease } from './root-files.js';
import { isValidDistroName, type SimulatorContext } from './simulator-context.js';

const SERVICE = 'Wsl/Service/RegisterDistro';
/** Step of the `slow-import` fault's sleep, short enough for a prompt cancel. */
const SLOW_IMPORT_STEP_MS = 50;

export interface RegisterOptions {
  mode: 'import' | 'install';
  name?: string;
  /** Required for import; install defaults to `<state>/localappdata/wsl/{guid}`. */
  location?: string;
  /** A path, or `-` for stdin. */
  file: string;
  vhd: boolean;
  /** WSL 1 or 2. */
  version: number;
}

export interface Registered {
  guid: string;
  name: string;
}

function isTransitional(key: DistroKey): boolean {
  return key.State !== DistroState.Installed;
}

/** Registers a distribution, or fails with wsl.exe's error (after cleaning up). */
export async function registerDistribution(ctx: SimulatorContext, options: RegisterOptions): Promise<Registered> {
  const out: WslOutput = ctx.out;
  const { settings, store } = ctx;
  const guid = `{${randomUUID()}}`;
  const created = { location: undefined as string | undefined, vhd: undefined as string | undefined, registered: false, stdin: undefined as string | undefined, side: {} as SideEffects };
  const abort = new AbortController();

  const cleanup = async (): Promise<void> => {
    abort.abort();
    if (created.registered) {
      await store.update((registry) => {
        delete registry.subkeys[guid];
      });
    }
    await removeSideEffects(created.side);
    if (created.vhd) await rm(created.vhd, { recursive: true, force: true });
    if (created.location) await rm(created.location, { recursive: true, force: true });
    if (created.stdin) await rm(created.stdin, { force: true });
  };
  const removeCancel = onCancel(cleanup);
  try {
    // --- client side (wsl.exe) ---
    const looksLikeVhd = /\.vhdx?$/i.test(options.file);
    if (!options.vhd && looksLikeVhd) out.fail(out.text('vhdHint'));
    if (options.vhd && options.file !== '-' && !looksLikeVhd) out.failWith('requiresVhdExtension', 'Wsl/E_INVALIDARG');
    let input: string;
    if (options.file === '-') {
      await mkdir(join(settings.stateDir, 'tmp'), { recursive: true });
      created.stdin = join(settings.stateDir, 'tmp', `stdin-${process.pid}-${randomUUID()}`);
      await pipeline(process.stdin, createWriteStream(created.stdin));
      input = created.stdin;
    } else {
      input = resolve(ctx.cwd, options.file);
      if (!statSync(input, { throwIfNoEntry: false })?.isFile()) out.failWith('fileNotFound', 'Wsl/ERROR_FILE_NOT_FOUND');
    }
    const location = options.location !== undefined ? resolve(ctx.cwd, options.location) : join(settings.stateDir, 'localappdata', 'wsl', guid);
    const existing = statSync(location, { throwIfNoEntry: false });
    if (!existing) {
      if (options.mode === 'install') {
        await mkdir(location, { recursive: true });
      } else {
        // CreateDirectoryW: not recursive.
        try {
          mkdirSync(location);
        } catch {
          out.failWith('pathNotFound', 'Wsl/ERROR_PATH_NOT_FOUND');
        }
      }
      created.location = location;
    } else if (!existing.isDirectory()) {
      out.failWith('pathNotFound', 'Wsl/ERROR_PATH_NOT_FOUND');
    }

    // --- service side ---
    if (options.name !== undefined && !isValidDistroName(options.name)) out.failWith('invalidName', `${SERVICE}/E_INVALIDARG`, options.name);
    const vhd = join(location, 'ext4.vhdx');
    const rootfs = join(vhd, 'rootfs');
    await store.update((registry) => {
      if (options.name !== undefined) {
        const clash = findByName(registry, options.name);
        if (clash) {
          if (isTransitional(clash[1])) out.failWith('invalidState', `${SERVICE}/E_ILLEGAL_STATE_CHANGE`);
          out.failWith('nameExists', `${SERVICE}/ERROR_ALREADY_EXISTS`);
        }
      }
      if (Object.values(registry.subkeys).some((key) => resolve(key.BasePath) === location)) out.failWith('locationInUse', `${SERVICE}/ERROR_FILE_EXISTS`);
      if (statSync(vhd, { throwIfNoEntry: false })) out.failWith('diskExists', `${SERVICE}/ERROR_FILE_EXISTS`, `${location}\\ext4.vhdx`);
      mkdirSync(vhd);
      created.vhd = vhd;
      mkdirSync(rootfs, { mode: 0o755 });
      if (options.name !== undefined) {
        registry.subkeys[guid] = newKey(options.name, location, options, DistroState.Installing);
        created.registered = true;
      }
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
    const confPath = '/etc/wsl-distribution.conf';
    const conf = parseConfig(readFileInRoot(rootfs, confPath)?.toString('utf8') ?? '');
    const warn: ConfigWarning = (kind, value, key, line) =>
      out.warn(out.text(kind === 'boolean' ? 'invalidBoolean' : 'invalidInteger', value, key, confPath, line));

    let name = options.name;
    if (name === undefined) {
      name = configString(conf, 'oobe.defaultname');
      if (name === undefined) out.failWith('nameNeeded', `${SERVICE}/WSL_E_DISTRIBUTION_NAME_NEEDED`);
      if (!isValidDistroName(name)) out.failWith('invalidName', `${SERVICE}/E_INVALIDARG`, name);
      const finalName = name;
      await store.update((registry) => {
        const clash = findByName(registry, finalName);
        if (clash) {
          if (isTransitional(clash[1])) out.failWith('invalidState', `${SERVICE}/E_ILLEGAL_STATE_CHANGE`);
          out.failWith('nameExists', `${SERVICE}/ERROR_ALREADY_EXISTS`);
        }
        registry.subkeys[guid] = newKey(finalName, location, options, DistroState.Installing);
        created.registered = true;
      });
    }
    created.side = await createSideEffects(ctx, guid, name, location, rootfs, conf, warn);
    await store.update((registry) => {
      const key = registry.subkeys[guid];
      key.State = DistroState.Installed;
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

function newKey(name: string, location: string, options: RegisterOptions, state: number): DistroKey {
  return {
    DistributionName: name,
    BasePath: location,
    State: state,
    Version: 2,
    Flags: options.version === 1 ? FLAGS_WSL2_DEFAULT & ~FLAG_WSL2 : FLAGS_WSL2_DEFAULT,
    DefaultUid: 0,
    // `--import` forces LXSS_IMPORT_DISTRO_FLAGS_NO_OOBE; `--install` leaves the OOBE pending.
    RunOOBE: options.mode === 'install' ? 1 : 0,
    VhdFileName: 'ext4.vhdx',
    Modern: 1,
    DefaultEnvironment: [...DEFAULT_ENVIRONMENT],
  };
}

/** Removes a BasePath folder only when it is empty, as `--unregister` does. */
export async function removeIfEmpty(path: string): Promise<void> {
  try {
    await rmdir(path);
  } catch {}
}
