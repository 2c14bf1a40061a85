/** `images.toml` (azldev's image registry): image name → KIWI description and profile. */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parse } from 'smol-toml';
import { AzlError } from '../../common/errors.js';
import { formatLocation, type SourceLocation } from '../../common/source-location.js';
import { resolveInsideDescription } from './description-paths.js';

export interface ImageEntry {
  /** Key under `[images]`. */
  imageName: string;
  /** Absolute path of the `.kiwi` file. */
  kiwiPath: string;
  /** Profile the registry names for this image. */
  profile?: string;
  /** The architectures the image is built for (`architectures = [...]`); absent = any. */
  architectures?: string[];
  source: SourceLocation;
}

/** Reads `images.toml` and picks `image` (required when there are several). */
export async function readImagesToml(tomlPath: string, image: string | undefined): Promise<ImageEntry> {
  const text = await readFile(tomlPath, 'utf8');
  const display = basename(tomlPath);
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (error) {
    // smol-toml reports an unterminated table or array at the end of the file; the user
    // needs the last line that has text on it.
    const lastTextLine = text.trimEnd().split('\n').length;
    const line = Math.min((error as { line?: number }).line ?? 1, lastTextLine);
    const where = `${display}:${line}`;
    const reason = String((error as Error).message).split('\n')[0];
    throw new AzlError('PROFILE_SYNTAX', `${where} is not valid TOML: ${reason.replace(/^Invalid TOML document: /, '')}.`, {
      hint: 'Fix the TOML at that line.',
      detail: where,
      cause: error,
    });
  }
  const images = (data.images ?? {}) as Record<string, unknown>;
  const names = Object.keys(images);
  const lineOf = (name: string): number => {
    const index = text.split('\n').findIndex((line) => line.trim().replace(/\s+/g, '').startsWith(`[images.${name}]`));
    return index + 1;
  };
  if (names.length === 0) {
    throw new AzlError('PROFILE_INVALID', `${display} lists no [images.*] entries.`, { hint: 'Point at a .kiwi file instead, or add an image.' });
  }
  const chosen = image ?? (names.length === 1 ? names[0] : undefined);
  if (chosen === undefined) {
    throw new AzlError('PROFILE_UNKNOWN', `${display} lists several images; choose one.`, {
      hint: `Pass one of: ${names.join(', ')}.`,
      detail: `images: ${names.join(', ')}`,
    });
  }
  if (!Object.hasOwn(images, chosen)) {
    throw new AzlError('PROFILE_UNKNOWN', `${display} has no image "${chosen}".`, {
      hint: `Choose one of: ${names.join(', ')}.`,
      detail: `images: ${names.join(', ')}`,
    });
  }
  const source: SourceLocation = { file: display, line: lineOf(chosen) };
  const definition = (images[chosen] as { definition?: Record<string, unknown> }).definition;
  if (!definition || typeof definition.path !== 'string') {
    throw new AzlError('PROFILE_INVALID', `The image "${chosen}" at ${formatLocation(source)} has no definition.path.`, {
      hint: 'Write definition = { type = "kiwi", path = "….kiwi", profile = "…" }.',
      detail: formatLocation(source),
    });
  }
  if (definition.type !== undefined && definition.type !== 'kiwi') {
    throw new AzlError('PROFILE_UNSUPPORTED', `The image "${chosen}" at ${formatLocation(source)} has definition type "${String(definition.type)}"; only "kiwi" is supported.`, {
      hint: 'Point at the description file directly.',
      detail: formatLocation(source),
    });
  }
  const registryDir = dirname(tomlPath);
  const kiwiPath = resolveInsideDescription(registryDir, registryDir, definition.path, 'description', source);
  return {
    imageName: chosen,
    kiwiPath,
    ...(typeof definition.profile === 'string' ? { profile: definition.profile } : {}),
    ...architecturesOf(images[chosen], chosen, source),
    source,
  };
}

/** The entry's `architectures` list, checked to be strings. */
function architecturesOf(entry: unknown, name: string, source: SourceLocation): Pick<ImageEntry, 'architectures'> {
  const value = (entry as { architectures?: unknown }).architectures;
  if (value === undefined) return {};
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw new AzlError('PROFILE_INVALID', `The image "${name}" at ${formatLocation(source)} has an architectures value that is not a list of names.`, {
      hint: 'Write architectures = ["x86_64", "aarch64"].',
      detail: formatLocation(source),
    });
  }
  return { architectures: value as string[] };
}
