/**
 * The one place that knows how dnf 4 and dnf5 differ when installing into an image root.
 *
 * dnf5 (Azure Linux 4.0 hosts) reads the target root's own configuration under
 * `--installroot` unless told `--use-host-config`; dnf 4 (this project's Debian machines) needs
 * a HOME whose `.rpmmacros` points `%_dbpath` at the target's database path, because Debian's
 * rpm otherwise keeps the database in `~/.rpmdb`, i.e. in the image's `/root`. Everything else
 * (repositories only from the plan, GPG keys, caches, weak dependencies, docs) is expressed as
 * the same flags for both. Failures are classified from dnf's output into AzlErrors; scriptlet
 * failures, which dnf and rpm report with exit code 0, are caught here too.
 */
import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { BuildPlan, PackageRef } from '../plan/build-plan.js';
import { formatLocation, WSL_TRANSFORM } from '../../common/source-location.js';
import { AzlError } from '../../common/errors.js';
import { lastLines, runProgram, type RunResult } from '../../common/run-program.js';
import { availableNamesCacheDir, availableNamesKey, readAvailableNames, writeAvailableNames } from './available-names-cache.js';
import { parseNevra, readResolution } from './dnf-transaction.js';
import { dbPathOfRoot } from './rpm-database-path.js';
import { runRpmTool } from './rpm-tools.js';
import type { TransactionSolver } from '../transform/dependency-removal.js';

export type PackageManagerKind = 'dnf5' | 'dnf4';

/**
 * Remote metadata is trusted for a while so back-to-back builds share it; local (file://)
 * repositories are re-read every time because test and mirror repositories change in place.
 */
const REMOTE_METADATA_EXPIRE = '6h';
const REMOTE_METADATA_EXPIRE_MS = 6 * 60 * 60 * 1000;

/** Lines of dnf output kept in error details. */
const ERROR_DETAIL_LINES = 40;

/** Finds an executable on PATH. */
export async function findOnPath(program: string, path = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** dnf5 when it is installed (Azure Linux 4.0), else dnf 4. */
export async function detectPackageManager(): Promise<PackageManagerKind> {
  if (await findOnPath('dnf5')) return 'dnf5';
  if (await findOnPath('dnf')) return 'dnf4';
  throw new AzlError('PACKAGE_MANAGER_MISSING', 'Neither dnf5 nor dnf is installed.', {
    hint: 'Install dnf (Debian: apt-get install dnf rpm) or build on Azure Linux, where dnf5 is present.',
  });
}

export interface PackageManagerOptions {
  kind: PackageManagerKind;
  plan: BuildPlan;
  /** false only when the user asked for --no-gpgcheck. */
  gpgCheck: boolean;
  /** dnf's download cache, reused across builds. */
  cacheDir: string;
  /** A private folder for HOME (dnf 4's `.rpmmacros`). */
  homeDir: string;
  /**
   * The image's rpm database path, decided once per build (rpm-database-path.ts); absent before
   * it is known (queries against an empty scratch root), when the root's own macros are read.
   */
  dbPath?: string;
  /** The build's clock: rpm records it as every package's install time (SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number;
  signal?: AbortSignal;
  /** Every line dnf prints, for live logs. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface InstallProgress {
  /** 0–1 within this transaction, from dnf's `Installing : x  3/40` counters. */
  fraction: number;
  detail: string;
}

/** Runs dnf/rpm against one image root with the plan's repositories and nothing else. */
export class PackageManager {
  constructor(readonly options: PackageManagerOptions) {}

  /** The flags that decide what gets installed (part of the root cache key). */
  solverFlags(): string[] {
    const { plan } = this.options;
    const flags = [
      `--releasever=${plan.releaseVersion.value}`,
      `--forcearch=${plan.arch}`,
      '--setopt=reposdir=/dev/null',
      // dnf 4 would otherwise skip an unreadable repository and report every package as missing.
      '--setopt=skip_if_unavailable=False',
      `--setopt=install_weak_deps=${plan.installWeakDeps ? 'True' : 'False'}`,
    ];
    if (this.options.kind === 'dnf5') flags.push('--use-host-config');
    if (plan.rpmExcludeDocs.value) flags.push('--setopt=tsflags=nodocs');
    for (const repo of plan.repositories) {
      flags.push(`--repofrompath=${repo.alias},${repo.url}`);
      // A metalink or mirror list names the repository instead of being it: clear the baseurl
      // --repofrompath set and point dnf at the list.
      if (repo.sourceType && repo.sourceType !== 'baseurl') flags.push(`--setopt=${repo.alias}.baseurl=`, `--setopt=${repo.alias}.${repo.sourceType}=${repo.url}`);
      if (repo.priority !== undefined) flags.push(`--setopt=${repo.alias}.priority=${repo.priority}`);
      if (this.options.gpgCheck) {
        flags.push(`--setopt=${repo.alias}.gpgcheck=1`);
        if (repo.gpgKeys.length > 0) flags.push(`--setopt=${repo.alias}.gpgkey=${repo.gpgKeys.map(toKeyUrl).join(' ')}`);
      }
    }
    if (!this.options.gpgCheck) flags.push(this.options.kind === 'dnf5' ? '--no-gpgchecks' : '--nogpgcheck');
    for (const ignored of plan.packages.ignore) flags.push(`--exclude=${ignored.name}`);
    return flags;
  }

  private commonArgs(root: string): string[] {
    const args = [`--installroot=${root}`, ...this.solverFlags(), `--setopt=cachedir=${this.options.cacheDir}`, '--setopt=keepcache=True'];
    for (const repo of this.options.plan.repositories) {
      const expire = repo.url.startsWith('file:') || repo.url.startsWith('/') ? '0' : REMOTE_METADATA_EXPIRE;
      args.push(`--setopt=${repo.alias}.metadata_expire=${expire}`);
    }
    return args;
  }

  private async environment(root: string): Promise<NodeJS.ProcessEnv> {
    await mkdir(this.options.homeDir, { recursive: true });
    // Debian's rpm defaults to ~/.rpmdb; point it at the database path the target itself uses.
    const dbPath = this.options.dbPath ?? (await dbPathOfRoot(root));
    // %_install_langs keeps only the profile's locales (toolkit OverrideRpmLocales, KIWI rpm-locale-filtering).
    const langs = this.options.plan.installLangs ? `%_install_langs ${this.options.plan.installLangs.value}\n` : '';
    await writeFile(join(this.options.homeDir, '.rpmmacros'), `%_dbpath ${dbPath}\n${langs}`);
    return {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: this.options.homeDir,
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      ...(this.options.sourceDateEpoch === undefined ? {} : { SOURCE_DATE_EPOCH: String(this.options.sourceDateEpoch) }),
    };
  }

  private program(): string {
    return this.options.kind === 'dnf5' ? 'dnf5' : 'dnf';
  }

  private async run(root: string, args: string[], name: string, onLine?: (line: string) => void, quietStdout = false): Promise<RunResult & { output: string }> {
    const env = await this.environment(root);
    const result = await runProgram(this.program(), [...this.commonArgs(root), ...args], {
      name,
      env,
      signal: this.options.signal,
      // dnf redraws its progress lines with \r.
      splitCarriageReturns: true,
      onLine: (line, stream) => {
        if (line.trim() === '') return;
        if (!(quietStdout && stream === 'stdout')) this.options.onLine?.(line, stream);
        onLine?.(line);
      },
    });
    const output = result.stdout.toString('utf8') + '\n' + result.stderr.toString('utf8');
    return { ...result, output };
  }

  /** Names of every package the plan's repositories offer (for the WSL transform). */
  async availableNames(scratchRoot: string): Promise<Set<string>> {
    // Remembered per repository state (repomd.xml digests), so a rebuild skips the query.
    const cacheDir = availableNamesCacheDir(this.options.cacheDir);
    const keyInput = {
      program: this.program(),
      flags: this.solverFlags(),
      repositories: this.options.plan.repositories,
      dnfCacheDir: this.options.cacheDir,
      remoteMaxAgeMs: REMOTE_METADATA_EXPIRE_MS,
    };
    const before = await availableNamesKey(keyInput);
    const cached = before === undefined ? undefined : await readAvailableNames(cacheDir, before);
    if (cached) return cached;
    const names = await this.queryAvailableNames(scratchRoot);
    // The query may have refreshed remote metadata: key the entry by the state it actually saw.
    const after = await availableNamesKey(keyInput);
    if (after !== undefined) await writeAvailableNames(cacheDir, after, names).catch(() => undefined);
    return names;
  }

  private async queryAvailableNames(scratchRoot: string): Promise<Set<string>> {
    await mkdir(scratchRoot, { recursive: true });
    const result = await this.run(scratchRoot, ['-q', 'repoquery', '--available', '--qf', '%{name}\n'], 'dnf repoquery', undefined, true);
    if (result.exitCode !== 0) throw classifyFailure('query the repositories', result.output);
    return new Set(
      result.stdout
        .toString('utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /^[A-Za-z0-9_.+-]+$/.test(line)),
    );
  }

  /**
   * The dependency solver over the plan's repositories, for the WSL conversion: resolves without
   * installing, in `scratchRoot` (an empty folder standing in for the image root).
   */
  transactionSolver(scratchRoot: string): TransactionSolver {
    return {
      resolve: async (request, excludes) => {
        await mkdir(scratchRoot, { recursive: true });
        const args = [...excludes.map((name) => `--exclude=${name}`), 'install', '--assumeno', ...request];
        // Not -q: dnf then prints no transaction table at all.
        const result = await this.run(scratchRoot, args, 'dnf resolve', undefined, true);
        return readResolution(result.output);
      },
      isMetaPackage: async (name) => (await this.repoquery(scratchRoot, [this.options.kind === 'dnf5' ? '--files' : '--list', name])).length === 0,
      requirementsOf: async (name) =>
        (await this.repoquery(scratchRoot, ['--requires', name])).filter((requirement) => !requirement.startsWith('rpmlib(')),
    };
  }

  /** Where the newest `name` in the repositories is (a URL), or undefined when they have none. */
  async packageLocation(scratchRoot: string, name: string): Promise<string | undefined> {
    return (await this.repoquery(scratchRoot, ['--location', name]))[0];
  }

  /** One repoquery about the newest version of a package; its output lines. */
  private async repoquery(scratchRoot: string, args: string[]): Promise<string[]> {
    await mkdir(scratchRoot, { recursive: true });
    const result = await this.run(scratchRoot, ['-q', 'repoquery', '--latest-limit=1', ...args], 'dnf repoquery', undefined, true);
    if (result.exitCode !== 0) throw classifyFailure('query the repositories', result.output);
    return result.stdout
      .toString('utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  }

  /** Installs `names` into `root`; fails on scriptlet errors that dnf itself ignores. */
  async install(root: string, names: string[], onProgress?: (progress: InstallProgress) => void, onLine?: (line: string) => void): Promise<void> {
    if (names.length === 0) return;
    await mkdir(root, { recursive: true });
    const result = await this.run(root, ['-y', 'install', ...names], 'dnf install', (line) => {
      onLine?.(line);
      const match = /^\s*(Installing|Upgrading|Reinstalling)\s*:\s*(\S+)\s+(\d+)\/(\d+)\s*$/.exec(line);
      if (match && onProgress) onProgress({ fraction: Number(match[3]) / Number(match[4]), detail: match[2] });
    });
    if (result.exitCode !== 0) throw classifyFailure('install packages', result.output, this.options.plan.packages.ignore);
    throwOnScriptletFailure(result.output);
  }

  /** Removes `names` and what only they needed (KIWI `uninstall`). */
  async remove(root: string, names: string[]): Promise<void> {
    if (names.length === 0) return;
    const result = await this.run(root, ['-y', 'remove', ...names], 'dnf remove');
    if (result.exitCode !== 0) throw classifyFailure('remove packages', result.output);
    throwOnScriptletFailure(result.output);
  }

  /** Removes `names` without dependency checks (KIWI `delete`). */
  async erase(root: string, names: string[]): Promise<void> {
    if (names.length === 0) return;
    const dbPath = this.options.dbPath ?? (await dbPathOfRoot(root));
    const result = await runRpmTool('rpm', ['--root', root, '--dbpath', dbPath, '-e', '--nodeps', ...names], {
      name: 'rpm -e',
      sourceDateEpoch: this.options.sourceDateEpoch,
      signal: this.options.signal,
      expectedErrors: ['NOT_INSTALLED'],
      onLine: (line) => {
        if (line.trim()) this.options.onLine?.(line, 'stderr');
      },
      failure: (failed) =>
        new AzlError('PACKAGE_MANAGER_FAILED', `rpm could not delete ${names.join(', ')} (exit code ${failed.exitCode}).`, {
          detail: lastLines(failed.output, ERROR_DETAIL_LINES),
        }),
    });
    if (result.knownError === 'NOT_INSTALLED') {
      const missing = [...result.output.matchAll(/package (\S+) is not installed/g)].map((m) => m[1]);
      throw new AzlError('PACKAGE_MISSING', `Cannot delete packages that are not installed: ${missing.join(', ')}.`, {
        hint: 'Remove them from the profile\'s delete list, or check that they were installed.',
        detail: lastLines(result.output, ERROR_DETAIL_LINES),
      });
    }
    throwOnScriptletFailure(result.output);
  }
}

function toKeyUrl(key: string): string {
  return key.startsWith('/') ? `file://${key}` : key;
}

/** Packages whose scriptlets failed, from dnf's and rpm's messages (both exit 0 on these). */
export function failedScriptlets(output: string): string[] {
  const names = new Set<string>();
  for (const match of output.matchAll(/Error in (\S+) scriptlet in rpm package (\S+)/g)) names.add(`${match[2]} (${match[1].toLowerCase()})`);
  for (const match of output.matchAll(/(?:error|warning): %(\w+)\((\S+)\) scriptlet failed/g)) {
    const already = [...names].some((entry) => match[2].startsWith(entry.split(' ')[0]));
    if (!already) names.add(`${match[2]} (%${match[1]})`);
  }
  return [...names];
}

function throwOnScriptletFailure(output: string): void {
  const failed = failedScriptlets(output);
  if (failed.length === 0) return;
  const scriptletLines = output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-ERROR_DETAIL_LINES)
    .join('\n');
  throw new AzlError('SCRIPTLET_FAILED', `A package scriptlet failed while installing: ${failed.join(', ')}.`, {
    hint: 'The package is broken for this root; fix or remove it from the profile (its output is in the details).',
    detail: scriptletLines,
  });
}

/**
 * Turns a failed dnf run into the error a user can act on. `excludes` (the plan's `ignore` set)
 * tells a package dnf filtered out because the WSL conversion removed it from one the profile
 * itself excludes, so the error says whose exclusion it was.
 */
export function classifyFailure(action: string, output: string, excludes: readonly PackageRef[] = []): AzlError {
  const detail = lastLines(output.trim(), ERROR_DETAIL_LINES);
  const filtered = [...new Set([...output.matchAll(/package (\S+?)(?: from \S+)? is filtered out by exclude filtering/g)].map((match) => parseNevra(match[1]!)?.name ?? match[1]!))];
  if (filtered.length > 0) {
    const ours = filtered.filter((name) => excludes.some((ref) => ref.name === name && ref.source.file === WSL_TRANSFORM.file));
    const requirers = [...new Set([...output.matchAll(/package (\S+?)(?: from \S+)? requires/g)].map((match) => parseNevra(match[1]!)?.name ?? match[1]!))];
    const needing = requirers.length > 0 ? `, which ${requirers.join(', ')} require${requirers.length === 1 ? 's' : ''}` : '';
    if (ours.length > 0) {
      return new AzlError('WSL_CONVERSION_BLOCKED', `The WSL conversion removed ${ours.join(', ')}${needing}, so dnf cannot ${action}.`, {
        hint: 'This exclusion is azl-wsl\'s, not the profile\'s: the parity report (azl-wsl plan --transform) says why each package is removed. Report it as a bug if a package the image needs was removed.',
        detail,
      });
    }
    const where = filtered
      .map((name) => excludes.find((ref) => ref.name === name || new RegExp(`^${ref.name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name)))
      .filter((ref): ref is PackageRef => ref !== undefined)
      .map((ref) => `${ref.name} (${formatLocation(ref.source)})`);
    return new AzlError('PACKAGE_MANAGER_FAILED', `The profile excludes ${filtered.join(', ')}${needing}, so dnf cannot ${action}.`, {
      hint: `Remove the exclusion from the profile${where.length > 0 ? `: ${where.join(', ')}` : ''}, or drop the packages that need it.`,
      detail,
    });
  }
  if (/Failed to download metadata|Cannot download repomd\.xml|Curl error|Cannot find a valid baseurl|Status code: 404/i.test(output)) {
    return new AzlError('PACKAGE_MANAGER_FAILED', `A repository could not be read while trying to ${action}.`, {
      hint: 'Check the repository URLs and the network connection; replace the profile\'s repositories with --set-repo URL (or add one with --repo URL).',
      detail,
    });
  }
  const missing = new Set<string>();
  for (const match of output.matchAll(/No match for argument:\s*(\S+)/g)) missing.add(match[1]);
  for (const match of output.matchAll(/Unable to find a match:\s*(.+)/g)) for (const name of match[1].trim().split(/\s+/)) missing.add(name);
  for (const match of output.matchAll(/nothing provides (\S+)/g)) missing.add(match[1]);
  if (missing.size > 0) {
    return new AzlError('PACKAGE_MISSING', `The repositories do not offer: ${[...missing].join(', ')}.`, {
      hint: 'Check the profile\'s package names and its repositories (add one with --repo URL, replace them with --set-repo URL).',
      detail,
    });
  }
  if (/GPG check FAILED|is not signed|Public key for .* is not installed|GPG key retrieval failed|Couldn't open file .*(?:gpg|key)|signature.*(?:BAD|NOKEY)|Curl error.*gpg/i.test(output)) {
    return new AzlError('PACKAGE_MANAGER_FAILED', `Package signature check failed while trying to ${action}.`, {
      hint: 'Give the repository\'s key (the profile\'s signing key, or gpgkey= on --repo / --set-repo), or use --no-gpgcheck for unsigned test repositories.',
      detail,
    });
  }
  return new AzlError('PACKAGE_MANAGER_FAILED', `The package manager failed to ${action}.`, {
    hint: 'Read the package manager output in the details.',
    detail,
  });
}
