/**
 * Running something in a distribution, as wsl.exe + init do: pick the distro, start the
 * instance (snapshotting wsl.conf `[user] default` and DefaultUid, §2), run the OOBE for an
 * interactive launch while RunOOBE=1, choose the user (`-u` > wsl.conf > DefaultUid > root),
 * and relay the Linux program's stdio and exit status untouched (except 67 and 87).
 */
import type { WslOutput } from './wsl-output.js';
import { hostname } from 'node:os';
import { statSync } from 'node:fs';
import { hangupReceived, setForeground } from './cancellation.js';
import {
  DISTRIBUTION_CONF_OOBE_SCHEMA,
  DISTRIBUTION_CONF_PATH,
  WSL_CONF_PATH,
  WSL_CONF_SCHEMA,
  parseWslConfig,
} from '../../common/wsl-config-file.js';
import { DistroState, terminateInstance, type DistroKey, type InstanceSnapshot, type Locks, type LxssRegistry } from './registry-store.js';
import { groupsOf, readFileInRoot, readPasswd, resolveInRoot, type PasswdEntry } from './root-files.js';
import { exitStatus, spawnInRoot, type RootProcess } from './run-in-root.js';
import { rootfsPath, type SimulatorContext } from './simulator-context.js';

/** init exits 67 when `-u` names no user, and WSL maps any 67 to "User not found." */
export const EXIT_USER_NOT_FOUND = 67;
/** …and 87 to WSL_E_TTY_LIMIT. */
export const EXIT_TTY_LIMIT = 87;

export type LaunchCommand = { kind: 'shell'; text: string } | { kind: 'exec'; argv: string[] };

export interface LaunchRequest {
  /** Registry `{guid}`; absent = the default distribution. */
  distroId?: string;
  user?: string;
  cd?: string;
  shellType: 'standard' | 'login' | 'none';
  /** Absent: interactive launch (the default shell, after the OOBE if pending). */
  command?: LaunchCommand;
}

const ROOT_FALLBACK: PasswdEntry = { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/sh' };

/**
 * The distribution CreateInstance starts: the given id (a name was resolved to one while
 * parsing), else the default; not while an install or export holds it, and only Installed.
 */
export function pickDistro(ctx: SimulatorContext, registry: LxssRegistry, locks: Locks, id?: string): [string, DistroKey] {
  let guid = id;
  if (guid === undefined) {
    guid = registry.values.DefaultDistribution;
    if (guid === undefined || !registry.subkeys[guid]) ctx.out.fail(ctx.out.text('noDistros'));
  } else if (!registry.subkeys[guid]) {
    ctx.out.failWith('distroNotFound', 'Wsl/Service/CreateInstance/ReadDistroConfig/WSL_E_DISTRO_NOT_FOUND');
  }
  const key = registry.subkeys[guid];
  if (locks[guid] || key.State !== DistroState.Installed) ctx.out.failWith('invalidState', 'Wsl/Service/CreateInstance/E_ILLEGAL_STATE_CHANGE');
  return [guid, key];
}

/**
 * `[user] default` of the root's /etc/wsl.conf, read as init reads it when the instance starts;
 * its warnings reach the wsl.exe that started the instance as `wsl: …` (WslCoreInstance.cpp).
 */
function wslConfDefaultUser(ctx: SimulatorContext, rootfs: string): string | undefined {
  const bytes = readFileInRoot(rootfs, WSL_CONF_PATH);
  if (bytes === undefined) return undefined;
  const conf = parseWslConfig(bytes, { path: WSL_CONF_PATH, schema: WSL_CONF_SCHEMA });
  for (const warning of conf.warnings) ctx.out.warn(ctx.out.configWarning(warning));
  return conf.string('user.default');
}

/**
 * Starts the instance if it is stopped (taking the snapshot) and registers this process in
 * it; returns the snapshot in force.
 */
export async function enterInstance(ctx: SimulatorContext, guid: string): Promise<InstanceSnapshot> {
  return ctx.store.update((registry, instances) => {
    const key = registry.subkeys[guid];
    const now = Date.now();
    let instance = instances[guid];
    if (!instance) {
      instance = { startedAt: now, lastActivity: now, pids: [], snapshot: { defaultUid: key.DefaultUid } };
      const user = wslConfDefaultUser(ctx, rootfsPath(key));
      if (user !== undefined) instance.snapshot.wslConfDefaultUser = user;
      instances[guid] = instance;
    }
    if (!instance.pids.includes(process.pid)) instance.pids.push(process.pid);
    instance.lastActivity = now;
    return instance.snapshot;
  });
}

/** Unregisters this process from the instance; the idle timer starts when the last one leaves. */
export async function leaveInstance(ctx: SimulatorContext, guid: string): Promise<void> {
  await ctx.store.update((_registry, instances) => {
    const instance = instances[guid];
    if (!instance) return;
    instance.pids = instance.pids.filter((pid) => pid !== process.pid);
    instance.lastActivity = Date.now();
  });
}

/** The environment WSL gives a process (DefaultEnvironment + the user's identity). */
export function linuxEnvironment(key: DistroKey, user: PasswdEntry): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of key.DefaultEnvironment) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return { ...env, HOME: user.home, USER: user.name, LOGNAME: user.name, SHELL: user.shell, WSL_DISTRO_NAME: key.DistributionName, NAME: hostname(), WSLENV: '' };
}

/** A process spec for `user` in the distro's root. */
export function processFor(key: DistroKey, user: PasswdEntry, cwd: string, argv: string[]): Omit<RootProcess, 'stdio'> {
  const rootfs = rootfsPath(key);
  return { root: rootfs, uid: user.uid, gid: user.gid, groups: groupsOf(rootfs, user), cwd, argv, env: linuxEnvironment(key, user) };
}

/** Runs with the caller's stdin/stdout/stderr; resolves with the exit status. */
function runForeground(spec: Omit<RootProcess, 'stdio'>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawnInRoot({ ...spec, stdio: 'inherit' });
    setForeground(child);
    child.on('error', (error) => {
      setForeground(undefined);
      reject(error);
    });
    child.on('close', (code, signal) => {
      setForeground(undefined);
      if (signal === 'SIGHUP' && !hangupReceived()) rebooted = true;
      resolve(exitStatus(code, signal));
    });
  });
}

/**
 * Set when a program took its distribution down (`reboot -f` inside it): reboot(2) in a PID
 * namespace kills the namespace's first process with SIGHUP, which then reaches us without
 * anyone having hung up on this wsl.exe. WSL's instance ends with its init; so does ours.
 */
let rebooted = false;

function workingDirectory(rootfs: string, user: PasswdEntry, cd: string | undefined): string {
  // Real WSL starts in the translated Windows cwd (/mnt/c/…); there is no /mnt/c here, so home.
  const wanted = cd === undefined || cd === '~' ? user.home : cd.startsWith('/') ? cd : user.home;
  const host = resolveInRoot(rootfs, wanted);
  return host && statSync(host).isDirectory() ? wanted : '/';
}

/** The whole launch; resolves with wsl.exe's exit code. */
export async function launchDistro(ctx: SimulatorContext, request: LaunchRequest): Promise<number> {
  const out: WslOutput = ctx.out;
  const { settings } = ctx;
  const { registry, locks } = await ctx.store.read();
  const [guid, key] = pickDistro(ctx, registry, locks, request.distroId);
  if (settings.faults.has('virtualization-off')) out.failWith('enableVirtualization', 'Wsl/Service/CreateInstance/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED');
  if (settings.faults.has('feature-missing')) out.failWith('featureMissing', 'Wsl/Service/CreateInstance/CreateVm/HCS_E_SERVICE_NOT_AVAILABLE');
  const rootfs = rootfsPath(key);
  const snapshot = await enterInstance(ctx, guid);
  try {
    let forcedUid: number | undefined;
    if (request.command === undefined && key.RunOOBE === 1) {
      const oobe = await runOobe(ctx, guid, key);
      if (oobe.failed) return 1;
      forcedUid = oobe.defaultUid;
    }
    const passwd = readPasswd(rootfs);
    const byUid = (uid: number): PasswdEntry | undefined => passwd.find((p) => p.uid === uid);
    const root = byUid(0) ?? ROOT_FALLBACK;
    let user: PasswdEntry | undefined;
    if (forcedUid !== undefined) {
      user = byUid(forcedUid) ?? root;
    } else if (request.user !== undefined) {
      user = passwd.find((p) => p.name === request.user);
      if (!user) {
        out.relayStderr(`<3>WSL (1 - Relay) ERROR: CreateProcessParseCommon:863: getpwnam(${request.user}) failed 0\n`);
        out.failWith('userNotFound', 'Wsl/WSL_E_USER_NOT_FOUND');
      }
    } else {
      // An unknown `[user] default` only gets logged: fall through to DefaultUid, then root.
      if (snapshot.wslConfDefaultUser !== undefined) user = passwd.find((p) => p.name === snapshot.wslConfDefaultUser);
      user ??= byUid(snapshot.defaultUid) ?? root;
    }
    const cwd = workingDirectory(rootfs, user, request.cd);
    let argv: string[];
    const command = request.command;
    if (command === undefined) argv = [user.shell, '-l'];
    else if (command.kind === 'exec') argv = command.argv;
    else if (request.shellType === 'none') argv = splitWindowsCommandLine(command.text);
    else argv = request.shellType === 'login' ? [user.shell, '-l', '-c', command.text] : [user.shell, '-c', command.text];
    const status = await runForeground(processFor(key, user, cwd, argv));
    if (rebooted) await ctx.store.update((_registry, instances) => terminateInstance(instances, guid));
    if (status === EXIT_USER_NOT_FOUND) out.failWith('userNotFound', 'Wsl/WSL_E_USER_NOT_FOUND');
    if (status === EXIT_TTY_LIMIT) out.failWith('ttyLimit', 'Wsl/WSL_E_TTY_LIMIT');
    return status;
  } finally {
    await leaveInstance(ctx, guid);
  }
}

/**
 * The OOBE step of an interactive launch while RunOOBE=1 (init.cpp): `oobe.command` runs as root
 * if there is one; no command (no `[oobe]` section, or no file at all) counts as success. Success
 * clears RunOOBE and applies `oobe.defaultUid` to the registry and to this shell.
 */
async function runOobe(ctx: SimulatorContext, guid: string, key: DistroKey): Promise<{ failed: boolean; defaultUid?: number }> {
  const rootfs = rootfsPath(key);
  // Re-read from the installed distro on every attempt; init collects no warnings here.
  const bytes = readFileInRoot(rootfs, DISTRIBUTION_CONF_PATH) ?? Buffer.alloc(0);
  const conf = parseWslConfig(bytes, { path: WSL_CONF_PATH, schema: DISTRIBUTION_CONF_OOBE_SCHEMA });
  const command = conf.string('oobe.command');
  if (command !== undefined) {
    const root = readPasswd(rootfs).find((p) => p.uid === 0) ?? ROOT_FALLBACK;
    const status = await runForeground(processFor(key, root, '/', ['/bin/sh', '-c', command]));
    if (status !== 0) {
      ctx.out.relayStderr(`OOBE command "${command}" failed, exiting\n`);
      return { failed: true };
    }
  }
  const defaultUid = conf.integer('oobe.defaultUid');
  await ctx.store.update((registry, instances) => {
    const current = registry.subkeys[guid];
    if (!current) return;
    current.RunOOBE = 0;
    if (defaultUid !== undefined) {
      current.DefaultUid = defaultUid;
      // The running instance takes the new default too (WslCoreInstance ReadOOBEResult).
      if (instances[guid]) instances[guid].snapshot.defaultUid = defaultUid;
    }
  });
  return { failed: false, defaultUid };
}

/** CommandLineToArgvW's splitting rules (for `--shell-type none` on raw text). */
export function splitWindowsCommandLine(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) break;
    let arg = '';
    let quoted = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (!quoted && (ch === ' ' || ch === '\t')) break;
      if (ch === '\\') {
        let slashes = 0;
        while (text[i] === '\\') {
          slashes++;
          i++;
        }
        if (text[i] === '"') {
          arg += '\\'.repeat(Math.floor(slashes / 2));
          if (slashes % 2 === 1) arg += '"';
          else quoted = !quoted;
        } else {
          arg += '\\'.repeat(slashes);
          i--;
        }
        continue;
      }
      if (ch === '"') {
        if (quoted && text[i + 1] === '"') {
          arg += '"';
          i++;
        } else quoted = !quoted;
        continue;
      }
      arg += ch;
    }
    args.push(arg);
  }
  return args;
}
