/**
 * Images for the install-engine integration tests.
 *
 * - `busyboxImage`: a tiny root (busybox-static, /etc/passwd) for flows that never create an
 *   account: registration errors, cancel, clashes. Built in a second.
 * - `accountImage`: a real userland (useradd, chpasswd, sudo, visudo, the wsl-setup first-run
 *   script) installed with dnf from the fixture repositories into a temp root and tarred with
 *   GNU tar, cached under .cache/fixtures like the other fixture builds. busybox has no
 *   useradd/chpasswd -e/visudo, so account flows need this one.
 */
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecked } from '../../../common/run-program.js';
import { cachedEntry, hashInputs } from '../../fixtures/fixture-cache.js';

const BUSYBOX = '/bin/busybox';
/** Packages the account flows need, as the brief for these tests names them. */
export const ACCOUNT_PACKAGES = ['filesystem', 'sudo', 'shadow-utils', 'wsl-setup', 'azurelinux-release-wsl'];

/** Writes `<dir>/<name>.tar` (default busybox.tar): a minimal root WSL accepts (/etc and /bin/sh). */
export async function busyboxImage(dir: string, options: { name?: string; wslConf?: string } = {}): Promise<string> {
  const name = options.name ?? 'busybox';
  const root = join(dir, `${name}-root`);
  for (const sub of ['bin', 'etc', 'root', 'tmp']) await mkdir(join(root, sub), { recursive: true });
  await runChecked('cp', [BUSYBOX, join(root, 'bin', 'busybox')]);
  for (const tool of ['sh', 'cat', 'id', 'ls', 'true', 'grep', 'tee', 'rm', 'mkdir', 'chmod', 'chown', 'mv', 'test']) {
    await symlink('busybox', join(root, 'bin', tool));
  }
  await writeFile(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  await writeFile(join(root, 'etc', 'group'), 'root:x:0:\n');
  await writeFile(join(root, 'etc', 'wsl.conf'), options.wslConf ?? '[boot]\nsystemd=false\n');
  await chmod(join(root, 'tmp'), 0o1777);
  const tar = join(dir, `${name}.tar`);
  await runChecked('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', tar, '.']);
  await rm(root, { recursive: true, force: true });
  return tar;
}

/**
 * A copy of an uncompressed image tar with `files` (path inside the root → content, root-owned,
 * mode 0644) appended: extraction (GNU tar, bsdtar) and our archive index both let a later
 * member replace an earlier one of the same name. Seconds instead of another dnf build.
 */
export async function imageVariant(base: string, out: string, files: Record<string, string>): Promise<string> {
  const root = `${out}.files`;
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, dirname(path)), { recursive: true });
    await writeFile(join(root, path), content, { mode: 0o644 });
  }
  await copyFile(base, out);
  await runChecked('tar', ['--append', '--numeric-owner', '--owner=0', '--group=0', '-f', out, '-C', root, ...Object.keys(files).map((path) => `./${path}`)], { name: 'tar --append' });
  await rm(root, { recursive: true, force: true });
  return out;
}

export type AccountImage = { file: string } | { skip: string };

let accountImagePromise: Promise<AccountImage> | undefined;

/** The real-userland image (cached), or why it cannot be built here. */
export function accountImage(): Promise<AccountImage> {
  accountImagePromise ??= buildAccountImage();
  return accountImagePromise;
}

async function buildAccountImage(): Promise<AccountImage> {
  return installedImage({ cacheName: 'wsl-account-image', recipe: fileURLToPath(import.meta.url), packages: ACCOUNT_PACKAGES, file: 'account.tar' });
}

/** What installedImage installs and where it keeps the result. */
export interface InstalledImageRecipe {
  /** The fixture cache's name for it. */
  cacheName: string;
  /** The module that asks for it: its text is part of the cache key. */
  recipe: string;
  /** Installed with dnf from the azl4 fixture repository, without weak dependencies or GPG checks. */
  packages: readonly string[];
  /** The tar's file name in the cache entry. */
  file: string;
  /** Changes the root before it is tarred (a build stamp…). */
  finish?: (root: string) => Promise<void>;
}

/** A real-userland image tar (cached like the other fixture builds), or why it cannot be built here. */
export async function installedImage(recipe: InstalledImageRecipe): Promise<AccountImage> {
  const reposModule = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'fixtures', 'fixture-repos.ts');
  if (!existsSync(reposModule)) return { skip: 'test/fixtures/fixture-repos.ts does not exist, so there is no real userland with useradd/chpasswd to install' };
  const { ensureFixtureRepos } = (await import(reposModule)) as typeof import('../../fixtures/fixture-repos.js');
  let repos;
  try {
    repos = await ensureFixtureRepos();
  } catch (error) {
    return { skip: `the fixture repositories could not be built: ${error instanceof Error ? error.message : String(error)}` };
  }
  const key = await hashInputs([fileURLToPath(import.meta.url), recipe.recipe], [repos.cacheDir, ...recipe.packages]);
  const dir = await cachedEntry(recipe.cacheName, key, async (temp) => {
    const root = join(temp, 'root');
    await mkdir(root);
    await runChecked('dnf', [
      '-y', '-q', `--installroot=${root}`, '--releasever=4.0', '--setopt=reposdir=/nonexistent', `--setopt=cachedir=${join(temp, 'dnf-cache')}`,
      '--setopt=install_weak_deps=False', '--nogpgcheck', `--repofrompath=azl4,file://${repos.azl4}`, '--repo=azl4',
      'install', ...recipe.packages,
    ], { name: `dnf install (${recipe.cacheName})` });
    await rm(join(root, 'var', 'cache', 'dnf'), { recursive: true, force: true });
    await recipe.finish?.(root);
    await runChecked('tar', ['--numeric-owner', '--xattrs', '--xattrs-include=*', '-C', root, '-cf', join(temp, recipe.file), '.'], { name: `tar ${recipe.cacheName}` });
    await rm(root, { recursive: true, force: true });
    await rm(join(temp, 'dnf-cache'), { recursive: true, force: true });
  });
  return { file: join(dir, recipe.file) };
}
