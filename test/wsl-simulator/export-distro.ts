/**
 * `--export <Name> <File|-> [--format tar|tar.gz|tar.xz|vhd] [--vhd]` in WSL's order
 * (WslClient.cpp ExportDistribution, LxssUserSession.cpp ExportDistribution): the client
 * creates or TRUNCATES the target file first, then looks the name up (Installed only), and
 * deletes the file on any failure, so `--export Typo existing.tar` destroys `existing.tar`.
 * The service holds the distribution as Exporting (in memory, not in the registry) and
 * terminates it first, closing the user's shells. bsdtar `-c --one-file-system --xattrs
 * --numeric-owner -f - .` runs in the root; there is no real VHD here, so `vhd` writes a plain
 * tar of the disk's contents, which `--import --vhd` reads back (the same stand-in both ways).
 */
import type { WslOutput } from './wsl-output.js';
import { spawn } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { onCancel } from './cancellation.js';
import { findInstalledByName, terminateInstance } from './registry-store.js';
import { DistroState } from './registry-store.js';
import { rootfsPath, type SimulatorContext } from './simulator-context.js';
import { CLIENT_INVALID_ARGUMENT, VerbArguments } from './verb-arguments.js';

type Format = 'tar' | 'tar.gz' | 'tar.xz';
const FORMAT_FLAGS: Record<Format, string[]> = { tar: [], 'tar.gz': ['-z'], 'tar.xz': ['-J'] };

/** Runs `--export`; returns the exit code. */
export async function exportDistro(ctx: SimulatorContext, args: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  let name: string | undefined;
  let file = '';
  let compression: Format = 'tar';
  let gzip = false;
  let vhd = false;
  new VerbArguments(out)
    .positional(0, (value) => (name = value))
    .positional(1, (value) => (file = value))
    .flag('--vhd', undefined, () => (vhd = true))
    .option('--format', undefined, (value) => {
      if (value === 'tar.gz') {
        compression = 'tar.gz';
        gzip = true;
      } else if (value === 'tar.xz') compression = 'tar.xz';
      else if (value === 'vhd') vhd = true;
      else if (value !== 'tar') out.failWith('parameterIncorrect', CLIENT_INVALID_ARGUMENT);
    })
    .parse(args);
  if (file === '' || name === undefined || (gzip && vhd)) out.failUsage();

  const toStdout = file === '-';
  const target = resolve(ctx.cwd, file);
  let fd: number | undefined;
  if (!toStdout) {
    // CreateFileW(CREATE_ALWAYS): made or emptied before anything else is checked.
    try {
      fd = openSync(target, 'w');
    } catch {
      out.failWith('pathNotFound', 'Wsl/ERROR_PATH_NOT_FOUND');
    }
  }
  const deleteTarget = (): void => {
    if (fd !== undefined) rmSync(target, { force: true });
  };
  let guid: string | undefined;
  const release = async (): Promise<void> => {
    if (guid === undefined) return;
    const held = guid;
    await ctx.store.update((_registry, _instances, locks) => {
      if (locks[held]?.pid === process.pid) delete locks[held];
    });
  };
  const removeCancel = onCancel(async () => {
    deleteTarget();
    await release();
  });
  try {
    const [found, key] = await ctx.store.update((registry, instances, locks) => {
      const distro = findInstalledByName(registry, name!);
      if (!distro) out.failWith('distroNotFound', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND');
      // _ConversionBegin: not while another operation holds it; terminates the instance.
      if (locks[distro[0]]) out.failWith('invalidState', 'Wsl/Service/E_ILLEGAL_STATE_CHANGE');
      terminateInstance(instances, distro[0]);
      locks[distro[0]] = { state: DistroState.Exporting, pid: process.pid };
      return distro;
    });
    guid = found;
    // A VHD export copies the disk file, so the target must carry the disk's own extension.
    const diskExtension = extname(key.VhdFileName);
    if (vhd && !toStdout && extname(target).toLowerCase() !== diskExtension.toLowerCase()) {
      out.failWith('requiresFileExtension', 'Wsl/Service/WSL_E_EXPORT_FAILED', diskExtension);
    }
    out.progress('exportProgress');
    // tar writes straight into the target file (or our stdout): no copy through this process.
    const child = spawn(
      'tar',
      ['-c', '--one-file-system', '--acls', '--xattrs', '--xattrs-include=*', '--numeric-owner', ...(vhd ? [] : FORMAT_FLAGS[compression]), '-f', '-', '-C', rootfsPath(key), '.'],
      { stdio: ['ignore', fd ?? 'inherit', 'pipe'] },
    );
    const stderr: Buffer[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    const killChild = onCancel(() => void child.kill('SIGKILL'));
    const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? 1)));
    killChild();
    // GNU tar exits 1 for "file changed as we read it": the archive is still complete.
    if (code > 1) {
      out.relayStderr(Buffer.concat(stderr).toString('utf8').replace(/^tar:/gm, 'bsdtar:'));
      out.failWith('exportFailed', 'Wsl/Service/WSL_E_EXPORT_FAILED');
    }
  } catch (error) {
    deleteTarget();
    throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
    removeCancel();
    await release();
  }
  if (!toStdout) out.success();
  return 0;
}
