/**
 * `--export <Name> <File|-> [--format tar|tar.gz|tar.xz|vhd]`, as bsdtar
 * `-c --one-file-system --xattrs --numeric-owner -f - .` in the root. There is no real VHD
 * here, so `--format vhd` writes a plain tar of the disk's contents, which `--import --vhd`
 * reads back (the same stand-in in both directions).
 */
import type { WslOutput } from './wsl-output.js';
import { spawn } from 'node:child_process';
import { closeSync, openSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { onCancel } from './cancellation.js';
import { DistroState, findByName } from './registry-store.js';
import { rootfsPath, type SimulatorContext } from './simulator-context.js';
import { USAGE_TEXT } from './usage-text.js';
import { lifecycleText } from './lifecycle-messages.js';

const FORMAT_FLAGS: Record<string, string[]> = { tar: [], 'tar.gz': ['-z'], 'tar.xz': ['-J'], vhd: [] };

/** Runs `--export`; returns the exit code. */
export async function exportDistro(ctx: SimulatorContext, args: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  const positional: string[] = [];
  // The flags ExportDistribution sets: --vhd and --format vhd are the same flag; a later
  // --format adds its own flag rather than replacing an earlier one.
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--format') {
      const value = args[++i];
      if (value === undefined) out.failWith('missingArgument', undefined, '--format');
      if (!(value in FORMAT_FLAGS)) out.failWith('parameterIncorrect', 'Wsl/E_INVALIDARG');
      if (value !== 'tar') flags.add(value);
    } else if (args[i] === '--vhd') {
      flags.add('vhd');
    } else if (args[i].startsWith('-') && args[i] !== '-') {
      out.failWith('invalidCommandLine', undefined, args[i]);
    } else positional.push(args[i]);
  }
  // WSL_E_INVALID_USAGE: no file, or gzip together with vhd.
  if (positional.length !== 2 || (flags.has('tar.gz') && flags.has('vhd'))) out.fail(USAGE_TEXT);
  const format = flags.has('vhd') ? 'vhd' : flags.has('tar.xz') ? 'tar.xz' : flags.has('tar.gz') ? 'tar.gz' : 'tar';
  const [name, file] = positional;
  const toStdout = file === '-';
  const target = toStdout ? '-' : resolve(ctx.cwd, file);
  const [guid, key] = await ctx.store.update((registry) => {
    const found = findByName(registry, name);
    if (!found) out.failWith('distroNotFound', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND');
    if (found[1].State !== DistroState.Installed) out.failWith('invalidState', 'Wsl/Service/ExportDistro/E_ILLEGAL_STATE_CHANGE');
    if (!toStdout && !statSync(dirname(target), { throwIfNoEntry: false })?.isDirectory()) out.failWith('pathNotFound', 'Wsl/ERROR_PATH_NOT_FOUND');
    // A VHD export copies the disk file, so the target must carry the disk's own extension.
    const diskExtension = extname(found[1].VhdFileName);
    if (format === 'vhd' && !toStdout && extname(target).toLowerCase() !== diskExtension.toLowerCase()) {
      out.fail(lifecycleText(ctx, 'requiresFileExtension', diskExtension), 'Wsl/Service/ExportDistro/WSL_E_EXPORT_FAILED');
    }
    found[1].State = DistroState.Exporting;
    return found;
  });
  const restore = async (): Promise<void> => {
    await ctx.store.update((registry) => {
      if (registry.subkeys[guid]) registry.subkeys[guid].State = DistroState.Installed;
    });
  };
  out.progress('exportProgress');
  // tar writes straight into the target file (or our stdout): no copy through this process.
  const targetFd = toStdout ? 'inherit' : openSync(target, 'w');
  const child = spawn(
    'tar',
    ['-c', '--one-file-system', '--acls', '--xattrs', '--xattrs-include=*', '--numeric-owner', ...FORMAT_FLAGS[format], '-f', '-', '-C', rootfsPath(key), '.'],
    { stdio: ['ignore', targetFd, 'pipe'] },
  );
  const removeCancel = onCancel(async () => {
    child.kill('SIGKILL');
    if (!toStdout) await rm(target, { force: true });
    await restore();
  });
  if (typeof targetFd === 'number') closeSync(targetFd);
  const stderr: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? 1)));
  removeCancel();
  await restore();
  // GNU tar exits 1 for "file changed as we read it": the archive is still complete.
  if (code > 1) {
    out.relayStderr(Buffer.concat(stderr).toString('utf8').replace(/^tar:/gm, 'bsdtar:'));
    if (!toStdout) await rm(target, { force: true });
    out.failWith('exportFailed', 'Wsl/Service/ExportDistro/WSL_E_EXPORT_FAILED');
  }
  if (!toStdout) out.success();
  return 0;
}
