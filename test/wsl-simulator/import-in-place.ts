/**
 * `--import-in-place <Name> <FileName>`: registers an existing VHD where it lies, as
 * LxssUserSessionImpl::ImportDistributionInplace does: name checked, path absolute with a
 * .vhd/.vhdx extension (E_INVALIDARG), name and parent folder unused, registration created
 * with RunOOBE 0 and DefaultUid 0, the disk attached and read (os-release,
 * wsl-distribution.conf, shortcut and Terminal profile), then Installed. A failure removes the
 * registration but never the disk (WSL only ejects it).
 *
 * A disk here is a folder holding `rootfs/` (see README "Deliberate differences"). A plain
 * file at the path is what `--export --format vhd` wrote (a tar standing in for the disk
 * bytes); it is turned into the folder form in place, so the exported file is the disk.
 */
import type { WslOutput } from './wsl-output.js';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { extractArchive } from './archive-extract.js';
import { onCancel } from './cancellation.js';
import { DISTRIBUTION_CONF_PATH, DISTRIBUTION_CONF_REGISTER_SCHEMA, parseWslConfig } from '../../common/wsl-config-file.js';
import { createSideEffects, removeSideEffects, type SideEffects } from './distro-shortcuts.js';
import { DEFAULT_ENVIRONMENT, DistroState, FLAGS_WSL2_DEFAULT, findByName } from './registry-store.js';
import { existsInRoot, readFileInRoot, readOsRelease } from './root-files.js';
import { isValidDistroName, type SimulatorContext } from './simulator-context.js';

const SERVICE = 'Wsl/Service/RegisterDistro';

/** Runs `--import-in-place`; returns the exit code. */
export async function importInPlace(ctx: SimulatorContext, args: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  // Client: exactly two arguments (WSL_E_INVALID_USAGE prints the usage), the path made full.
  if (args.length !== 2) out.failUsage();
  const [name, file] = args;
  const disk = resolve(ctx.cwd, file);
  const basePath = dirname(disk);
  // GetFullPath opens the file first: a missing one fails in the client (UnitTests ErrorMessages).
  if (!statSync(disk, { throwIfNoEntry: false })) out.failWith('fileNotFound', 'Wsl/ERROR_FILE_NOT_FOUND');

  // Service.
  if (!isValidDistroName(name)) out.failWith('invalidName', `${SERVICE}/E_INVALIDARG`, name);
  if (!/\.vhdx?$/i.test(disk)) out.failWith('parameterIncorrect', `${SERVICE}/E_INVALIDARG`);
  const guid = `{${randomUUID()}}`;
  let registered = false;
  let side: SideEffects = {};
  const unregister = async (): Promise<void> => {
    await removeSideEffects(side);
    if (!registered) return;
    await ctx.store.update((registry) => {
      delete registry.subkeys[guid];
    });
  };
  const removeCancel = onCancel(unregister);
  try {
    await ctx.store.update((registry) => {
      const clash = findByName(registry, name);
      if (clash) {
        if (clash[1].State !== DistroState.Installed) out.failWith('invalidState', `${SERVICE}/E_ILLEGAL_STATE_CHANGE`);
        out.failWith('nameExists', `${SERVICE}/ERROR_ALREADY_EXISTS`);
      }
      if (Object.values(registry.subkeys).some((key) => resolve(key.BasePath) === basePath)) out.failWith('locationInUse', `${SERVICE}/ERROR_FILE_EXISTS`);
      registry.subkeys[guid] = {
        DistributionName: name,
        BasePath: basePath,
        State: DistroState.Installing,
        Version: 2,
        Flags: FLAGS_WSL2_DEFAULT,
        DefaultUid: 0,
        RunOOBE: 0,
        VhdFileName: basename(disk),
        Modern: 1,
        DefaultEnvironment: [...DEFAULT_ENVIRONMENT],
      };
      registered = true;
    });
    if (ctx.settings.faults.has('virtualization-off')) out.failWith('enableVirtualization', `${SERVICE}/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED`);
    if (ctx.settings.faults.has('feature-missing')) out.failWith('featureMissing', `${SERVICE}/CreateVm/HCS_E_SERVICE_NOT_AVAILABLE`);

    // Attaching the disk.
    const found = statSync(disk, { throwIfNoEntry: false });
    if (!found) out.failWith('fileNotFound', `${SERVICE}/ERROR_FILE_NOT_FOUND`);
    if (found.isFile()) await convertExportedDisk(ctx, disk);
    const rootfs = resolve(disk, 'rootfs');
    if (!statSync(rootfs, { throwIfNoEntry: false })?.isDirectory()) out.failWith('importFailed', `${SERVICE}/WSL_E_IMPORT_FAILED`);
    if (!existsInRoot(rootfs, '/etc') && !existsInRoot(rootfs, '/bin/sh')) out.failWith('notADistro', `${SERVICE}/WSL_E_NOT_A_LINUX_DISTRO`);

    const osRelease = readOsRelease(rootfs);
    // Read in mini_init, which collects no warnings: a bad line here is silent (main.cpp).
    const conf = parseWslConfig(readFileInRoot(rootfs, DISTRIBUTION_CONF_PATH) ?? Buffer.alloc(0), { path: DISTRIBUTION_CONF_PATH, schema: DISTRIBUTION_CONF_REGISTER_SCHEMA });
    side = await createSideEffects(ctx, guid, name, basePath, rootfs, conf, osRelease);
    await ctx.store.update((registry) => {
      const key = registry.subkeys[guid];
      key.State = DistroState.Installed;
      if (osRelease.id !== undefined) key.Flavor = osRelease.id;
      if (osRelease.versionId !== undefined) key.OsVersion = osRelease.versionId;
      if (side.shortcutPath) key.ShortcutPath = side.shortcutPath;
      if (side.terminalProfilePath) key.TerminalProfilePath = side.terminalProfilePath;
      const current = registry.values.DefaultDistribution;
      if (current === undefined || !registry.subkeys[current]) registry.values.DefaultDistribution = guid;
    });
  } catch (error) {
    await unregister();
    throw error;
  } finally {
    removeCancel();
  }
  out.success();
  return 0;
}

/**
 * Turns the file `--export --format vhd` wrote into the folder form of a disk at the same
 * path. A file that is not such an export fails as an unreadable disk, and stays as it was.
 */
async function convertExportedDisk(ctx: SimulatorContext, disk: string): Promise<void> {
  const staging = `${disk}.sim-attach-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(resolve(staging, 'rootfs'), { recursive: true, mode: 0o755 });
  const extracted = await extractArchive(disk, resolve(staging, 'rootfs'));
  if (!extracted.ok) {
    await rm(staging, { recursive: true, force: true });
    ctx.out.failWith('importFailed', `${SERVICE}/WSL_E_IMPORT_FAILED`);
  }
  const aside = `${disk}.sim-file-${process.pid}`;
  await rename(disk, aside);
  await rename(staging, disk);
  await rm(aside, { force: true });
}
