/** The options shared by `plan` and `build`: which profile, which image, which repositories. */
import { readProfile } from '../../rootfs/profile/read-profile.js';
import { applyRepositoryOverrides } from '../../rootfs/plan/repository-overrides.js';
import type { BuildPlan } from '../../rootfs/plan/build-plan.js';
import { usageError } from '../output/usage-error.js';

export const PROFILE_OPTIONS = {
  profile: { type: 'string' },
  image: { type: 'string' },
  'kiwi-profile': { type: 'string' },
  repo: { type: 'string', multiple: true },
  'set-repo': { type: 'string', multiple: true },
  arch: { type: 'string' },
} as const;

export const PROFILE_HELP = `  --profile FILE         images.toml, a .kiwi description or a toolkit .json image config (required)
  --image NAME           image name in images.toml (when it lists several)
  --kiwi-profile NAME    KIWI leaf profile, e.g. wsl, marketplace-gen2, core
  --repo URL[,gpgkey=K]  add a repository (repeatable), like kiwi --add-repo
  --set-repo URL[,gpgkey=K]  replace the profile's repositories (repeatable), like kiwi --set-repo
  --arch ARCH            target architecture (x86_64, aarch64); default: this machine's`;

export interface ProfileOptionValues {
  profile?: string;
  image?: string;
  'kiwi-profile'?: string;
  repo?: string[];
  'set-repo'?: string[];
  arch?: string;
}

/** Reads the profile and applies the command-line repository overrides. */
export async function planFromOptions(command: string, values: ProfileOptionValues): Promise<BuildPlan> {
  if (!values.profile) throw usageError('--profile is required.', command);
  const plan = await readProfile({
    profilePath: values.profile,
    image: values.image,
    kiwiProfile: values['kiwi-profile'],
    arch: values.arch,
  });
  return applyRepositoryOverrides(plan, { add: values.repo ?? [], set: values['set-repo'] ?? [] });
}
