/**
 * The account files of an image read from the image file itself: right after `wsl --import`
 * (or `--install --from-file --no-launch`) the distribution's files are exactly the archive's,
 * so the installer reads them here, alongside the registration, instead of with one more
 * wsl.exe call afterwards. Paths resolve through the image's own links, never the host's.
 */
import { indexArchive, loadContents, resolveInArchive, type ArchiveIndex } from '../../rootfs/validate/archive-index.js';
import type { DistroSnapshot } from './setup-first-account.js';
import { parsePasswd } from './validate-account.js';
import { parseWslConf } from './wsl-conf.js';

const SNAPSHOT_FILES = ['/etc/passwd', '/etc/wsl.conf', '/etc/wsl-distribution.conf'];

/** A regular file's text after following links (what `[ -f ]` then `cat` give), else undefined. */
function fileText(index: ArchiveIndex, path: string): string | undefined {
  const item = resolveInArchive(index, path)?.item;
  return item?.entry.type === 'file' ? (item.content?.toString('utf8') ?? (item.entry.size === 0 ? '' : undefined)) : undefined;
}

/** What setupFirstAccount's live snapshot would read, taken from the image archive `file`. */
export async function readImageSnapshot(file: string, signal?: AbortSignal): Promise<DistroSnapshot> {
  const index = await indexArchive(file, signal);
  await loadContents(index, file, SNAPSHOT_FILES, signal);
  const passwd = fileText(index, '/etc/passwd');
  if (passwd === undefined) throw new Error('The image has no readable /etc/passwd.');
  const command = parseWslConf(fileText(index, '/etc/wsl-distribution.conf') ?? '').oobe?.command;
  const bash = resolveInArchive(index, '/bin/bash')?.item;
  return {
    passwd: parsePasswd(passwd),
    wslConf: fileText(index, '/etc/wsl.conf'),
    firstRunCommand: command && command.trim().length > 0 ? command : undefined,
    hasBash: bash?.entry.type === 'file' && (bash.entry.mode & 0o111) !== 0,
  };
}
