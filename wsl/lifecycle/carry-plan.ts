/**
 * What an upgrade takes from the old distribution into the new image, decided from the two
 * archives before anything changes: the accounts (account-merge.ts), their sudoers drop-ins,
 * every /etc/wsl.conf setting (the old value wins, `[user] default` kept), the SSH host keys,
 * and the user's --keep paths next to /home. /etc files that differ from the new image and are
 * not among those are listed for review, never merged. Anything that would make the result
 * unsafe (an account clash, the default user's shell missing from the new image, a --keep path
 * WSL owns) is a conflict, and the upgrade is refused with nothing changed.
 */
import { posix } from 'node:path';
import { resolveInArchive, type ArchiveIndex } from '../../rootfs/validate/archive-index.js';
import { parseWslConfig } from '../../common/wsl-config-file.js';
import { isAzlError } from '../../common/errors.js';
import { isValidConfName, mergeWslConf } from '../account/wsl-conf.js';
import { gidOfGroup, groupNameOf, mergeAccounts, type AccountFiles, type AccountMerge } from './account-merge.js';

/** A file written into the new distribution as root. */
export interface CarriedFile {
  /** Absolute path inside the distribution. */
  path: string;
  content: Buffer;
  mode: number;
  uid: number;
  gid: number;
}

/** An /etc file that differs from the new image and was not carried. */
export interface EtcChange {
  path: string;
  kind: 'changed' | 'only-in-old';
}

export interface CarryPlan {
  files: CarriedFile[];
  accounts: AccountMerge;
  defaultUser?: string;
  /** `section.key` names of wsl.conf settings carried. */
  wslConfKeys: string[];
  sudoers: string[];
  sshHostKeys: string[];
  /** Trees copied from the old distribution whole: /home and the --keep paths. */
  trees: string[];
  conflicts: string[];
}

/** Trees always copied. */
export const ALWAYS_KEPT_TREES = ['/home'];

/** Folders a --keep path may not be in: WSL's own mounts and what every boot remakes. */
const FORBIDDEN_KEEP_TREES = ['/proc', '/sys', '/dev', '/run', '/mnt', '/tmp', '/usr/lib/wsl'];
/** Paths the account merge and wsl.conf merge own (or the whole root). */
const FORBIDDEN_KEEP_PATHS = ['/', '/etc', '/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow', '/etc/wsl.conf'];

/** Files WSL or the system regenerate: never reported as changes. */
const GENERATED_ETC = new Set([
  'etc/passwd-',
  'etc/shadow-',
  'etc/group-',
  'etc/gshadow-',
  'etc/machine-id',
  'etc/hostname',
  'etc/hosts',
  'etc/resolv.conf',
  'etc/mtab',
  'etc/ld.so.cache',
  'etc/.pwd.lock',
  'etc/.updated',
  'etc/azl-wsl/install.json',
  // The image's own identity: always differs between images.
  'etc/os-release',
  'etc/system-release',
  'etc/azurelinux-release',
]);

/** Normalizes a --keep path; a `problem` sentence when it cannot be kept. */
export function normalizeKeepPath(path: string): { path?: string; problem?: string } {
  if (!path.startsWith('/')) return { problem: `--keep needs an absolute path inside the distribution, not "${path}".` };
  if (path.split('/').includes('..')) return { problem: `--keep paths may not contain "..": ${path}.` };
  const normalized = posix.normalize(path).replace(/\/+$/, '') || '/';
  if (FORBIDDEN_KEEP_PATHS.includes(normalized)) return { problem: `${normalized} cannot be kept whole: the upgrade merges it (or it is the whole distribution).` };
  const tree = FORBIDDEN_KEEP_TREES.find((bad) => normalized === bad || normalized.startsWith(`${bad}/`));
  if (tree) return { problem: `${normalized} cannot be kept: ${tree} belongs to WSL or is made anew at every start.` };
  return { path: normalized };
}

/** /home and the valid --keep paths (the ones with a problem are reported by planCarry). */
export function keptTrees(keep: readonly string[] = []): string[] {
  const trees = [...ALWAYS_KEPT_TREES];
  for (const raw of keep) {
    const { path } = normalizeKeepPath(raw);
    if (path && !trees.some((tree) => path === tree || path.startsWith(`${tree}/`))) trees.push(path);
  }
  return trees;
}

function fileItem(index: ArchiveIndex, path: string): { content: Buffer; mode: number; uid: number; gid: number } | undefined {
  const item = resolveInArchive(index, path)?.item;
  if (item?.entry.type !== 'file') return undefined;
  const content = item.content ?? (item.entry.size === 0 ? Buffer.alloc(0) : undefined);
  return content ? { content, mode: item.entry.mode, uid: item.entry.uid, gid: item.entry.gid } : undefined;
}

function text(index: ArchiveIndex, path: string): string | undefined {
  return fileItem(index, path)?.content.toString('utf8');
}

/** Regular files directly under a folder of the index (member paths without a leading slash). */
function filesUnder(index: ArchiveIndex, folder: string): string[] {
  const prefix = `${folder}/`;
  return [...index.entries.keys()].filter((path) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/') && index.entries.get(path)?.entry.type === 'file').sort();
}

/** The account files of an indexed root. */
export function accountFilesOf(index: ArchiveIndex): AccountFiles {
  return { passwd: text(index, '/etc/passwd'), shadow: text(index, '/etc/shadow'), group: text(index, '/etc/group'), gshadow: text(index, '/etc/gshadow') };
}

/** Every setting WSL reads from a wsl.conf (the first of duplicates; nothing after an invalid line), names as written. */
export function wslConfEntries(conf: string): Array<{ section: string; key: string; value: string }> {
  return parseWslConfig(conf)
    .entries.filter((entry) => entry.used && entry.name.includes('.'))
    .map((entry) => {
      const dot = entry.name.indexOf('.');
      return { section: entry.name.slice(0, dot), key: entry.name.slice(dot + 1), value: entry.text };
    });
}

/**
 * The user a distribution starts as by configuration (what a restart gives, whatever the
 * running instance took): wsl.conf `[user] default` when that account exists, else the
 * registration's default uid, else root.
 */
export function configuredDefaultUser(index: ArchiveIndex, defaultUid: number | undefined): string {
  const passwd = (text(index, '/etc/passwd') ?? '').split('\n').map((line) => line.split(':')).filter((fields) => fields.length >= 7);
  const conf = wslConfEntries(text(index, '/etc/wsl.conf') ?? '').find((entry) => entry.section.toLowerCase() === 'user' && entry.key.toLowerCase() === 'default');
  if (conf && passwd.some((fields) => fields[0] === conf.value)) return conf.value;
  const byUid = defaultUid === undefined ? undefined : passwd.find((fields) => Number(fields[2]) === defaultUid);
  return byUid?.[0] ?? 'root';
}

/** Whether the root's wsl.conf itself names `user` as the default (then WSL needs nothing in the registration). */
export function wslConfNamesDefaultUser(index: ArchiveIndex, user: string | undefined): boolean {
  if (!user) return false;
  const conf = wslConfEntries(text(index, '/etc/wsl.conf') ?? '').find((entry) => entry.section.toLowerCase() === 'user' && entry.key.toLowerCase() === 'default');
  return conf?.value === user;
}

/** Whether `content` names a user or group as a sudoers subject (`jane`, `%devs`). */
function mentions(content: string, names: readonly string[]): boolean {
  return names.some((name) => new RegExp(`(^|[\\s,=%!])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([\\s,:=]|$)`, 'm').test(content));
}

/** Decides what is carried, from the old distribution's archive and the new image's. */
export function planCarry(options: { oldIndex: ArchiveIndex; newIndex: ArchiveIndex; defaultUser?: string; keep?: readonly string[] }): CarryPlan {
  const { oldIndex, newIndex } = options;
  const conflicts: string[] = [];
  const files: CarriedFile[] = [];
  const oldAccounts = accountFilesOf(oldIndex);
  const newAccounts = accountFilesOf(newIndex);
  if (newAccounts.passwd === undefined) conflicts.push('The new image has no /etc/passwd.');
  const accounts = mergeAccounts(oldAccounts, newAccounts);
  conflicts.push(...accounts.conflicts);

  const owned = (path: string, fallbackMode: number): { mode: number; uid: number; gid: number } => {
    const item = fileItem(newIndex, path);
    return item ? { mode: item.mode, uid: item.uid, gid: item.gid } : { mode: fallbackMode, uid: 0, gid: 0 };
  };
  for (const [name, mode] of [['passwd', 0o644], ['shadow', 0o000], ['group', 0o644], ['gshadow', 0o000]] as const) {
    const content = accounts.files[name];
    if (content !== undefined) files.push({ path: `/etc/${name}`, content: Buffer.from(content), ...owned(`/etc/${name}`, mode) });
  }

  // The default user: root is what a bare registration gives anyway.
  const defaultUser = options.defaultUser && options.defaultUser !== 'root' ? options.defaultUser : undefined;
  if (defaultUser) {
    const account = accounts.users.find((user) => user.name === defaultUser);
    if (!account && !conflicts.some((conflict) => conflict.includes(`"${defaultUser}"`))) {
      conflicts.push(`The default user "${defaultUser}" is not a regular account (uid 1000–59999), so it cannot be carried.`);
    } else if (account) {
      const shell = resolveInArchive(newIndex, account.shell)?.item?.entry;
      if (!shell || shell.type !== 'file' || (shell.mode & 0o111) === 0) {
        conflicts.push(`${defaultUser}'s login shell ${account.shell} is not in the new image.`);
      }
    }
  }

  // wsl.conf: the new image's file with every old setting over it, and the default user.
  const oldConf = text(oldIndex, '/etc/wsl.conf');
  const newConf = text(newIndex, '/etc/wsl.conf') ?? '';
  const updates: Record<string, Record<string, string>> = {};
  const wslConfKeys: string[] = [];
  for (const entry of wslConfEntries(oldConf ?? '')) {
    if (!isValidConfName(entry.section) || !isValidConfName(entry.key)) continue;
    (updates[entry.section] ??= {})[entry.key] = entry.value;
    wslConfKeys.push(`${entry.section}.${entry.key}`);
  }
  if (defaultUser) {
    const userSection = Object.keys(updates).find((section) => section.toLowerCase() === 'user') ?? 'user';
    const userKey = Object.keys(updates[userSection] ?? {}).find((key) => key.toLowerCase() === 'default') ?? 'default';
    (updates[userSection] ??= {})[userKey] = defaultUser;
    if (!wslConfKeys.some((key) => key.toLowerCase() === 'user.default')) wslConfKeys.push('user.default');
  }
  if (Object.keys(updates).length > 0) {
    try {
      files.push({ path: '/etc/wsl.conf', content: Buffer.from(mergeWslConf(newConf, updates)), ...owned('/etc/wsl.conf', 0o644) });
    } catch (error) {
      if (!isAzlError(error)) throw error;
      conflicts.push(`The new image's /etc/wsl.conf cannot take the old settings: ${error.message}`);
    }
  }

  // sudoers drop-ins: the user's own (absent from the new image), or any naming a carried account.
  const carriedNames = [...accounts.users.map((user) => user.name), ...accounts.groupsCarried.map((group) => group.replace(/ \(gid \d+\)$/, ''))];
  const sudoers: string[] = [];
  for (const path of filesUnder(oldIndex, 'etc/sudoers.d')) {
    const item = fileItem(oldIndex, `/${path}`);
    if (!item) continue;
    const inNew = fileItem(newIndex, `/${path}`);
    if (inNew?.content.equals(item.content)) continue;
    if (inNew && !mentions(item.content.toString('utf8'), carriedNames)) continue;
    files.push({ path: `/${path}`, content: item.content, mode: 0o440, uid: 0, gid: 0 });
    sudoers.push(`/${path}`);
  }

  // SSH host keys, re-owned by group name (ssh_keys may have another gid in the new image).
  const sshHostKeys: string[] = [];
  for (const path of filesUnder(oldIndex, 'etc/ssh').filter((candidate) => /^etc\/ssh\/ssh_host_[A-Za-z0-9_]+_key(\.pub)?$/.test(candidate))) {
    const item = fileItem(oldIndex, `/${path}`);
    if (!item) continue;
    const groupName = groupNameOf(oldAccounts.group, item.gid);
    const gid = groupName === undefined ? 0 : (gidOfGroup(accounts.files.group, groupName) ?? 0);
    files.push({ path: `/${path}`, content: item.content, mode: item.mode, uid: 0, gid });
    sshHostKeys.push(`/${path}`);
  }

  for (const raw of options.keep ?? []) {
    const { problem } = normalizeKeepPath(raw);
    if (problem) conflicts.push(problem);
  }
  const trees = keptTrees(options.keep);

  return { files, accounts, defaultUser, wslConfKeys, sudoers, sshHostKeys, trees, conflicts };
}

/** /etc files of the old distribution that differ from the new image and were not carried. */
export function etcChanges(oldIndex: ArchiveIndex, newIndex: ArchiveIndex, plan: Pick<CarryPlan, 'files' | 'trees'>): EtcChange[] {
  const carried = new Set(plan.files.map((file) => file.path.slice(1)));
  const changes: EtcChange[] = [];
  for (const [path, item] of oldIndex.entries) {
    if (!path.startsWith('etc/') || item.entry.type !== 'file' || carried.has(path) || GENERATED_ETC.has(path)) continue;
    if (plan.trees.some((tree) => `/${path}` === tree || `/${path}`.startsWith(`${tree}/`))) continue;
    const other = newIndex.entries.get(path);
    if (!other || other.entry.type !== 'file') {
      changes.push({ path: `/${path}`, kind: 'only-in-old' });
      continue;
    }
    const same = item.content && other.content ? item.content.equals(other.content) : item.entry.size === other.entry.size;
    if (!same) changes.push({ path: `/${path}`, kind: 'changed' });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : 1));
}
