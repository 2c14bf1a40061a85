/**
 * Pulls a container image into the blob cache: manifest (picking the host architecture from a
 * multi-architecture index), config and layers, every blob checked against its digest and size.
 */
import { readFile } from 'node:fs/promises';
import type { WorkOptions } from '../../common/progress.js';
import { AzlError, cancelledError } from '../../common/errors.js';
import { RegistryError } from './registry-error.js';
import { formatImageReference, parseImageReference, withRegistry } from './image-reference.js';
import { HttpTransport } from './http-transport.js';
import { RegistryClient, type RetryPolicy } from './registry-client.js';
import { fetchBlob, storeBlob } from './blob-cache.js';
import type { DownloadLimits } from './download-limits.js';
import { isIndexType, isManifestType, layerCompression, type LayerCompression } from './media-types.js';
import type { ProxySettings } from './proxy-settings.js';

/** Layers download side by side; more than this gains little on one link and annoys rate limits. */
const LAYER_CONCURRENCY = 3;

export interface PullOptions extends WorkOptions {
  /** Content-addressed cache folder (created when missing). */
  cacheDir: string;
  /** Wanted architecture (`amd64`, `arm64`, or Node's `x64`); defaults to this machine's. */
  arch?: string;
  /** Proxy settings, normally from `resolveProxySettings(process.env)`. */
  proxy?: ProxySettings;
  /** Extra trusted root CA certificates (PEM files). */
  caFiles?: string[];
  /** Pull from this registry host instead of the one in the reference (a private mirror). */
  mirror?: string;
  /** Speak plain http to the registry (loopback or lab registries only). */
  plainHttp?: boolean;
  retry?: RetryPolicy;
  /** Minimum rate and deadline of each blob download (default DEFAULT_DOWNLOAD_LIMITS). */
  downloadLimits?: DownloadLimits;
}

export interface PulledLayer {
  digest: string;
  size: number;
  mediaType: string;
  compression: LayerCompression;
  /** SHA-256 of the uncompressed tar, from the image config (`rootfs.diff_ids`). */
  diffId: string;
  /** The verified blob in the cache. */
  path: string;
}

/** An image whose manifest, config and layers are all verified in the cache. */
export interface PulledImage {
  /** The reference pulled, in canonical form (after mirror substitution). */
  reference: string;
  /** Digest of the index when the reference named a multi-architecture image. */
  indexDigest?: string;
  /** Digest of the image manifest for the chosen platform. */
  manifestDigest: string;
  platform: { os: string; architecture: string; variant?: string };
  configDigest: string;
  /** The image config as the registry gave it (Env, Cmd, rootfs…). */
  config: Record<string, unknown>;
  /** Bottom layer first. */
  layers: PulledLayer[];
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/** Maps Node's and common spellings to the OCI architecture names. */
export function ociArchitecture(arch: string = process.arch): string {
  const names: Record<string, string> = { x64: 'amd64', x86_64: 'amd64', amd64: 'amd64', arm64: 'arm64', aarch64: 'arm64' };
  return names[arch] ?? arch;
}

function malformed(what: string): RegistryError {
  return new RegistryError('REGISTRY_FAILED', `The registry returned a malformed ${what}.`, {
    hint: 'Check that the reference names a container image (not a Helm chart or other artifact).',
  });
}

function checkDescriptor(value: unknown, what: string): Descriptor {
  const d = value as Descriptor;
  if (!d || typeof d.digest !== 'string' || typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) throw malformed(what);
  return d;
}

function parseJson(body: Buffer, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw malformed(what);
}

/** Pulls `reference` (tag or digest) into `options.cacheDir`. */
export async function pullImage(reference: string, options: PullOptions): Promise<PulledImage> {
  let ref = parseImageReference(reference);
  if (options.mirror) ref = withRegistry(ref, options.mirror);
  const shown = formatImageReference(ref);
  const architecture = ociArchitecture(options.arch);
  const log = (text: string): void => options.onProgress?.({ kind: 'log', step: 'pull', stream: 'info', text });
  const transport = await HttpTransport.create({ proxy: options.proxy, caFiles: options.caFiles });
  // One failed layer stops its siblings, so nothing is still writing into the cache when we return.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  try {
    const client = new RegistryClient(transport, ref.registry, ref.repository, {
      plainHttp: options.plainHttp,
      retry: options.retry,
      signal: stop.signal,
      onLog: log,
    });
    options.onProgress?.({ kind: 'step', step: 'pull', label: `Pulling ${shown}`, fraction: 0 });
    await client.ping();
    let manifest = await client.getManifest(ref.digest ?? ref.tag!);
    let indexDigest: string | undefined;
    let platform: PulledImage['platform'] | undefined;
    if (isIndexType(manifest.mediaType)) {
      indexDigest = manifest.digest;
      await storeBlob(options.cacheDir, manifest.digest, manifest.body);
      const index = parseJson(manifest.body, 'image index');
      if (!Array.isArray(index.manifests)) throw malformed('image index');
      const entries = (index.manifests as unknown[]).map((m) => checkDescriptor(m, 'image index'));
      const candidates = entries.filter((m) => m.platform?.os === 'linux' && m.platform.architecture === architecture);
      // arm64 images may carry variant v8 or none; prefer the plain one, then v8.
      const chosen = candidates.find((m) => !m.platform?.variant) ?? candidates.find((m) => m.platform?.variant === 'v8') ?? candidates[0];
      if (!chosen) {
        const available = entries.map((m) => `${m.platform?.os}/${m.platform?.architecture}${m.platform?.variant ? `/${m.platform.variant}` : ''}`);
        throw new RegistryError('PLATFORM_NOT_FOUND', `${shown} has no linux/${architecture} image.`, {
          hint: `Choose one of the architectures it has: ${available.join(', ') || 'none'}.`,
        });
      }
      platform = { os: 'linux', architecture, variant: chosen.platform?.variant };
      manifest = await client.getManifest(chosen.digest);
      if (manifest.digest !== chosen.digest) throw malformed('image index entry');
    }
    if (!isManifestType(manifest.mediaType)) {
      throw new RegistryError('MEDIA_TYPE_UNSUPPORTED', `${shown} is of type "${manifest.mediaType || 'unknown'}", not a container image.`, {
        hint: 'Use a reference to an OCI or Docker v2 image (schema 1 images and other artifacts are not supported).',
      });
    }
    await storeBlob(options.cacheDir, manifest.digest, manifest.body);
    const parsed = parseJson(manifest.body, 'image manifest');
    const configDescriptor = checkDescriptor(parsed.config, 'image manifest');
    if (!Array.isArray(parsed.layers)) throw malformed('image manifest');
    const layerDescriptors = (parsed.layers as unknown[]).map((l) => checkDescriptor(l, 'image manifest'));
    // Unknown layer types fail before anything large is downloaded.
    const compressions = layerDescriptors.map((l) => layerCompression(l.mediaType ?? ''));

    const configPath = await fetchBlob(options.cacheDir, configDescriptor, client, undefined, options.downloadLimits);
    const config = parseJson(await readFile(configPath), 'image config');
    const rootfs = config.rootfs as { diff_ids?: unknown } | undefined;
    const diffIds = rootfs?.diff_ids;
    if (!Array.isArray(diffIds) || diffIds.length !== layerDescriptors.length || !diffIds.every((d) => typeof d === 'string')) {
      throw malformed('image config (rootfs.diff_ids does not match the layers)');
    }
    if (!platform) {
      const configArch = ociArchitecture(String(config.architecture ?? ''));
      if (configArch && configArch !== architecture) {
        throw new RegistryError('PLATFORM_NOT_FOUND', `${shown} is a linux/${configArch} image, not linux/${architecture}.`, {
          hint: `Pass arch "${configArch}" to use it anyway, or pick a reference for ${architecture}.`,
        });
      }
      platform = { os: String(config.os ?? 'linux'), architecture: configArch || architecture };
    }

    const total = layerDescriptors.reduce((sum, l) => sum + l.size, 0) || 1;
    const received = new Array<number>(layerDescriptors.length).fill(0);
    const report = (): void => {
      const done = received.reduce((a, b) => a + b, 0);
      options.onProgress?.({ kind: 'step', step: 'pull', label: `Pulling ${shown}`, fraction: done / total, detail: `${done} of ${total} bytes` });
    };
    const paths = new Array<string>(layerDescriptors.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < layerDescriptors.length && !stop.signal.aborted) {
        const i = next++;
        paths[i] = await fetchBlob(options.cacheDir, layerDescriptors[i], client, (bytes) => {
          received[i] = bytes;
          report();
        }, options.downloadLimits);
      }
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: Math.min(LAYER_CONCURRENCY, layerDescriptors.length) }, () =>
        worker().catch((error: unknown) => {
          stop.abort();
          throw error;
        }),
      ),
    );
    // Report the first real failure, not the cancellations it caused in the other workers.
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as unknown);
    if (failures.length > 0) {
      if (options.signal?.aborted) throw cancelledError('The image download');
      throw failures.find((f) => !(f instanceof AzlError && f.code === 'CANCELLED')) ?? failures[0];
    }

    return {
      reference: shown,
      indexDigest,
      manifestDigest: manifest.digest,
      platform,
      configDigest: configDescriptor.digest,
      config,
      layers: layerDescriptors.map((l, i) => ({
        digest: l.digest,
        size: l.size,
        mediaType: l.mediaType ?? '',
        compression: compressions[i],
        diffId: diffIds[i] as string,
        path: paths[i],
      })),
    };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    transport.dispose();
  }
}
