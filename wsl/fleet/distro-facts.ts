/**
 * What inventory needs from inside one distribution, in two wsl.exe calls (each starts a
 * process, and the first starts the distribution): as root, one shell script that prints
 * install.json, os-release, the installed packages (`rpm -qa`) and the NOPASSWD sudo rules
 * between random section markers; as the default user, `id -un`. Nothing is written inside.
 */
import { sectionMarker, splitSections } from '../driver/marked-sections.js';
import { execInDistro } from '../driver/wsl-exec.js';
import { wslFailure } from '../driver/wsl-errors.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { parseOsRelease } from '../account/image-snapshot.js';
import { INSTALL_RECORD_PATH, parseInstallRecord, type InstallRecord } from '../install/install-record.js';

export interface DistroFacts {
  record?: InstallRecord;
  osRelease: Record<string, string>;
  /** `name-epoch:version-release.arch`, sorted; undefined when the distribution has no rpm. */
  packages?: string[];
  /** Sudoers lines granting NOPASSWD, as `file: rule`. */
  nopasswdRules: string[];
  defaultUser?: string;
}

/** The root script; `$1` is the section marker. */
const FACTS_SCRIPT = [
  `m="$1"`,
  `echo "$m record"; cat ${INSTALL_RECORD_PATH} 2>/dev/null`,
  `echo "$m os-release"; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null`,
  `echo "$m packages"; if command -v rpm >/dev/null 2>&1; then rpm -qa --qf '%{NAME}-%{EPOCHNUM}:%{VERSION}-%{RELEASE}.%{ARCH}\\n' 2>/dev/null; else echo "$m no-rpm"; fi`,
  `echo "$m nopasswd"; for f in /etc/sudoers /etc/sudoers.d/*; do [ -f "$f" ] && grep -H 'NOPASSWD' "$f" 2>/dev/null | grep -v '^[^:]*:[[:space:]]*#'; done`,
  `echo "$m end"`,
].join('\n');

/** Reads the facts (starts the distribution when it is stopped). */
export async function readDistroFacts(distro: string, options: WslCallOptions): Promise<DistroFacts> {
  const marker = sectionMarker();
  const result = await execInDistro({ ...options, distro, user: 'root', name: 'inventory facts', command: ['sh', '-c', FACTS_SCRIPT, 'sh', marker] });
  if (result.failed) throw wslFailure(result, `Reading the inventory of ${distro}`);
  const sections = splitSections(result.stdout.toString('utf8'), marker);
  const packageLines = sections.get('packages') ?? [];
  const hasRpm = !sections.has('no-rpm');
  const user = await execInDistro({ ...options, distro, name: 'default user', command: ['id', '-un'] });
  return {
    record: parseInstallRecord((sections.get('record') ?? []).join('\n')),
    osRelease: parseOsRelease((sections.get('os-release') ?? []).join('\n')),
    packages: hasRpm ? packageLines.map((line) => line.trim()).filter((line) => line !== '').sort() : undefined,
    nopasswdRules: (sections.get('nopasswd') ?? []).map((line) => line.trim()).filter((line) => line !== ''),
    defaultUser: user.exitCode === 0 ? user.stdout.toString('utf8').trim() || undefined : undefined,
  };
}
