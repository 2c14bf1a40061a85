/**
 * Entry point of the profile readers: an `images.toml` registry, a KIWI `.kiwi` file or a
 * toolkit `.json` image config becomes one `BuildPlan`.
 */
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { formatLocation } from '../../common/source-location.js';
import type { BuildPlan } from '../plan/build-plan.js';
import { readImagesToml } from './images-toml.js';
import { readKiwiDescription } from './read-kiwi.js';
import { readToolkitJson } from './read-toolkit-json.js';

export interface ReadProfileOptions {
  /** images.toml, a .kiwi file, or a toolkit .json. */
  profilePath: string;
  /** Image name in images.toml (required when the toml has several; the error lists them). */
  image?: string;
  /** Leaf profile (overrides the one images.toml names); the error lists valid ones when unknown. */
  kiwiProfile?: string;
  /** rpm arch; default from process.arch (x64→x86_64, arm64→aarch64). */
  arch?: string;
}

const RPM_ARCH_BY_NODE_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

/** The rpm name of the architecture this process runs on. */
export function defaultRpmArch(nodeArch: string = process.arch): string {
  return RPM_ARCH_BY_NODE_ARCH[nodeArch] ?? nodeArch;
}

/** Reads any supported profile file into a `BuildPlan`. */
export async function readProfile(options: ReadProfileOptions): Promise<BuildPlan> {
  const profilePath = resolve(options.profilePath);
  const arch = options.arch ?? defaultRpmArch();
  try {
    if (!(await stat(profilePath)).isFile()) throw new Error('not a file');
  } catch {
    throw new AzlError('PROFILE_NOT_FOUND', `The profile ${options.profilePath} does not exist or is not a file.`, {
      hint: 'Point at an images.toml, a .kiwi description or a toolkit .json image config.',
    });
  }
  const extension = extname(profilePath).toLowerCase();
  if (extension === '.toml') {
    const entry = await readImagesToml(profilePath, options.image);
    if (entry.architectures && !entry.architectures.includes(arch)) {
      throw new AzlError('PROFILE_ARCH_UNSUPPORTED', `The image "${entry.imageName}" is built for ${entry.architectures.join(' and ')} only, not ${arch}.`, {
        hint: `Build it with --arch ${entry.architectures[0]}, or choose an image made for ${arch}.`,
        detail: `${formatLocation(entry.source)}: architectures = [${entry.architectures.map((name) => `"${name}"`).join(', ')}]`,
      });
    }
    return readKiwiDescription({
      kiwiPath: entry.kiwiPath,
      profilePath,
      profile: options.kiwiProfile ?? entry.profile,
      arch,
      imageName: entry.imageName,
    });
  }
  if (extension === '.kiwi' || extension === '.xml') {
    return readKiwiDescription({ kiwiPath: profilePath, profilePath, profile: options.kiwiProfile, arch });
  }
  if (extension === '.json') {
    return readToolkitJson({ jsonPath: profilePath, systemConfig: options.kiwiProfile ?? options.image, arch });
  }
  throw new AzlError('PROFILE_UNSUPPORTED', `${options.profilePath} is not a profile format azl-wsl reads.`, {
    hint: 'Use an images.toml, a .kiwi description (Azure Linux 4.0) or a toolkit .json image config (Azure Linux 3.0).',
  });
}
