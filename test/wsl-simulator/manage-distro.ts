/**
 * `--manage <Name>` with exactly one of `--set-default-user`, `--move`, `--set-sparse`,
 * `--resize`. `--set-default-user` asks the distro itself through a nested wsl.exe
 * (`/usr/bin/id -u -- 'U'` as root) and terminates the instance when the uid changes;
 * `--move` really moves the disk folder.
 */
import type { WslOutput } from './wsl-output.js';
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runProgram } from '../../common/run-program.js';
import { parseWslBoolean } from '../../common/wsl-config-file.js';
import { parseMemorySize } from './memory-size.js';
import { lifecycleText } from './lifecycle-messages.js';
import { findInstalledByName, terminateInstance, type DistroKey } from './registry-store.js';
import { removeIfEmpty } from './register-distribution.js';
import { vhdPath, type SimulatorContext } from './simulator-context.js';
import { versionAtLeast } from './simulator-settings.js';
import { CLIENT_INVALID_ARGUMENT, VerbArguments } from './verb-arguments.js';

/** The first WSL with `--manage` (and its `--move`). */
const MANAGE_MIN_VERSION = '2.0.0';

type Action =
  | { kind: 'set-default-user'; user: string }
  | { kind: 'move'; location: string }
  | { kind: 'set-sparse'; sparse: boolean; allowUnsafe: boolean }
  | { kind: 'resize'; bytes: bigint };

/**
 * Runs `--manage` (WslClient.cpp Manage): parse every option first, then look the name up
 * (Installed only), THEN insist on exactly one action (else the usage text); returns the exit code.
 */
export async function manageDistro(ctx: SimulatorContext, args: string[]): Promise<number> {
  const out: WslOutput = ctx.out;
  // `--manage` arrived with WSL 2.0; the inbox wsl.exe and 1.x do not know the verb.
  if (ctx.settings.inbox || !versionAtLeast(ctx.settings, MANAGE_MIN_VERSION)) out.fail(out.text('invalidCommandLine', '--manage', 'wsl.exe'));
  let name: string | undefined;
  let sparse: boolean | undefined;
  let move: string | undefined;
  let defaultUser: string | undefined;
  let resize: bigint | undefined;
  let allowUnsafe = false;
  const parser = new VerbArguments(out)
    .positional(0, (value) => (name = value))
    .option('--set-sparse', 's', (value) => {
      sparse = parseWslBoolean(value);
      if (sparse === undefined) out.failWith('invalidBooleanArgument', CLIENT_INVALID_ARGUMENT, value);
    })
    .option('--move', 'm', (value) => (move = resolve(ctx.cwd, value)))
    .option('--resize', 'r', (value) => {
      resize = parseMemorySize(value);
      if (resize === undefined) out.failWith('invalidSize', CLIENT_INVALID_ARGUMENT, value);
    })
    .flag('--allow-unsafe', undefined, () => (allowUnsafe = true));
  // --set-default-user arrived in WSL 2.5; older clients refuse it like any unknown option.
  if (!ctx.settings.inbox && versionAtLeast(ctx.settings, '2.5.0')) parser.option('--set-default-user', undefined, (value) => (defaultUser = value));
  parser.parse(args);
  if (name === undefined) out.failUsage();
  const { registry } = await ctx.store.read();
  const found = findInstalledByName(registry, name);
  if (!found) out.failWith('distroNotFound', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND');
  const actions: Action[] = [];
  if (sparse !== undefined) actions.push({ kind: 'set-sparse', sparse, allowUnsafe });
  if (move !== undefined) actions.push({ kind: 'move', location: move });
  if (defaultUser !== undefined) actions.push({ kind: 'set-default-user', user: defaultUser });
  if (resize !== undefined) actions.push({ kind: 'resize', bytes: resize });
  if (actions.length !== 1) out.failUsage();
  const action = actions[0];
  const [guid, key] = found;
  switch (action.kind) {
    case 'set-default-user':
      return setDefaultUser(ctx, guid, action.user);
    case 'move':
      return moveDistro(ctx, guid, key, action.location);
    case 'set-sparse':
      await ctx.store.update((reg, instances, locks) => {
        const current = reg.subkeys[guid];
        if (!current) out.failWith('distroNotFound', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND');
        if (action.sparse && !action.allowUnsafe) out.failWith('sparseVhdDisabled', 'Wsl/Service/E_INVALIDARG');
        if (instances[guid]) out.failWith('vhdInUse', 'Wsl/Service/WSL_E_DISTRO_NOT_STOPPED');
        if (locks[guid]) out.failWith('invalidState', 'Wsl/Service/E_ILLEGAL_STATE_CHANGE');
        current.SimSparse = action.sparse ? 1 : 0;
      });
      out.success();
      return 0;
    case 'resize':
      await ctx.store.update((reg, instances, locks) => {
        const current = reg.subkeys[guid];
        if (!current) out.failWith('distroNotFound', 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND');
        if (locks[guid]) out.failWith('invalidState', 'Wsl/Service/E_ILLEGAL_STATE_CHANGE');
        // The VHD is attached while the distribution runs.
        if (instances[guid]) out.failWith('vhdInUse', 'Wsl/Service/WSL_E_DISTRO_NOT_STOPPED');
        current.SimVhdSizeBytes = Number(action.bytes);
      });
      out.success();
      return 0;
  }
}

/**
 * `--set-default-user U`: WSL runs `wsl.exe {guid} -u root /usr/bin/id -u -- 'U'` as a child,
 * passes its stderr through, keeps its stdout, and returns its exit code when it fails (a
 * failing child's own error text is swallowed: -1 with nothing printed); else the uid becomes
 * DefaultUid (ConfigureDistribution terminates the instance when it changes).
 */
async function setDefaultUser(ctx: SimulatorContext, guid: string, user: string): Promise<number> {
  const out: WslOutput = ctx.out;
  const child = await runProgram(ctx.wslExePath, [guid, '-u', 'root', '/usr/bin/id', '-u', '--', `'${user}'`], { name: 'wsl.exe (nested)', cwd: ctx.cwd });
  // The child's stderr passes through; coreutils' wording stands in for whatever `id` the test root ships.
  out.relayStderr(child.exitCode === 1 ? `id: ‘${user}’: no such user\n` : child.stderr);
  if (child.exitCode !== 0) return child.exitCode;
  const text = child.stdout.toString('utf8').replace(/[\r\n]+$/, '');
  // wcstoul must consume it all.
  if (!/^[ \t\n\v\f\r]*[+-]?\d*$/.test(text) || (text.trim() !== '' && !/\d/.test(text))) out.failWith('invalidData', 'Wsl/ERROR_INVALID_DATA');
  const uid = Number(text.trim() === '' ? 0 : BigInt(text.trim()) & 0xffffffffn);
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
 * (WSL_E_DISTRO_NOT_STOPPED), while an install or export holds it, or when another
 * registration (or this one) already uses the folder; the folder is created with its parents;
 * only the disk moves (MoveFileEx without REPLACE_EXISTING: an existing file there is
 * ERROR_ALREADY_EXISTS), then BasePath changes.
 */
async function moveDistro(ctx: SimulatorContext, guid: string, key: DistroKey, location: string): Promise<number> {
  const out: WslOutput = ctx.out;
  const service = 'Wsl/Service/MoveDistro';
  const target = resolve(ctx.cwd, location);
  const { registry, instances, locks } = await ctx.store.read();
  if (instances[guid]) out.failWith('vhdInUse', `${service}/WSL_E_DISTRO_NOT_STOPPED`);
  if (locks[guid]) out.failWith('invalidState', `${service}/E_ILLEGAL_STATE_CHANGE`);
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
