/**
 * A newer real-userland image for the upgrade test: the account image's packages plus jq and
 * less, installed with dnf from the fixture repositories and cached like the other fixture
 * builds. "The new packages" the upgrade must bring are these two.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecked } from '../../../../common/run-program.js';
import { cachedEntry, hashInputs } from '../../../fixtures/fixture-cache.js';

/** What the account image has (test-images.ts), and what the newer one adds. */
const BASE_PACKAGES = ['filesystem', 'sudo', 'shadow-utils', 'wsl-setup', 'azurelinux-release-wsl'];
export const NEW_PACKAGES = ['jq', 'less'];

export type NewerImage = { file: string } | { skip: string };

let promise: Promise<NewerImage> | undefined;

export function newerAccountImage(): Promise<NewerImage> {
  promise ??= build();
  return promise;
}

async function build(): Promise<NewerImage> {
  const reposModule = fileURLToPath(new URL('../../../fixtures/fixture-repos.ts', import.meta.url));
  if (!existsSync(reposModule)) return { skip: 'there are no fixture repositories to build the newer image from' };
  const { ensureFixtureRepos } = (await import(reposModule)) as typeof import('../../../fixtures/fixture-repos.js');
  let repos;
  try {
    repos = await ensureFixtureRepos();
  } catch (error) {
    return { skip: `the fixture repositories could not be built: ${error instanceof Error ? error.message : String(error)}` };
  }
  const packages = [...BASE_PACKAGES, ...NEW_PACKAGES];
  const key = await hashInputs([fileURLToPath(import.meta.url)], [repos.cacheDir, ...packages]);
  const dir = await cachedEntry('lifecycle-newer-image', key, async (temp) => {
    const root = join(temp, 'root');
    await mkdir(root);
    await runChecked('dnf', [
      '-y', '-q', `--installroot=${root}`, '--releasever=4.0', '--setopt=reposdir=/nonexistent', `--setopt=cachedir=${join(temp, 'dnf-cache')}`,
      '--setopt=install_weak_deps=False', '--nogpgcheck', `--repofrompath=azl4,file://${repos.azl4}`, '--repo=azl4',
      'install', ...packages,
    ], { name: 'dnf install (newer image)' });
    await rm(join(root, 'var', 'cache', 'dnf'), { recursive: true, force: true });
    // The image's build stamp, as a newer build of the same release carries.
    await writeFile(join(root, 'etc', 'azl-image-build'), 'AZL_IMAGE_BUILD=20261202.1\n');
    await runChecked('tar', ['--numeric-owner', '--xattrs', '--xattrs-include=*', '-C', root, '-cf', join(temp, 'newer.tar'), '.'], { name: 'tar newer image' });
    await rm(root, { recursive: true, force: true });
    await rm(join(temp, 'dnf-cache'), { recursive: true, force: true });
  });
  return { file: join(dir, 'newer.tar') };
}
