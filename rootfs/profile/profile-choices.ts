/**
 * What a profile file offers to choose from, before anything is built: the images of an
 * `images.toml` (each with its description and KIWI profile), the leaf profiles of a `.kiwi`
 * description, or the SystemConfigs of a toolkit JSON. The CLI names the missing flag from it
 * and the desktop app lists the choices with their descriptions.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { parse } from 'smol-toml';
import { AzlError } from '../../common/errors.js';
import type { ProfileChoices } from '../../common/profile-choices.js';
import { loadKiwiDocument } from './kiwi-document.js';
import { collectProfiles, leafProfiles } from './kiwi-profiles.js';

export type { ProfileChoice, ProfileChoices } from '../../common/profile-choices.js';

/** Reads which images or profiles `profilePath` offers; a missing or broken file is a PROFILE_* error. */
export async function listProfileChoices(profilePath: string): Promise<ProfileChoices> {
  const path = resolve(profilePath);
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
  } catch {
    throw new AzlError('PROFILE_NOT_FOUND', `The profile ${profilePath} does not exist or is not a file.`, {
      hint: 'Point at an images.toml, a .kiwi description or a toolkit .json image config.',
    });
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.toml') return imagesTomlChoices(path);
  if (extension === '.kiwi' || extension === '.xml') {
    const document = await loadKiwiDocument(path);
    const profiles = collectProfiles(document.children);
    const leaves = leafProfiles(profiles);
    const imported = [...profiles.values()].some((profile) => profile.imported);
    return {
      profilePath: path,
      format: 'kiwi',
      selects: 'kiwi-profile',
      choices: leaves.map((name) => ({ name, description: profiles.get(name)?.description ?? '' })),
      required: leaves.length > 0 && !imported,
    };
  }
  if (extension === '.json') return toolkitChoices(path);
  throw new AzlError('PROFILE_UNSUPPORTED', `${profilePath} is not a profile format azl-wsl reads.`, {
    hint: 'Use an images.toml, a .kiwi description (Azure Linux 4.0) or a toolkit .json image config (Azure Linux 3.0).',
  });
}

async function imagesTomlChoices(path: string): Promise<ProfileChoices> {
  let data: Record<string, unknown>;
  try {
    data = parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new AzlError('PROFILE_SYNTAX', `${basename(path)} is not valid TOML.`, { hint: 'Fix the TOML; `azl-wsl plan` names the line.', cause: error });
  }
  const images = (data.images ?? {}) as Record<string, { description?: unknown; definition?: { profile?: unknown } }>;
  const choices = Object.entries(images).map(([name, entry]) => {
    const profile = typeof entry?.definition?.profile === 'string' ? entry.definition.profile : undefined;
    const description = typeof entry?.description === 'string' ? entry.description : '';
    return { name, description, ...(profile ? { kiwiProfile: profile } : {}) };
  });
  return { profilePath: path, format: 'images-toml', selects: 'image', choices, required: choices.length > 1 };
}

async function toolkitChoices(path: string): Promise<ProfileChoices> {
  let data: { SystemConfigs?: Array<{ Name?: unknown; PackageLists?: unknown }> };
  try {
    data = JSON.parse(await readFile(path, 'utf8')) as typeof data;
  } catch (error) {
    throw new AzlError('PROFILE_SYNTAX', `${basename(path)} is not valid JSON.`, { hint: 'Fix the JSON; `azl-wsl plan` names the line.', cause: error });
  }
  const configs = Array.isArray(data.SystemConfigs) ? data.SystemConfigs : [];
  const choices = configs.map((config) => ({
    name: typeof config?.Name === 'string' ? config.Name : '',
    description: Array.isArray(config?.PackageLists) ? `${config.PackageLists.length} package lists` : '',
  }));
  // The first SystemConfig is built when none is named (as the toolkit does).
  return { profilePath: path, format: 'toolkit-json', selects: 'system-config', choices, required: false };
}
