/** The options shared by `plan` and `build`: which profile, which image, which repositories. */
import { readProfile } from '../../rootfs/profile/read-profile.js';
import { listProfileChoices, type ProfileChoices } from '../../rootfs/profile/profile-choices.js';
import { AzlError, isAzlError } from '../../common/errors.js';
import { basename } from 'node:path';
import { applyRepositoryOverrides } from '../../rootfs/plan/repository-overrides.js';
import type { BuildPlan } from '../../rootfs/plan/build-plan.js';
import { usageError } from '../output/usage-error.js';
import { nearestName } from '../output/nearest-name.js';

export const PROFILE_OPTIONS = {
  profile: { type: 'string' },
  image: { type: 'string' },
  'kiwi-profile': { type: 'string' },
  repo: { type: 'string', multiple: true },
  'set-repo': { type: 'string', multiple: true },
  arch: { type: 'string' },
} as const;

/** The rpm architectures Azure Linux is built for (and dnf's `--forcearch` accepts for it). */
export const ARCHES = ['x86_64', 'aarch64'] as const;

/** Shell completion for the profile options' values. */
export const PROFILE_COMPLETIONS = { profile: 'file', arch: ARCHES } as const;

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

/** `--arch` checked as a usage error, before any profile is read or dnf runs. */
export function checkArch(command: string, arch: string | undefined): void {
  if (arch === undefined || (ARCHES as readonly string[]).includes(arch)) return;
  const guess = nearestName(arch, ARCHES);
  throw usageError(`--arch ${arch} is not an architecture Azure Linux is built for; use ${ARCHES.join(' or ')}.${guess ? ` Did you mean ${guess}?` : ''}`, command);
}

/** `name (description)` for each choice, for a usage message. */
function listChoices(choices: ProfileChoices): string {
  return choices.choices
    .map((choice) => {
      const about = [choice.description, choice.kiwiProfile && `KIWI profile ${choice.kiwiProfile}`].filter(Boolean).join(', ');
      return about ? `${choice.name} (${about})` : choice.name;
    })
    .join('; ');
}

/**
 * A choice the profile needs but the command line lacks (or names wrongly) is a usage error
 * naming the flag, with the choices and what each is, before anything is read further.
 */
function checkChoice(command: string, values: ProfileOptionValues, choices: ProfileChoices): void {
  const file = basename(choices.profilePath);
  if (choices.selects === 'image') {
    const names = choices.choices.map((choice) => choice.name);
    if (values.image !== undefined && !names.includes(values.image)) {
      const guess = nearestName(values.image, names);
      throw usageError(`--image ${values.image} is not an image of ${file}.${guess ? ` Did you mean ${guess}?` : ''} Its images: ${listChoices(choices)}.`, command);
    }
    if (values.image === undefined && choices.required) {
      throw usageError(`--image is required: ${file} lists several images. Choose one of: ${listChoices(choices)}.`, command);
    }
  }
  if (choices.selects === 'kiwi-profile' && choices.required && values['kiwi-profile'] === undefined) {
    throw usageError(`--kiwi-profile is required: ${file} defines profiles but builds none by default. Choose one of: ${listChoices(choices)}.`, command);
  }
}

/** Reads the profile and applies the command-line repository overrides. */
export async function planFromOptions(command: string, values: ProfileOptionValues): Promise<BuildPlan> {
  if (!values.profile) throw usageError('--profile is required: name an images.toml, a .kiwi description or a toolkit .json file.', command);
  checkArch(command, values.arch);
  checkChoice(command, values, await listProfileChoices(values.profile));
  let plan: BuildPlan;
  try {
    plan = await readProfile({
      profilePath: values.profile,
      image: values.image,
      kiwiProfile: values['kiwi-profile'],
      arch: values.arch,
    });
  } catch (error) {
    // A --kiwi-profile the description does not define: the user's command line, not the file.
    if (isAzlError(error) && error.code === 'PROFILE_UNKNOWN' && values['kiwi-profile'] !== undefined) {
      throw new AzlError('USAGE', `--kiwi-profile ${values['kiwi-profile']}: ${error.message}`, { hint: error.hint, detail: error.detail });
    }
    throw error;
  }
  return applyRepositoryOverrides(plan, { add: values.repo ?? [], set: values['set-repo'] ?? [] });
}
