/**
 * Small test distributions without dnf: Debian's static busybox as the whole userland, an
 * /etc/passwd with root and a uid-1000 user, os-release, and a wsl-distribution.conf whose
 * OOBE creates a user read from stdin. Packed with GNU tar the way our images are packed.
 */
import { chmod, copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runChecked } from '../../common/run-program.js';

/** Debian's busybox-static. */
export const BUSYBOX = '/bin/busybox';

const APPLETS = ['sh', 'id', 'cat', 'echo', 'ls', 'grep', 'sed', 'printf', 'mkdir', 'chmod', 'chown', 'stat', 'pwd', 'env', 'sleep', 'true', 'false', 'touch', 'rm', 'head', 'tr', 'hostname', 'adduser', 'addgroup', 'chpasswd', 'whoami', 'test', 'wc', 'readlink', 'ps', 'ln', 'reboot', 'stty'];

/** The default OOBE: read a name; "fail" (or EOF) fails; otherwise create uid 1001 and succeed. */
export const FIXTURE_OOBE_SCRIPT = `#!/bin/sh
printf 'Enter new UNIX username: '
read -r name || exit 1
[ -n "$name" ] || exit 1
if [ "$name" = fail ]; then echo "oobe: refusing on purpose" >&2; exit 3; fi
if ! grep -q "^$name:" /etc/passwd; then
  echo "$name:x:1001:1001::/home/$name:/bin/sh" >> /etc/passwd
  echo "$name:x:1001:" >> /etc/group
  mkdir -p "/home/$name" && chown 1001:1001 "/home/$name"
fi
exit 0
`;

export interface FixtureDistroOptions {
  /** Text of /etc/wsl-distribution.conf; null for none. Default: OOBE script, defaultUid 1001, defaultName. */
  distributionConf?: string | null;
  defaultName?: string;
  /** /etc/wsl.conf text, if any. */
  wslConf?: string;
  /** Extra files: path inside the root → content (parents created, mode 0644). */
  files?: Record<string, string | Buffer>;
}

/** The default wsl-distribution.conf text for a fixture. */
export function fixtureDistributionConf(defaultName = 'AzlFixture'): string {
  return `# fixture\n[oobe]\ncommand = /usr/lib/wsl/oobe.sh\ndefaultUid = 1001\ndefaultName = ${defaultName}\n\n[shortcut]\nicon = /usr/share/wsl/azl.ico\n`;
}

/** Builds a busybox root in `root` (created). */
export async function buildFixtureRoot(root: string, options: FixtureDistroOptions = {}): Promise<void> {
  for (const dir of ['bin', 'etc', 'usr/bin', 'usr/lib/wsl', 'usr/share/wsl', 'root', 'home/tester', 'tmp']) await mkdir(join(root, dir), { recursive: true });
  await copyFile(BUSYBOX, join(root, 'bin/busybox'));
  await chmod(join(root, 'bin/busybox'), 0o755);
  for (const applet of APPLETS) await symlink('busybox', join(root, 'bin', applet));
  await symlink('../../bin/busybox', join(root, 'usr/bin/id'));
  await symlink('../../bin/busybox', join(root, 'usr/bin/env'));
  await writeFile(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\ntester:x:1000:1000:Tester:/home/tester:/bin/sh\n');
  await writeFile(join(root, 'etc/group'), 'root:x:0:\nwheel:x:10:tester\ntester:x:1000:\n');
  await writeFile(join(root, 'etc/os-release'), 'NAME="Azure Linux"\nID=azurelinux\nVERSION_ID="4.0"\n');
  await writeFile(join(root, 'usr/lib/wsl/oobe.sh'), FIXTURE_OOBE_SCRIPT, { mode: 0o755 });
  await chmod(join(root, 'usr/lib/wsl/oobe.sh'), 0o755);
  // A tiny but real .ico header + payload.
  await writeFile(join(root, 'usr/share/wsl/azl.ico'), Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0]), Buffer.alloc(64, 7)]));
  const conf = options.distributionConf === undefined ? fixtureDistributionConf(options.defaultName) : options.distributionConf;
  if (conf !== null) await writeFile(join(root, 'etc/wsl-distribution.conf'), conf);
  if (options.wslConf !== undefined) await writeFile(join(root, 'etc/wsl.conf'), options.wslConf);
  for (const [path, content] of Object.entries(options.files ?? {})) {
    const host = join(root, path);
    await mkdir(dirname(host), { recursive: true });
    await writeFile(host, content);
  }
  await runChecked('chown', ['-R', '1000:1000', join(root, 'home/tester')], { name: 'chown' });
  await chmod(join(root, 'tmp'), 0o1777);
}

/** Packs a root as our images are packed (GNU tar keeps owners, modes, links, xattrs). */
export async function packRoot(root: string, archive: string, compression: 'none' | 'gzip' | 'bzip2' | 'xz' = 'gzip'): Promise<string> {
  const flag = { none: [], gzip: ['-z'], bzip2: ['-j'], xz: ['-J'] }[compression];
  await runChecked('tar', ['--xattrs', '--xattrs-include=*', '--numeric-owner', ...flag, '-cpf', archive, '-C', root, '.'], { name: 'tar pack' });
  return archive;
}

/** Builds and packs a fixture distribution; returns the archive path. */
export async function buildFixtureDistro(workDir: string, options: FixtureDistroOptions = {}, name = 'fixture.wsl'): Promise<string> {
  const root = join(workDir, `${name}.root`);
  await buildFixtureRoot(root, options);
  return packRoot(root, join(workDir, name));
}
