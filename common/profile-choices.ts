/**
 * What a profile file offers to build, as data: shared by the engine that reads it
 * (rootfs/profile/profile-choices.ts), the CLI that names a missing flag from it, and the app's
 * contract that lists the choices in the wizard (one shape, no copy on either side).
 */

export interface ProfileChoice {
  name: string;
  /** The file's own description of it (may be empty). */
  description: string;
  /** images.toml: the KIWI profile the image builds. */
  kiwiProfile?: string;
}

export interface ProfileChoices {
  /** The file, absolute. */
  profilePath: string;
  format: 'images-toml' | 'kiwi' | 'toolkit-json';
  /** What a choice selects: an image of images.toml (BuildSource `image`), a KIWI leaf profile (`kiwiProfile`), or a toolkit SystemConfig. */
  selects: 'image' | 'kiwi-profile' | 'system-config';
  choices: ProfileChoice[];
  /** True when building needs a choice (several images; KIWI profiles with none imported by default). */
  required: boolean;
}
