/**
 * Content-addressed blob cache: `<cacheDir>/blobs/sha256/<hex>`.
 *
 * A blob is written to `<hex>.partial`, hashed as it arrives, and renamed into place only when
 * its size and SHA-256 match the descriptor, so a file under its digest name is always right.
 * An interrupted download keeps its `.partial` and continues with a Range request, within the
 * same pull (retries) or the next one. A wrong digest or size removes the partial file.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { AzlError } from '../../common/errors.js';
import { RegistryError } from './registry-error.js';
import type { RegistryClient } from './registry-client.js';
import { TransportFailure } from './http-transport.js';
import { blobDeadlineMs, DEFAULT_DOWNLOAD_LIMITS, RateGuard, type DownloadLimits } from './download-limits.js';

const DIGEST_PATTERN = /^sha256:([a-f0-9]{64})$/;

export interface BlobDescriptor {
  digest: string;
  size: number;
}

/** Path of a blob in the cache (whether or not it is there yet). */
export function blobPath(cacheDir: string, digest: string): string {
  const match = DIGEST_PATTERN.exec(digest);
  if (!match) {
    throw new RegistryError('MEDIA_TYPE_UNSUPPORTED', `The digest "${digest}" is not a sha256 digest.`, {
      hint: 'Only sha256 content digests are supported.',
    });
  }
  return join(cacheDir, 'blobs', 'sha256', match[1]);
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

async function hashFile(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

function mismatch(descriptor: BlobDescriptor, what: string): RegistryError {
  return new RegistryError('DIGEST_MISMATCH', `The downloaded blob ${descriptor.digest} ${what}.`, {
    hint: 'The damaged download was removed. Try again; if it persists, a proxy or mirror is altering the data.',
  });
}

function tooSlow(descriptor: BlobDescriptor, client: RegistryClient, limits: DownloadLimits): Error {
  return new TransportFailure(true, 'REGISTRY_UNREACHABLE', `The download of ${descriptor.digest} from ${client.registry} is too slow: fewer than ${limits.minBytesPerSecond} bytes per second arrived over ${limits.rateWindowMs / 1000} s.`, {
    hint: 'Check the network connection (or the proxy) and try again; the download resumes where it stopped.',
  });
}

function pastDeadline(descriptor: BlobDescriptor, client: RegistryClient, deadlineMs: number): RegistryError {
  return new RegistryError('REGISTRY_UNREACHABLE', `The download of ${descriptor.digest} (${descriptor.size} bytes) from ${client.registry} took longer than ${(deadlineMs / 1000).toFixed(deadlineMs < 10_000 ? 1 : 0)} s, retries included.`, {
    hint: 'The registry or the network is far too slow; try again later or use a registry mirror. What arrived is kept, and the next pull resumes from it.',
  });
}

/**
 * Downloads a blob into the cache (or finds it there) and returns its path. Never more bytes
 * than the descriptor gives are accepted, a dripping transfer is cut and retried, and the whole
 * download has a deadline (download-limits.ts).
 */
export async function fetchBlob(
  cacheDir: string,
  descriptor: BlobDescriptor,
  client: RegistryClient,
  onBytes?: (received: number) => void,
  limits: DownloadLimits = DEFAULT_DOWNLOAD_LIMITS,
): Promise<string> {
  const final = blobPath(cacheDir, descriptor.digest);
  if ((await sizeOf(final)) === descriptor.size) {
    onBytes?.(descriptor.size);
    return final;
  }
  await mkdir(join(cacheDir, 'blobs', 'sha256'), { recursive: true });
  const partial = `${final}.partial`;
  const expectedHex = DIGEST_PATTERN.exec(descriptor.digest)![1];

  const deadlineMs = blobDeadlineMs(descriptor.size, limits);
  const deadline = Date.now() + deadlineMs;
  return client.withRetries(`blob ${descriptor.digest}`, async () => {
    if (Date.now() >= deadline) throw pastDeadline(descriptor, client, deadlineMs);
    let offset = (await sizeOf(partial)) ?? 0;
    if (offset > descriptor.size) {
      await rm(partial, { force: true });
      offset = 0;
    }
    const response = await client.openBlob(descriptor.digest, offset);
    const contentRange = String(response.headers['content-range'] ?? '');
    if (response.statusCode === 206 && !contentRange.startsWith(`bytes ${offset}-`)) {
      response.resume();
      await rm(partial, { force: true });
      throw client.interrupted(descriptor.digest, new Error(`unexpected Content-Range "${contentRange}"`));
    }
    if (response.statusCode === 200) offset = 0;
    const hash = createHash('sha256');
    if (offset > 0) await hashFile(partial, hash);
    let received = offset;
    onBytes?.(received);
    // Written chunk by chunk and closed gracefully even when the body breaks off, so every byte
    // that arrived is on disk for the resume (a destroyed write stream would drop its buffer).
    const file = createWriteStream(partial, { flags: offset > 0 ? 'a' : 'w' });
    const fileError = new Promise<never>((_resolve, reject) => file.once('error', reject));
    fileError.catch(() => undefined);
    let bodyError: unknown;
    // Cut a dripping body (retried, resuming) and stop at the deadline (not retried).
    let cutReason: Error | undefined;
    const cut = (reason: Error): void => {
      cutReason ??= reason;
      response.destroy(reason);
    };
    const guard = new RateGuard(limits, () => cut(tooSlow(descriptor, client, limits)));
    const deadlineTimer = setTimeout(() => cut(pastDeadline(descriptor, client, deadlineMs)), Math.max(0, deadline - Date.now()));
    deadlineTimer.unref();
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        guard.add(chunk.length);
        received += chunk.length;
        if (received > descriptor.size) {
          response.destroy();
          file.destroy();
          await rm(partial, { force: true });
          throw mismatch(descriptor, `is larger than the ${descriptor.size} bytes its descriptor gives`);
        }
        hash.update(chunk);
        onBytes?.(received);
        if (!file.write(chunk)) await Promise.race([once(file, 'drain'), fileError]);
      }
    } catch (error) {
      if (error instanceof AzlError && error !== cutReason) throw error;
      bodyError = cutReason ?? error;
    } finally {
      guard.stop();
      clearTimeout(deadlineTimer);
    }
    await Promise.race([new Promise<void>((resolve) => file.end(resolve)), fileError]).catch((error: unknown) => {
      throw new AzlError('OUTPUT_UNWRITABLE', `The image cache ${cacheDir} cannot be written.`, {
        hint: 'Check that the cache folder is writable and has free space.',
        cause: error,
      });
    });
    // The body stopped early: keep what arrived and resume from there (unless past the deadline).
    if (bodyError instanceof RegistryError) throw bodyError;
    if (bodyError !== undefined) throw client.interrupted(descriptor.digest, bodyError);
    if (received < descriptor.size) throw client.interrupted(descriptor.digest, new Error(`only ${received} of ${descriptor.size} bytes arrived`));
    if (hash.digest('hex') !== expectedHex) {
      await rm(partial, { force: true });
      throw mismatch(descriptor, 'does not match its SHA-256 digest');
    }
    await rename(partial, final);
    return final;
  });
}

/** Stores a small document (a manifest) under its digest, for a later offline look. */
export async function storeBlob(cacheDir: string, digest: string, body: Buffer): Promise<string> {
  const final = blobPath(cacheDir, digest);
  await mkdir(join(cacheDir, 'blobs', 'sha256'), { recursive: true });
  const temporary = `${final}.partial`;
  await writeFile(temporary, body);
  await rename(temporary, final);
  return final;
}
