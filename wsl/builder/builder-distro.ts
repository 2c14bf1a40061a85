/**
 * The hidden builder distro: the Azure Linux base container image, flattened and imported as a
 * WSL distro (`azl-wsl-builder-4.0`), with the build prerequisites installed by its own package
 * manager. Reused between builds; re-imported when the base image's digest changes; removed
 * without a trace (registration and folder).
 *
 * A marker file inside the distro records what it was made from, so `builderStatus` and the
 * reuse decision need no state on the Windows side.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { flattenImage } from '../../rootfs/oci/flatten-image.js';
import { AZURE_LINUX_BASE_IMAGES } from '../../rootfs/oci/image-reference.js';
import { pullImage, type PulledImage } from '../../rootfs/oci/pull-image.js';
import { loadCaCertificates } from '../../rootfs/oci/http-transport.js';
import { dnfProxyFor, dnfProxyLines, type NetworkSettings } from '../../rootfs/executor/network-settings.js';
import { BUILDER_ROOT } from '../../rootfs/executor/job-spec.js';
import { importDistro } from '../driver/wsl-import.js';
import { execInDistro } from '../driver/wsl-exec.js';
import { listDistroNames } from '../driver/wsl-list.js';
import { terminateDistro } from '../driver/wsl-terminate.js';
import { unregisterDistro } from '../driver/wsl-unregister.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { appDataDir, builderLocation, builderName, DEFAULT_BUILDER_RELEASE, type BuilderRelease } from './builder-names.js';
import { rootShell } from './distro-files.js';

/** Bumped when the prerequisite list changes, so existing builders get them on the next build. */
export const PREREQUISITES_VERSION = 2;
/** The marker file inside the builder. */
export const BUILDER_MARKER_PATH = '/etc/azl-wsl-builder.json';
/** Node major the bundled engine needs. */
const MIN_NODE_MAJOR = 20;

/** Commands the engine runs inside the builder, and the Azure Linux package providing each. */
const REQUIRED_COMMANDS: ReadonlyArray<[command: string, pkg: string]> = [
  ['node', 'nodejs'],
  ['rpm', 'rpm'],
  ['tar', 'tar'],
  ['mount', 'util-linux'],
  ['chroot', 'coreutils'],
  // The sandbox every profile script and image tool runs in (rootfs/build/image-sandbox.ts).
  ['bwrap', 'bubblewrap'],
  ['timeout', 'coreutils'],
  ['getfattr', 'attr'],
  ['openssl', 'openssl'],
  ['xz', 'xz'],
];

export interface BuilderMarker {
  schemaVersion: 1;
  baseImage: string;
  baseDigest: string;
  prerequisitesVersion: number;
  createdAt: string;
}

export interface BuilderOptions extends WslCallOptions, WorkOptions {
  release?: BuilderRelease;
  /** Base image reference; default: the release's Azure Linux base image. */
  baseImage?: string;
  /** Speak plain http to the registry (loopback test registries only). */
  plainHttp?: boolean;
  /** Proxy and CAs for the pull and the builder's package manager. */
  network?: NetworkSettings;
  /** The app's data folder (default: appDataDir()). */
  dataDir?: string;
}

export interface BuilderStatus {
  name: string;
  registered: boolean;
  location: string;
  marker?: BuilderMarker;
}

export interface EnsureBuilderResult {
  name: string;
  action: 'created' | 'reused' | 'refreshed';
  marker: BuilderMarker;
}

function resolved(options: BuilderOptions): { name: string; dataDir: string; location: string; baseImage: string } {
  const release = options.release ?? DEFAULT_BUILDER_RELEASE;
  const name = builderName(release);
  const dataDir = options.dataDir ?? appDataDir(options.env ?? process.env);
  return { name, dataDir, location: builderLocation(dataDir, name), baseImage: options.baseImage ?? AZURE_LINUX_BASE_IMAGES[release] };
}

function callOptions(options: BuilderOptions): WslCallOptions {
  return { wslPath: options.wslPath, env: options.env, logger: options.logger, signal: options.signal };
}

async function readMarker(name: string, call: WslCallOptions): Promise<BuilderMarker | undefined> {
  const result = await execInDistro({ ...call, distro: name, user: 'root', command: ['cat', BUILDER_MARKER_PATH], name: 'read builder marker' });
  if (result.exitCode !== 0) return undefined;
  try {
    const marker = JSON.parse(result.stdout.toString('utf8')) as BuilderMarker;
    return marker.schemaVersion === 1 ? marker : undefined;
  } catch {
    return undefined;
  }
}

/** What the builder is, without changing anything. */
export async function builderStatus(options: BuilderOptions = {}): Promise<BuilderStatus> {
  const { name, location } = resolved(options);
  const call = callOptions(options);
  const registered = (await listDistroNames(call)).includes(name);
  return { name, registered, location, marker: registered ? await readMarker(name, call) : undefined };
}

/** Unregisters the builder and deletes its folder; false when there was none. */
export async function removeBuilder(options: BuilderOptions = {}): Promise<boolean> {
  const { name, location } = resolved(options);
  const call = callOptions(options);
  const registered = (await listDistroNames(call)).includes(name);
  if (registered) await unregisterDistro(name, call);
  await rm(location, { recursive: true, force: true });
  return registered;
}

/** Which prerequisite commands are missing, the package manager found, and Node's major version. */
async function probePrerequisites(name: string, call: WslCallOptions): Promise<{ missing: string[]; manager?: string; nodeMajor?: number }> {
  const commands = REQUIRED_COMMANDS.map(([command]) => command);
  const script = [
    'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'for c in "$@"; do command -v "$c" >/dev/null 2>&1 || echo "missing $c"; done',
    'for m in dnf5 tdnf dnf; do if command -v "$m" >/dev/null 2>&1; then echo "manager $m"; break; fi; done',
    'command -v dnf5 >/dev/null 2>&1 || command -v dnf >/dev/null 2>&1 || echo "missing dnf"',
    'if command -v node >/dev/null 2>&1; then echo "node $(node -p process.versions.node)"; fi',
  ].join('\n');
  const result = await rootShell(name, script, commands, { ...call, name: 'check builder prerequisites' });
  const lines = result.stdout.toString('utf8').split('\n');
  const missing = lines.filter((line) => line.startsWith('missing ')).map((line) => line.slice(8));
  const manager = lines.find((line) => line.startsWith('manager '))?.slice(8);
  const nodeText = lines.find((line) => line.startsWith('node '))?.slice(5);
  return { missing, manager, nodeMajor: nodeText ? Number.parseInt(nodeText, 10) : undefined };
}

/** The package names to install for missing commands (dnf itself maps to dnf5 where dnf5 is the manager). */
export function prerequisitePackages(missing: readonly string[], manager: string): string[] {
  const names = new Set<string>();
  for (const command of missing) {
    if (command === 'dnf') names.add(manager === 'tdnf' ? 'dnf' : 'dnf5');
    else names.add(REQUIRED_COMMANDS.find(([name]) => name === command)?.[1] ?? command);
  }
  return [...names].sort();
}

/**
 * Installs missing prerequisites with the builder's own package manager. A proxy goes into the
 * manager's config file (mode 0600, restored afterwards) from stdin, never argv.
 */
async function installPrerequisites(name: string, options: BuilderOptions, call: WslCallOptions): Promise<void> {
  const probe = await probePrerequisites(name, call);
  if (probe.missing.length > 0) {
    if (!probe.manager) {
      throw new AzlError('PACKAGE_MANAGER_MISSING', `The builder ${name} lacks ${probe.missing.join(', ')} and has no package manager to install them.`, {
        hint: 'Use an Azure Linux base image (it ships dnf5 or tdnf), or run `azl-wsl builder refresh`.',
      });
    }
    const packages = prerequisitePackages(probe.missing, probe.manager);
    const proxy = dnfProxyFor(options.network?.proxy);
    const conf = probe.manager === 'tdnf' ? '/etc/tdnf/tdnf.conf' : '/etc/dnf/dnf.conf';
    const script = [
      'set -e',
      'm=$1; conf=$2; shift 2',
      'lines=$(cat)',
      'if [ -n "$lines" ]; then',
      '  mkdir -p "$(dirname "$conf")"; touch "$conf"; cp -p "$conf" "$conf.azl-wsl-orig"',
      '  trap \'mv -f "$conf.azl-wsl-orig" "$conf"\' EXIT',
      '  { echo "[main]"; printf "%s\\n" "$lines"; grep -v "^\\[main\\]" "$conf.azl-wsl-orig" || true; } > "$conf.new"',
      '  chmod 600 "$conf.new"; mv -f "$conf.new" "$conf"',
      'fi',
      '"$m" -y install "$@"',
    ].join('\n');
    await rootShell(name, script, [probe.manager, conf, ...packages], {
      ...call,
      name: `${probe.manager} install prerequisites`,
      stdin: proxy ? dnfProxyLines(proxy).join('\n') + '\n' : '',
    });
  }
  const after = probe.missing.length > 0 ? await probePrerequisites(name, call) : probe;
  if (after.missing.length > 0) {
    throw new AzlError('PACKAGE_MISSING', `The builder ${name} still lacks ${after.missing.join(', ')}.`, {
      hint: 'Check the builder\'s package repositories, then run `azl-wsl builder refresh`.',
    });
  }
  if (after.nodeMajor === undefined || after.nodeMajor < MIN_NODE_MAJOR) {
    throw new AzlError('PACKAGE_MISSING', `The builder ${name} has Node ${after.nodeMajor ?? 'none'}; the build engine needs Node ${MIN_NODE_MAJOR} or later.`, {
      hint: 'Use a newer base image, then run `azl-wsl builder refresh`.',
    });
  }
}

/** Trusts the extra root CAs inside the builder (its dnf and the engine's downloads use them). */
async function installBuilderCas(name: string, caFiles: readonly string[], call: WslCallOptions): Promise<void> {
  if (caFiles.length === 0) return;
  const pems = await loadCaCertificates(caFiles);
  const script = [
    'set -e',
    'pems=$(cat)',
    'if [ -d /etc/pki/ca-trust/source/anchors ] || command -v update-ca-trust >/dev/null 2>&1; then d=/etc/pki/ca-trust/source/anchors; ext=pem; else d=/usr/local/share/ca-certificates; ext=crt; fi',
    'mkdir -p "$d"; printf "%s\\n" "$pems" > "$d/azl-wsl-extra.$ext"; chmod 644 "$d/azl-wsl-extra.$ext"',
    'if command -v update-ca-trust >/dev/null 2>&1; then update-ca-trust extract; elif command -v update-ca-certificates >/dev/null 2>&1; then update-ca-certificates >/dev/null; fi',
  ].join('\n');
  await rootShell(name, script, [], { ...call, name: 'trust extra CAs', stdin: pems.join('\n') + '\n' });
}

async function importBuilder(pulled: PulledImage, name: string, location: string, dataDir: string, options: BuilderOptions, call: WslCallOptions): Promise<void> {
  const scratch = await mkdtemp(join(dataDir, 'builder-import-'));
  try {
    const tarPath = join(scratch, 'base.tar');
    await runStep(options, 'builder-flatten', 'Preparing the builder base', () => flattenImage(pulled, tarPath, { signal: options.signal, workDir: scratch }));
    await mkdir(location, { recursive: true });
    await runStep(options, 'builder-import', `Importing the builder ${name}`, () => importDistro({ ...call, name, location, file: tarPath, version: 2 }));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Makes sure the builder exists, matches the base image's current digest and has the
 * prerequisites; `force` re-imports it whatever its state (`azl-wsl builder refresh`).
 */
export async function ensureBuilder(options: BuilderOptions & { force?: boolean } = {}): Promise<EnsureBuilderResult> {
  const { name, dataDir, location, baseImage } = resolved(options);
  const call = callOptions(options);
  await mkdir(dataDir, { recursive: true });
  const registered = (await listDistroNames(call)).includes(name);
  const current = registered ? await readMarker(name, call) : undefined;

  let pulled: PulledImage;
  try {
    pulled = await runStep(options, 'builder-pull', `Checking the builder base ${baseImage}`, () =>
      pullImage(baseImage, {
        cacheDir: join(dataDir, 'oci-cache'),
        proxy: options.network?.proxy,
        caFiles: options.network?.caFiles,
        plainHttp: options.plainHttp,
        signal: options.signal,
        onProgress: options.onProgress,
      }),
    );
  } catch (error) {
    // Offline with a working builder: build with what we have rather than fail.
    if (current && !options.force && current.prerequisitesVersion === PREREQUISITES_VERSION && !options.signal?.aborted) {
      options.onProgress?.({ kind: 'log', step: 'builder-pull', stream: 'info', text: `The builder base could not be checked (${(error as Error).message}); using the existing builder.` });
      return { name, action: 'reused', marker: current };
    }
    throw error;
  }

  if (current && !options.force && current.baseDigest === pulled.manifestDigest && current.prerequisitesVersion === PREREQUISITES_VERSION) {
    await installBuilderCas(name, options.network?.caFiles ?? [], call);
    return { name, action: 'reused', marker: current };
  }
  if (registered) {
    await terminateDistro(name, call).catch(() => undefined);
    await unregisterDistro(name, call);
    await rm(location, { recursive: true, force: true });
  }
  try {
    await importBuilder(pulled, name, location, dataDir, options, call);
    await installBuilderCas(name, options.network?.caFiles ?? [], call);
    await runStep(options, 'builder-prerequisites', 'Installing the build prerequisites in the builder', () => installPrerequisites(name, options, call));
    const marker: BuilderMarker = {
      schemaVersion: 1,
      baseImage,
      baseDigest: pulled.manifestDigest,
      prerequisitesVersion: PREREQUISITES_VERSION,
      createdAt: new Date().toISOString(),
    };
    await rootShell(name, `mkdir -p ${BUILDER_ROOT} && cat > ${BUILDER_MARKER_PATH}`, [], { ...call, name: 'write builder marker', stdin: JSON.stringify(marker, null, 2) + '\n' });
    return { name, action: registered ? 'refreshed' : 'created', marker };
  } catch (error) {
    // A half-made builder would be reused next time: take it away.
    const cleanup = { ...call, signal: undefined };
    if ((await listDistroNames(cleanup).catch(() => [] as string[])).includes(name)) await unregisterDistro(name, cleanup).catch(() => undefined);
    await rm(location, { recursive: true, force: true });
    throw error;
  }
}
