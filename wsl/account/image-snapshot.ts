/**
 * The account files of an image read from the image file itself: right after `wsl --import`
 * (or `--install --from-file --no-launch`) the distribution's files are exactly the archive's,
 * so the installer reads them here, alongside the registration, instead of with one more
 * wsl.exe call afterwards. Paths resolve through the image's own links, never the host's.
 * The same pass gives the image's SHA-256 and os-release for the install record.
 */
import { createHash } from 'node:crypto';
import { sha256OfFile } from '../../common/file-checks.js';
import { indexArchive, loadContents, resolveInArchive, type ArchiveIndex } from '../../rootfs/validate/archive-index.js';
import type { MemberRules } from '../../rootfs/validate/member-rules.js';
import type { DistroSnapshot } from './setup-first-account.js';
import { parsePasswd } from './validate-account.js';
import { parseFirstRun } from './first-run.js';

const SNAPSHOT_FILES = ['/etc/passwd', '/etc/wsl.conf', '/etc/wsl-distribution.conf', '/etc/os-release'];

/** A regular file's text after following links (what `[ -f ]` then `cat` give), else undefined. */
function fileText(index: ArchiveIndex, path: string): string | undefined {
  const item = resolveInArchive(index, path)?.item;
  return item?.entry.type === 'file' ? (item.content?.toString('utf8') ?? (item.entry.size === 0 ? '' : undefined)) : undefined;
}

/** `KEY=value` lines of os-release, quotes removed. */
export function parseOsRelease(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    values[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return values;
}

/** What the installer learns from one read of the image file. */
export interface ImageFacts {
  /** The account files; undefined when the image has no readable /etc/passwd. */
  snapshot?: DistroSnapshot;
  /** /etc/os-release (links followed), empty when missing. */
  osRelease: Record<string, string>;
  /** SHA-256 of the file as stored. */
  sha256: string;
  /** Members WSL's extractor would refuse or that must not be in an image (member-rules.ts). */
  members?: MemberRules;
}

/** Reads the image once: account files, os-release and the file's SHA-256. */
export async function readImageFacts(file: string, signal?: AbortSignal): Promise<ImageFacts> {
  const hash = createHash('sha256');
  const index = await indexArchive(file, signal, { onFileData: (chunk) => hash.update(chunk) });
  // xz and bzip2 are read by a child program: hash the file on its own then.
  const sha256 = index.fileDataSeen ? hash.digest('hex') : await sha256OfFile(file, signal);
  await loadContents(index, file, SNAPSHOT_FILES, signal);
  const osRelease = parseOsRelease(fileText(index, '/etc/os-release') ?? '');
  const passwd = fileText(index, '/etc/passwd');
  const members = index.members;
  if (passwd === undefined) return { osRelease, sha256, members };
  const firstRun = parseFirstRun(fileText(index, '/etc/wsl-distribution.conf') ?? '');
  const bash = resolveInArchive(index, '/bin/bash')?.item;
  const snapshot: DistroSnapshot = {
    passwd: parsePasswd(passwd),
    wslConf: fileText(index, '/etc/wsl.conf'),
    firstRunCommand: firstRun.command,
    firstRunDefaultUid: firstRun.defaultUid,
    hasBash: bash?.entry.type === 'file' && (bash.entry.mode & 0o111) !== 0,
  };
  return { snapshot, osRelease, sha256, members };
}

/** What setupFirstAccount's live snapshot would read, taken from the image archive `file`. */
export async function readImageSnapshot(file: string, signal?: AbortSignal): Promise<DistroSnapshot> {
  const facts = await readImageFacts(file, signal);
  if (!facts.snapshot) throw new Error('The image has no readable /etc/passwd.');
  return facts.snapshot;
}
