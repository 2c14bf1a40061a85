/**
 * `--import <Name> <Location> <File|-> [--version 1|2] [--vhd]`, in the client's order
 * (WslClient.cpp ImportDistribution): parse, create the location (one level, kept if it
 * existed), the VHD-extension hint, open the file, then the service registers.
 */
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { registerDistribution } from './register-distribution.js';
import type { SimulatorContext } from './simulator-context.js';
import { CLIENT_INVALID_ARGUMENT, VerbArguments } from './verb-arguments.js';
import { looksLikeVhd } from './vhd-file.js';
import { parseWslVersion } from './wsl-version-argument.js';

/** Runs `--import`; returns the exit code. */
export async function importCommand(ctx: SimulatorContext, args: string[]): Promise<number> {
  const { out } = ctx;
  const parsed: { name?: string; location?: string; file?: string; version?: number; vhd: boolean } = { vhd: false };
  new VerbArguments(out)
    .positional(0, (value) => (parsed.name = value))
    .positional(1, (value) => (parsed.location = resolve(ctx.cwd, value)))
    .positional(2, (value) => (parsed.file = value))
    .option('--version', undefined, (value) => (parsed.version = parseWslVersion(ctx, value)))
    .flag('--vhd', undefined, () => (parsed.vhd = true))
    .parse(args);
  const { name, location, file, version, vhd } = parsed;
  if (name === undefined || location === undefined || file === undefined || file === '') return out.failWith('parameterIncorrect', CLIENT_INVALID_ARGUMENT);

  // CreateDirectoryW: one level; an existing folder (empty or not) is used as it is.
  let createdLocation = false;
  if (!statSync(location, { throwIfNoEntry: false })) {
    try {
      mkdirSync(location);
      createdLocation = true;
    } catch {
      out.failWith('pathNotFound', 'Wsl/ERROR_PATH_NOT_FOUND');
    }
  }
  try {
    if (file !== '-') {
      if (!vhd && looksLikeVhd(file)) out.fail(out.text('vhdHint'));
      if (!statSync(resolve(ctx.cwd, file), { throwIfNoEntry: false })?.isFile()) out.failWith('fileNotFound', 'Wsl/ERROR_FILE_NOT_FOUND');
    }
    await registerDistribution(ctx, { mode: 'import', name, location, file, vhd, version });
  } catch (error) {
    // The client removes the folder only if it made it (and only while empty).
    if (createdLocation) {
      try {
        rmdirSync(location);
      } catch {}
    }
    throw error;
  }
  out.success();
  return 0;
}
