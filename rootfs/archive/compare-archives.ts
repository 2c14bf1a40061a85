/**
 * Compares two image archives member by member (what `build --verify-reproducible` reports
 * when the two builds differ): the first members, in the first archive's order, whose type,
 * mode, owner, time, link, extended attributes or content differ, or that only one archive
 * has. With Debian's `diffoscope` installed, the differing files are extracted side by side and
 * its report on them is added (diffoscope reads sqlite databases, ELF files, caches… and says
 * what inside them differs).
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runProgram } from '../../common/run-program.js';
import { readTar, type TarEntry } from './tar-reader.js';

/** Differences reported (the first ones are what matters; the rest are usually consequences). */
export const MAX_REPORTED_DIFFERENCES = 10;
/** Lines of diffoscope's report kept. */
const MAX_DIFFOSCOPE_LINES = 200;
/** diffoscope gets this long on the extracted files before its report is left out. */
const DIFFOSCOPE_TIMEOUT_SECONDS = 120;

export interface MemberDifference {
  /** Member path as in the archive (`usr/lib/sysimage/rpm/rpmdb.sqlite`). */
  path: string;
  /** What differs, e.g. "content", "mtime 1700000000 ≠ 1700000001", "only in the first image". */
  what: string;
}

export interface ArchiveComparison {
  differences: MemberDifference[];
  /** All differing members (only the first MAX_REPORTED_DIFFERENCES are detailed). */
  total: number;
  /** diffoscope's text report on the first differing files, when diffoscope is installed. */
  diffoscope?: string;
}

interface MemberSummary {
  type: TarEntry['type'];
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  link?: string;
  xattrs: string;
  content?: string;
}

async function summarize(file: string, signal?: AbortSignal): Promise<{ order: string[]; members: Map<string, MemberSummary> }> {
  const order: string[] = [];
  const members = new Map<string, MemberSummary>();
  await readTar(
    file,
    async (entry, content) => {
      const xattrs = createHash('sha256');
      for (const name of Object.keys(entry.xattrs).sort()) xattrs.update(name).update('\0').update(entry.xattrs[name]!).update('\0');
      const summary: MemberSummary = {
        type: entry.type,
        mode: entry.mode,
        uid: entry.uid,
        gid: entry.gid,
        size: entry.size,
        mtime: entry.mtime,
        link: entry.linkTarget,
        xattrs: xattrs.digest('hex'),
      };
      if (entry.type === 'file') summary.content = createHash('sha256').update(await content(entry.size)).digest('hex');
      if (!members.has(entry.path)) order.push(entry.path);
      members.set(entry.path, summary);
    },
    { signal },
  );
  return { order, members };
}

function describe(a: MemberSummary, b: MemberSummary): string | undefined {
  const parts: string[] = [];
  if (a.type !== b.type) parts.push(`type ${a.type} ≠ ${b.type}`);
  if (a.content !== b.content) parts.push(a.size === b.size ? 'content' : `content (size ${a.size} ≠ ${b.size})`);
  if (a.mode !== b.mode) parts.push(`mode ${a.mode.toString(8)} ≠ ${b.mode.toString(8)}`);
  if (a.uid !== b.uid || a.gid !== b.gid) parts.push(`owner ${a.uid}:${a.gid} ≠ ${b.uid}:${b.gid}`);
  if (a.mtime !== b.mtime) parts.push(`mtime ${a.mtime} ≠ ${b.mtime}`);
  if (a.link !== b.link) parts.push(`link ${a.link ?? '-'} ≠ ${b.link ?? '-'}`);
  if (a.xattrs !== b.xattrs) parts.push('extended attributes');
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The member differences between two archives (empty when every member is the same). */
export async function compareArchiveMembers(first: string, second: string, signal?: AbortSignal): Promise<{ differences: MemberDifference[]; total: number }> {
  const a = await summarize(first, signal);
  const b = await summarize(second, signal);
  const all: MemberDifference[] = [];
  for (const path of a.order) {
    const other = b.members.get(path);
    if (!other) all.push({ path, what: 'only in the first image' });
    else {
      const what = describe(a.members.get(path)!, other);
      if (what) all.push({ path, what });
    }
  }
  for (const path of b.order) if (!a.members.has(path)) all.push({ path, what: 'only in the second image' });
  // Same members in another order also makes two archives differ.
  if (all.length === 0 && a.order.join('\0') !== b.order.join('\0')) {
    const at = a.order.findIndex((path, index) => b.order[index] !== path);
    all.push({ path: a.order[at]!, what: `member order (the second image has ${b.order[at]} here)` });
  }
  return { differences: all.slice(0, MAX_REPORTED_DIFFERENCES), total: all.length };
}

/** Writes the named file members of `archive` under `dir`. */
async function extractMembers(archive: string, paths: ReadonlySet<string>, dir: string, signal?: AbortSignal): Promise<void> {
  await readTar(
    archive,
    async (entry, content) => {
      if (entry.type !== 'file' || !paths.has(entry.path) || entry.path.split('/').includes('..')) return;
      const target = join(dir, ...entry.path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, await content(entry.size));
    },
    { signal },
  );
}

/** diffoscope's report on the differing files, or undefined when it is not installed or says nothing. */
async function diffoscopeReport(first: string, second: string, differences: readonly MemberDifference[], scratch: string, signal?: AbortSignal): Promise<string | undefined> {
  const paths = new Set(differences.filter((difference) => difference.what.startsWith('content')).map((difference) => difference.path));
  if (paths.size === 0) return undefined;
  const dirs = [join(scratch, 'first'), join(scratch, 'second')];
  try {
    await extractMembers(first, paths, dirs[0]!, signal);
    await extractMembers(second, paths, dirs[1]!, signal);
    const result = await runProgram('diffoscope', ['--text', '-', '--timeout', String(DIFFOSCOPE_TIMEOUT_SECONDS), '--exclude-directory-metadata', 'yes', dirs[0]!, dirs[1]!], { name: 'diffoscope', signal });
    // 1: differences found (the report is on stdout); 0: none; anything else: diffoscope failed.
    if (result.exitCode !== 1) return undefined;
    const lines = result.stdout.toString('utf8').split('\n');
    return lines.length > MAX_DIFFOSCOPE_LINES ? [...lines.slice(0, MAX_DIFFOSCOPE_LINES), `… (${lines.length - MAX_DIFFOSCOPE_LINES} more lines)`].join('\n') : lines.join('\n');
  } catch (error) {
    // A missing diffoscope is expected (it is optional); anything else only loses the detail.
    if (signal?.aborted) throw error;
    return undefined;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Compares two archives; `scratch` is a private folder for diffoscope's inputs (removed afterwards). */
export async function compareArchives(first: string, second: string, options: { scratch: string; signal?: AbortSignal }): Promise<ArchiveComparison> {
  const { differences, total } = await compareArchiveMembers(first, second, options.signal);
  if (differences.length === 0) return { differences, total };
  const diffoscope = await diffoscopeReport(first, second, differences, options.scratch, options.signal);
  return { differences, total, ...(diffoscope ? { diffoscope } : {}) };
}
