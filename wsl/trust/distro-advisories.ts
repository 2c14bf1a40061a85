/**
 * `azl-wsl advisories NAME`: the advisories that apply to an installed distribution. Its own
 * dnf (dnf5, dnf or tdnf) refreshes the metadata of the repositories the distribution is
 * configured with (`makecache`, as root, through its own network and proxy settings); the
 * updateinfo files dnf downloaded and the rpm database are then read out in the same call and
 * matched here, by the same rules as for an image file (rootfs/repository/advisory-match.ts),
 * so both paths report the same fields: id, severity, CVEs, installed and fixed versions.
 */
import { posix } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { packageDetailsFormat, parseDetailedPackages } from '../../rootfs/build/installed-packages.js';
import { applicableAdvisories } from '../../rootfs/repository/advisory-match.js';
import type { AdvisoryReport, RepositoryAdvisories } from '../../rootfs/repository/image-advisories.js';
import { decompressMetadata } from '../../rootfs/repository/repository-metadata.js';
import { parseUpdateinfo, type Advisory } from '../../rootfs/repository/updateinfo.js';
import { execInDistro } from '../driver/wsl-exec.js';
import { wslDetail, wslFailure } from '../driver/wsl-errors.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { sectionMarker, splitSections } from '../driver/marked-sections.js';

/** Where dnf5, dnf 4 and tdnf keep each repository's metadata, `<repo>[-<hash>]/repodata/`. */
const METADATA_GLOBS = ['/var/cache/libdnf5/*/repodata/*updateinfo*', '/var/cache/dnf/*/repodata/*updateinfo*', '/var/cache/tdnf/*/repodata/*updateinfo*'];

/** `$1` the section marker, `$2` rpm's query format. */
const ADVISORIES_SCRIPT = [
  'm="$1"',
  'd=$(command -v dnf5 || command -v dnf || command -v tdnf) || { echo "$m no-dnf"; exit 0; }',
  'rpm --version 2>/dev/null | grep -q "^RPM version" || { echo "$m no-rpm"; exit 0; }',
  '"$d" -q makecache >&2 || echo "$m makecache-failed"',
  `for f in ${METADATA_GLOBS.join(' ')}; do [ -f "$f" ] || continue; echo "$m file $f"; base64 "$f"; done`,
  'echo "$m packages"; rpm -qa --qf "$2"',
  'echo "$m end"',
].join('\n');

/** The repository id of a cached metadata folder: `azl-updates-8ef7c876a55e43a0` → `azl-updates`. */
export function repositoryOfCachePath(path: string): string {
  const folder = posix.basename(posix.dirname(posix.dirname(path)));
  return folder.replace(/-[0-9a-f]{16}$/, '');
}

/** Advisories for the packages installed in `distro`, from the repositories it is configured with. */
export async function distroAdvisories(distro: string, options: WslCallOptions): Promise<AdvisoryReport> {
  const marker = sectionMarker();
  const result = await execInDistro({ ...options, distro, user: 'root', name: 'dnf makecache', command: ['sh', '-c', ADVISORIES_SCRIPT, 'sh', marker, packageDetailsFormat('\\t')] });
  if (result.failed && result.error) throw wslFailure(result, `Reading the advisories of ${distro}`);
  const sections = splitSections(result.stdout.toString('utf8'), marker);
  if (sections.has('no-dnf') || sections.has('no-rpm')) {
    throw new AzlError('PACKAGE_MANAGER_MISSING', `${distro} has no ${sections.has('no-dnf') ? 'dnf' : 'rpm'}, so it cannot tell which advisories apply to it.`, {
      hint: 'For an image azl-wsl built, run `azl-wsl advisories IMAGE.wsl` on the image file instead. Nothing was changed.',
    });
  }
  if (result.exitCode !== 0 || !sections.has('end')) {
    throw new AzlError('PROGRAM_FAILED', `Reading the advisories of ${distro} failed.`, { detail: wslDetail(result) });
  }
  const advisories: Array<Advisory & { repository: string }> = [];
  const repositories = new Map<string, RepositoryAdvisories>();
  for (const [name, lines] of sections) {
    if (!name.startsWith('file ')) continue;
    const path = name.slice('file '.length);
    const repository = repositoryOfCachePath(path);
    try {
      const text = (await decompressMetadata(Buffer.from(lines.join(''), 'base64'), path, options.signal)).toString('utf8');
      const parsed = parseUpdateinfo(text);
      advisories.push(...parsed.map((advisory) => ({ ...advisory, repository })));
      const entry = repositories.get(repository) ?? { alias: repository, url: path, published: 0 };
      entry.published = (entry.published ?? 0) + parsed.length;
      repositories.set(repository, entry);
    } catch (error) {
      repositories.set(repository, { alias: repository, url: path, note: error instanceof Error ? error.message : String(error) });
    }
  }
  if (sections.has('makecache-failed') && repositories.size === 0) {
    throw new AzlError('REPOSITORY_METADATA_UNREADABLE', `dnf in ${distro} could not read its repositories' metadata.`, {
      hint: 'Check the distribution\'s network, proxy and repository settings (/etc/yum.repos.d), then run again.',
      detail: result.stderr.trim().split('\n').slice(-20).join('\n'),
    });
  }
  const installed = parseDetailedPackages((sections.get('packages') ?? []).join('\n'), '\t').map(({ pkg }) => pkg);
  return { advisories: applicableAdvisories(advisories, installed), repositories: [...repositories.values()] };
}
