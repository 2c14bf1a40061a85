/**
 * Reading files of an extracted root the way WSL does after `chroot`: symlinks (absolute or
 * relative) resolve inside the root and `..` never climbs above it.
 */
import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Linux's limit on symlinks followed in one lookup (ELOOP). */
const MAX_SYMLINK_HOPS = 40;

/** The host path of `linuxPath` inside `root`, following symlinks inside it; undefined if missing. */
export function resolveInRoot(root: string, linuxPath: string): string | undefined {
  const done: string[] = [];
  let pending = linuxPath.split('/').filter((part) => part !== '' && part !== '.');
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      done.pop();
      continue;
    }
    const hostPath = join(root, ...done, part);
    let isLink = false;
    try {
      isLink = lstatSync(hostPath).isSymbolicLink();
    } catch {
      return undefined;
    }
    if (!isLink) {
      done.push(part);
      continue;
    }
    if (++hops > MAX_SYMLINK_HOPS) return undefined;
    const target = readlinkSync(hostPath);
    if (target.startsWith('/')) done.length = 0;
    pending = [...target.split('/').filter((p) => p !== '' && p !== '.'), ...pending];
  }
  return join(root, ...done);
}

/** True when `linuxPath` exists in the root (after resolving symlinks inside it). */
export function existsInRoot(root: string, linuxPath: string): boolean {
  return resolveInRoot(root, linuxPath) !== undefined;
}

/** A regular file's bytes, or undefined when missing, not a file, or larger than `maxBytes`. */
export function readFileInRoot(root: string, linuxPath: string, maxBytes = Infinity): Buffer | undefined {
  const hostPath = resolveInRoot(root, linuxPath);
  if (!hostPath) return undefined;
  try {
    const stat = statSync(hostPath);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    return readFileSync(hostPath);
  } catch {
    return undefined;
  }
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** The root's /etc/passwd (never the host's). */
export function readPasswd(root: string): PasswdEntry[] {
  const text = readFileInRoot(root, '/etc/passwd')?.toString('utf8') ?? '';
  const entries: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 7 || line.startsWith('#')) continue;
    const uid = Number(fields[2]);
    const gid = Number(fields[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) continue;
    entries.push({ name: fields[0], uid, gid, home: fields[5] || '/', shell: fields[6] || '/bin/sh' });
  }
  return entries;
}

/** Supplementary groups of a user from the root's /etc/group, primary group first (initgroups). */
export function groupsOf(root: string, user: PasswdEntry): number[] {
  const text = readFileInRoot(root, '/etc/group')?.toString('utf8') ?? '';
  const groups = [user.gid];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 4) continue;
    const gid = Number(fields[2]);
    const members = fields[3].split(',').map((m) => m.trim());
    if (Number.isInteger(gid) && members.includes(user.name) && !groups.includes(gid)) groups.push(gid);
  }
  return groups;
}

/** `ID=` and `VERSION_ID=` of /etc/os-release (falling back to /usr/lib/os-release). */
export function readOsRelease(root: string): { id?: string; versionId?: string } {
  const bytes = readFileInRoot(root, '/etc/os-release') ?? readFileInRoot(root, '/usr/lib/os-release');
  const result: { id?: string; versionId?: string } = {};
  for (const line of (bytes?.toString('utf8') ?? '').split('\n')) {
    const match = /^\s*(ID|VERSION_ID)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const value = match[2].replace(/^(["'])(.*)\1$/, '$2');
    if (match[1] === 'ID') result.id = value;
    else result.versionId = value;
  }
  return result;
}
