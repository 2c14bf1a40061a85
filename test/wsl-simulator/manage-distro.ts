/**
 * `--manage <Name>` with exactly one of `--set-default-user`, `--move`, `--set-sparse`,
 * `--resize`. `--set-default-user` asks the distro itself (`/usr/bin/id -u -- U` as root) and
 * terminates the instance when the uid changes; `--move` really moves the disk folder.
 */
import type { WslOutput } from './wsl-output.js';
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runProgram } from '../../common/run-program.js';
import { enterInstance, leaveInstance, processFor } from './launch-distro.js';
import { findByName, terminateInstance, type DistroKey } from './registry-store.js';
import { lifecycleText } from './lifecycle-messages.js';
import { removeIfEmpty } from './register-distribution.js';
import { readPasswd } from './root-files.js';
import { runInRootCaptured } from './run-in-root.js';
import { rootfsPath, vhdPath, type SimulatorContext } from './simulator-context.js';
import { versionAtLeast } from './simulator-settings.js';
import { USAGE_TEXT } from './usage-text.js';

/** The first WSL with `--manage` (and its `--move`). */
const MANAGE_MIN_VERSION = '2.0.0';

const MEMORY_UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3, T: 1024 ** 4, TB: 1024 ** 4 };

type Action =
  | { kind: 'set-default-user'; user: string }
  | { kind: 'move'; location: string }
  | { kind: 'set-sparse'; sparse: boolean }
  | { kind: 'resize'; bytes: number };

/** Runs `--manage`; returns the exit code. */
export async function manageDistro(ctx: SimulatorContext, args: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  // `--manage` arrived with WSL 2.0; the inbox wsl.exe and 1.x do not know the verb.
  if (ctx.settings.inbox || !versionAtLeast(ctx.settings, MANAGE_MIN_VERSION)) out.failWith('invalidCommandLine', undefined, '--manage');
  const [name, ...rest] = args;
  if (name === undefined || name.startsWith('-')) out.fail(USAGE_TEXT);
  const actions: Action[] = [];
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined) out.failWith('missingArgument', undefined, option);
      return v;
    };
    if (option === '--set-default-user') {
      if (!versionAtLeast(ctx.settings, '2.5.0') || ctx.settings.inbox) out.failWith('invalidCommandLine', undefined, option);
      actions.push({ kind: 'set-default-user', user: value() });
    } else if (option === '--move') actions.push({ kind: 'move', location: value() });
    else if (option === '--set-sparse' || option === '-s') {
      const v = value().toLowerCase();
      if (v !== 'true' && v !== 'false') out.fail(USAGE_TEXT);
      actions.push({ kind: 'set-sparse', sparse: v === 'true' });
    } else if (option === '--allow-unsafe') {
      // Accepted with --set-sparse.
    } else if (option === '--resize') {
      const v = value();
      const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?B?)$/i.exec(v);
      if (!match) out.failWith('parameterIncorrect', 'Wsl/E_INVALIDARG');
      actions.push({ kind: 'resize', bytes: Math.round(Number(match[1]) * MEMORY_UNITS[match[2].toUpperCase()]) });
    } else out.failWith('invalidCommandLine', undefined, option);
  }
  if (actions.length !== 1) out.fail(USAGE_TEXT);
  const action = actions[0];
  const { registry } = await ctx.store.read();
  const found = findByName(registry, name);
  if (!found) out.failWith('distroNotFound', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND');
  const [guid, key] = found;
  switch (action.kind) {
    case 'set-default-user':
      return setDefaultUser(ctx, guid, key, action.user);
    case 'move':
      return moveDistro(ctx, guid, key, action.location);
    case 'set-sparse':
    case 'resize':
      await ctx.store.update((reg, instances) => {
        const current = reg.subkeys[guid];
        if (!current) out.failWith('distroNotFound', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND');
        terminateInstance(instances, guid);
        if (action.kind === 'set-sparse') current.SimSparse = action.sparse ? 1 : 0;
        else current.SimVhdSizeBytes = action.bytes;
      });
      out.success();
      return 0;
  }
}

async function setDefaultUser(ctx: SimulatorContext, guid: string, key: DistroKey, user: string): Promise<number> {
  const out: WslOutput = ctx.out;
  const { settings } = ctx;
  if (settings.faults.has('virtualization-off')) out.failWith('enableVirtualization', 'Wsl/Service/CreateInstance/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED');
  if (settings.faults.has('feature-missing')) out.failWith('featureMissing', 'Wsl/Service/CreateInstance/CreateVm/HCS_E_SERVICE_NOT_AVAILABLE');
  // wsl.exe {guid} -u root /usr/bin/id -u -- '<U>': a launch, so the instance starts.
  await enterInstance(ctx, guid);
  let result;
  try {
    const root = readPasswd(rootfsPath(key)).find((p) => p.uid === 0) ?? { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/sh' };
    result = await runInRootCaptured(processFor(key, root, '/', ['/usr/bin/id', '-u', '--', user]));
  } finally {
    await leaveInstance(ctx, guid);
  }
  if (result.exitCode !== 0) {
    // coreutils' wording (what Azure Linux's id prints), whatever `id` the test root ships.
    out.relayStderr(result.exitCode === 1 ? `id: ‘${user}’: no such user\n` : result.stderr);
    return result.exitCode;
  }
  const uid = Number(result.stdout.toString('utf8').trim());
  await ctx.store.update((registry, instances) => {
    const current = registry.subkeys[guid];
    if (!current) return;
    if (current.DefaultUid !== uid) {
      current.DefaultUid = uid;
      terminateInstance(instances, guid);
    }
  });
  out.success();
  return 0;
}

/**
 * LxssUserSessionImpl::MoveDistribution: refused while the instance runs
 * (WSL_E_DISTRO_NOT_STOPPED) or when another registration (or this one) already uses the
 * folder; the folder is created with its parents; only the disk moves (MoveFileEx without
 * REPLACE_EXISTING: an existing file there is ERROR_ALREADY_EXISTS), then BasePath changes.
 */
async function moveDistro(ctx: SimulatorContext, guid: string, key: DistroKey, location: string): Promise<number> {
  const out: WslOutput = ctx.out;
  const service = 'Wsl/Service/MoveDistro';
  const target = resolve(ctx.cwd, location);
  const { registry, instances } = await ctx.store.read();
  if (instances[guid]) out.fail(lifecycleText(ctx, 'vhdInUse'), `${service}/WSL_E_DISTRO_NOT_STOPPED`);
  if (Object.values(registry.subkeys).some((k) => resolve(k.BasePath) === target)) out.failWith('locationInUse', `${service}/ERROR_FILE_EXISTS`);
  try {
    mkdirSync(target, { recursive: true });
  } catch {
    out.failWith('pathNotFound', `${service}/ERROR_PATH_NOT_FOUND`);
  }
  const newVhd = join(target, key.VhdFileName);
  if (statSync(newVhd, { throwIfNoEntry: false })) out.fail(lifecycleText(ctx, 'alreadyExists'), `${service}/ERROR_ALREADY_EXISTS`);
  await moveEntry(vhdPath(key), newVhd);
  const oldIcon = join(key.BasePath, 'shortcut.ico');
  if (statSync(oldIcon, { throwIfNoEntry: false })) await moveEntry(oldIcon, join(target, 'shortcut.ico'));
  await removeIfEmpty(key.BasePath);
  await ctx.store.update((reg) => {
    if (reg.subkeys[guid]) reg.subkeys[guid].BasePath = target;
  });
  out.success();
  return 0;
}

/** rename(2), or `mv` across file systems (keeps owners, modes, xattrs). */
async function moveEntry(from: string, to: string): Promise<void> {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const result = await runProgram('mv', ['--', from, to], { name: 'mv' });
    if (result.exitCode !== 0) throw new Error(`wsl simulator: moving ${from} failed: ${result.stderr.toString('utf8')}`);
  }
}
