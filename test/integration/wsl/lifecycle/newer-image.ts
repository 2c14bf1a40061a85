/**
 * A newer real-userland image for the upgrade test: the account image's packages plus jq and
 * less, installed with dnf from the fixture repositories and cached like the other fixture
 * builds. "The new packages" the upgrade must bring are these two.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACCOUNT_PACKAGES, installedImage, type AccountImage } from '../test-images.js';

export const NEW_PACKAGES = ['jq', 'less'];

export type NewerImage = AccountImage;

let promise: Promise<NewerImage> | undefined;

export function newerAccountImage(): Promise<NewerImage> {
  promise ??= installedImage({
    cacheName: 'lifecycle-newer-image',
    recipe: fileURLToPath(import.meta.url),
    packages: [...ACCOUNT_PACKAGES, ...NEW_PACKAGES],
    file: 'newer.tar',
    // The image's build stamp, as a newer build of the same release carries.
    finish: (root) => writeFile(join(root, 'etc', 'azl-image-build'), 'AZL_IMAGE_BUILD=20261202.1\n'),
  });
  return promise;
}
