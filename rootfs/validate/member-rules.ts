/**
 * The rules every member of an image must follow to be extracted safely and identically by
 * WSL's bsdtar (and GNU tar): checked as the archive streams past, in archive order, because
 * "a symlink, then a file written through it" depends on order. The validator reports them as
 * errors and the installer refuses an image that breaks any of them, so `validate` says "0
 * errors" only for an image `install` accepts.
 */
import type { TarEntry } from '../archive/tar-reader.js';

/** One broken rule, as the validator reports it. */
export interface MemberProblem {
  rule: 'member-path' | 'member-absolute' | 'member-device' | 'member-through-symlink' | 'member-hardlink' | 'member-linkpath';
  message: string;
  path: string;
}

/** Problems of one rule kept with their text; beyond this only a count is kept. */
export const MAX_PROBLEMS_PER_RULE = 10;

/** Checks members one by one; `problems` and `counts` hold the result. */
export class MemberRules {
  readonly problems: MemberProblem[] = [];
  /** How many members broke each rule (also those beyond the kept texts). */
  readonly counts = new Map<MemberProblem['rule'], number>();
  /** Paths of symlink members seen so far, for the write-through rule. */
  private readonly symlinks = new Set<string>();
  /** Paths of members seen so far, for hard links (which must point back at one). */
  private readonly seen?: Set<string>;

  /**
   * `isEarlierMember` answers whether a path was already a member (the archive index's own
   * map, so the names are not held twice); without it the rules keep their own set.
   */
  constructor(private readonly isEarlierMember?: (path: string) => boolean) {
    if (!isEarlierMember) this.seen = new Set();
  }

  private add(rule: MemberProblem['rule'], path: string, message: string): void {
    const count = (this.counts.get(rule) ?? 0) + 1;
    this.counts.set(rule, count);
    if (count <= MAX_PROBLEMS_PER_RULE) this.problems.push({ rule, message, path });
  }

  /** Checks one member (in archive order). */
  check(entry: TarEntry): void {
    const { path } = entry;
    const shown = `/${path}`;
    const parts = path.split('/');
    if (parts.includes('..')) {
      this.add('member-path', path, `The member "${path}" contains "..": WSL refuses the whole archive.`);
      return;
    }
    if (entry.absolute) this.add('member-absolute', shown, `The member "${shown}" is stored with an absolute path; pack the root's content with relative names (./etc/…).`);
    if ((entry.type === 'char' || entry.type === 'block' || entry.type === 'fifo') && !path.startsWith('dev/')) {
      const kind = entry.type === 'fifo' ? 'a FIFO' : `a ${entry.type} device node`;
      this.add('member-device', shown, `${shown} is ${kind} outside /dev; an image must not carry device nodes (a disk of the machine it is unpacked on) or FIFOs elsewhere.`);
    }
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (this.symlinks.has(prefix)) {
        this.add('member-through-symlink', shown, `${shown} is written through the symlink /${prefix} stored before it; WSL's extractor refuses to write through links.`);
        break;
      }
    }
    if (entry.type === 'hardlink') {
      const target = entry.linkTarget ?? '';
      const raw = entry.rawLinkTarget ?? target;
      if (raw.startsWith('/') || raw.split('/').includes('..')) {
        this.add('member-hardlink', shown, `The hard link ${shown} points at "${raw}"; hard links must name an earlier member by its relative path.`);
      } else if (!(this.isEarlierMember ? this.isEarlierMember(target) : this.seen!.has(target))) {
        this.add('member-hardlink', shown, `The hard link ${shown} points at "${raw}", which is not an earlier member of the archive.`);
      }
    }
    if (entry.type === 'symlink' && climbsAboveRoot(path, entry.linkTarget ?? '')) {
      this.add('member-linkpath', shown, `The symlink ${shown} points at "${entry.linkTarget}", above the image's root.`);
    }
    if (entry.type === 'symlink') this.symlinks.add(path);
    else this.symlinks.delete(path);
    this.seen?.add(path);
  }
}

/** True when a relative link target, resolved from the link's folder, climbs above the root. */
export function climbsAboveRoot(linkPath: string, target: string): boolean {
  if (target.startsWith('/')) return false; // absolute targets restart at the image's root
  let depth = linkPath.split('/').length - 1; // the link's folder
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (--depth < 0) return true;
    } else depth++;
  }
  return false;
}

/** The problems as text for an error's detail (one per line, then the counts beyond the kept ones). */
export function describeMemberProblems(rules: MemberRules): string {
  const lines = rules.problems.map((problem) => `[${problem.rule}] ${problem.message}`);
  for (const [rule, count] of rules.counts) if (count > MAX_PROBLEMS_PER_RULE) lines.push(`[${rule}] ${count - MAX_PROBLEMS_PER_RULE} more members`);
  return lines.join('\n');
}
