/**
 * The archive formats the build engine can write: a `.wsl` is a gzip-compressed tar
 * (Microsoft recommends gzip for compatibility with older WSL versions), the others are
 * offered for `wsl --import` users and other tools.
 */
export type ArchiveFormat = 'wsl' | 'tar.gz' | 'tar.xz' | 'tar';

const EXTENSIONS: Record<ArchiveFormat, string> = {
  wsl: '.wsl',
  'tar.gz': '.tar.gz',
  'tar.xz': '.tar.xz',
  tar: '.tar',
};

/** The file name extension (with the dot) for an archive format. */
export function archiveExtension(format: ArchiveFormat): string {
  return EXTENSIONS[format];
}

/** The compression an archive format uses. */
export function archiveCompression(format: ArchiveFormat): 'gzip' | 'xz' | 'none' {
  if (format === 'wsl' || format === 'tar.gz') return 'gzip';
  if (format === 'tar.xz') return 'xz';
  return 'none';
}
