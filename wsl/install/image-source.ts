/**
 * Turns what an install asks for (a file, an https download, a catalog name) into a local file
 * plus what the install record should say about it. Catalog names are resolved with WSL's own
 * lookup first (so policy can refuse before anything is fetched): a `file://` archive is used
 * where it lies, an http(s) one is downloaded into the content-addressed cache and verified,
 * with its build manifest beside it when the catalog published one.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AzlError } from '../../common/errors.js';
import type { AnswerImage } from '../answers/answer-file.js';
import { resolveCatalogImage, type CatalogImage } from '../catalog/catalog-image.js';
import { isHttpUrl, pathFromFileUrl } from '../catalog/catalog-url.js';
import type { Registry } from '../registry/registry.js';
import { defaultImageCache, fetchImage, type FetchImageOptions } from './fetch-image.js';
import type { ImageIdentity } from './install-record.js';

/** A build manifest is a few hundred KB; anything much larger is not one. */
const MAX_BUILD_MANIFEST_BYTES = 16 * 1024 * 1024;

export interface PreparedImage {
  file: string;
  /** Expected SHA-256, checked again by the install before registering. */
  sha256?: string;
  identity: ImageIdentity;
  /** The build manifest to record (when not simply NAME.manifest.json beside the file). */
  manifestPath?: string;
  /** The catalog entry, for catalog images. */
  catalogImage?: CatalogImage;
}

export interface PrepareImageOptions extends FetchImageOptions {
  registry: Registry;
  /** Read this catalog instead of the ones WSL is pointed at. */
  catalog?: string;
  platform?: NodeJS.Platform;
}

/** The catalog entry an answer file's `image.catalog` means (no download yet). */
export function lookUpAnswerImage(image: Extract<AnswerImage, { kind: 'catalog' }>, options: PrepareImageOptions): Promise<CatalogImage> {
  return resolveCatalogImage({ name: image.catalog, version: image.version, sha256: image.sha256, catalog: options.catalog }, { registry: options.registry, signal: options.signal, platform: options.platform });
}

/** A resolved catalog entry as a local file: in place for file://, downloaded and verified for http(s). */
export async function fetchCatalogImage(image: CatalogImage, options: FetchImageOptions & { platform?: NodeJS.Platform } = {}): Promise<PreparedImage> {
  const identity: ImageIdentity = { version: image.version, catalog: { name: image.name, flavor: image.flavor, url: image.catalogUrl } };
  const local = pathFromFileUrl(image.url, options.platform);
  if (local !== undefined) return { file: local, sha256: image.sha256, identity, catalogImage: image };
  if (!isHttpUrl(image.url)) {
    throw new AzlError('CATALOG_INVALID', `The catalog entry ${image.name} points at ${image.url}, which is neither file:// nor http(s)://.`, { hint: 'Fix the catalog entry.' });
  }
  const fetched = await fetchImage({ kind: 'url', url: image.url, sha256: image.sha256 }, options);
  let manifestPath: string | undefined;
  if (image.buildManifest && isHttpUrl(image.buildManifest.url)) manifestPath = await fetchBuildManifest(image, options.cacheDir ?? defaultImageCache(), options.signal);
  return { file: fetched.path, sha256: image.sha256, identity, manifestPath, catalogImage: image };
}

/** Downloads the published build manifest next to the cached image; undefined when that fails (it is optional). */
async function fetchBuildManifest(image: CatalogImage, cacheDir: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const response = await fetch(image.buildManifest!.url, { signal });
    if (!response.ok) return undefined;
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length > MAX_BUILD_MANIFEST_BYTES) return undefined;
    await mkdir(cacheDir, { recursive: true });
    const path = join(cacheDir, `${image.sha256}.manifest.json`);
    await writeFile(path, data);
    return path;
  } catch {
    await rm(join(cacheDir, `${image.sha256}.manifest.json`), { force: true }).catch(() => undefined);
    return undefined;
  }
}

/** Any answer-file image as a local file with its identity. */
export async function prepareImage(image: AnswerImage, options: PrepareImageOptions): Promise<PreparedImage> {
  if (image.kind === 'catalog') return fetchCatalogImage(await lookUpAnswerImage(image, options), options);
  const fetched = await fetchImage(image, options);
  return { file: fetched.path, sha256: fetched.sha256, identity: { version: image.version } };
}
