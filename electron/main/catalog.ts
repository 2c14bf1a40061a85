/** The wizard's source catalog: the images the app knows how to build, and their profiles. */
import { join } from 'node:path';

/** The folder (under the app's resources when packaged) that electron-builder.yml's extraResources fills. */
export const PACKAGED_PROFILES_FOLDER = 'profiles';
/** The catalog's profiles in the repository: the product copy that packaging ships (not test/fixtures). */
export const REPOSITORY_PROFILES_FOLDER = join('rootfs', 'samples');

/**
 * Where the catalog's profiles are: `resources/profiles` next to app.asar when packaged
 * (a real folder the build engine can read, which app.asar is not), the repository's
 * `rootfs/samples` (the built-in sample profiles) when run from a checkout.
 */
export function catalogProfilesDir(where: { packaged: boolean; resourcesPath: string; appDir: string }): string {
  return where.packaged ? join(where.resourcesPath, PACKAGED_PROFILES_FOLDER) : join(where.appDir, REPOSITORY_PROFILES_FOLDER);
}
import type { CatalogEntry } from '../contract/api.js';

/** A catalog entry with the profile it builds from (main only; the renderer sees CatalogEntry). */
export interface CatalogSource extends CatalogEntry {
  profilePath: string;
  image?: string;
  kiwiProfile?: string;
}

/**
 * The standard catalog over a profiles folder laid out like Azure Linux's repositories:
 * `azl4/images.toml` (KIWI, 4.0) and `azl3/marketplace-gen2.json` (toolkit JSON, 3.0).
 */
export function standardCatalog(profilesDir: string): CatalogSource[] {
  return [
    {
      id: 'azl4-wsl',
      label: 'Azure Linux 4.0 (WSL profile)',
      description: "Azure Linux 4.0 built from its own WSL image profile: nothing is changed.",
      profilePath: join(profilesDir, 'azl4', 'images.toml'),
      image: 'wsl',
    },
    {
      id: 'azl4-marketplace-gen2',
      label: 'Azure Linux 4.0 from marketplace-gen2 (same as our VMs)',
      description: 'The packages and configuration of the Azure VM image, turned into a WSL image; every change is listed with its reason.',
      profilePath: join(profilesDir, 'azl4', 'images.toml'),
      image: 'marketplace-gen2',
    },
    {
      id: 'azl3-marketplace-gen2',
      label: 'Azure Linux 3.0 from its cloud config',
      description: 'Azure Linux 3.0 from the toolkit JSON of its marketplace image, turned into a WSL image.',
      profilePath: join(profilesDir, 'azl3', 'marketplace-gen2.json'),
    },
  ];
}
