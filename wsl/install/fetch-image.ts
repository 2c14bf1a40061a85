/**
 * Gets the image an answer file names: a local path as is, or an https URL downloaded into a
 * content-addressed cache, verified against its SHA-256, resumed with Range after a cut.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { AzlError, cancelledError } from '../../common/errors.js';
import { sha256OfFile } from '../../common/file-checks.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import type { AnswerImage } from '../answers/answer-file.js';

export interface FetchedImage {
  path: string;
  /** Expected digest, checked again by the install before registering. */
  sha256?: string;
}

export interface FetchImageOptions extends WorkOptions {
  /** Default: $XDG_CACHE_HOME/azl-wsl/images or ~/.cache/azl-wsl/images. */
  cacheDir?: string;
}

/** Attempts per download before giving up (each resumes where the last one stopped). */
const MAX_ATTEMPTS = 4;
const RETRY_BASE_MS = 500;

export function defaultImageCache(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'azl-wsl', 'images');
}

/** A path as is, or a URL downloaded and verified (catalog names are resolved to one of these first). */
export async function fetchImage(image: Exclude<AnswerImage, { kind: 'catalog' }>, options: FetchImageOptions = {}): Promise<FetchedImage> {
  if (image.kind === 'path') return { path: resolve(image.path), sha256: image.sha256 };
  const cacheDir = options.cacheDir ?? defaultImageCache();
  const expected = image.sha256.toLowerCase();
  const target = join(cacheDir, `${expected}.image`);
  if (await sizeOf(target)) return { path: target, sha256: expected };
  await mkdir(cacheDir, { recursive: true });
  const partial = `${target}.partial`;
  await runStep(options, 'download', `Downloading ${new URL(image.url).host}`, async (report) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await downloadOnce(image.url, partial, options.signal, report);
        break;
      } catch (error) {
        if (options.signal?.aborted) {
          await rm(partial, { force: true });
          throw cancelledError('The download');
        }
        if (error instanceof AzlError || attempt >= MAX_ATTEMPTS) {
          if (error instanceof AzlError) throw error;
          throw new AzlError('ARCHIVE_INVALID', `Could not download ${image.url}: ${(error as Error).message}`, {
            hint: 'Check the URL and the network (proxy settings), then run again; the partial download is kept and resumed.',
          });
        }
        await new Promise((done) => setTimeout(done, RETRY_BASE_MS * 2 ** (attempt - 1)));
      }
    }
  });
  const actual = await sha256OfFile(partial);
  if (actual !== expected) {
    await rm(partial, { force: true });
    throw new AzlError('ARCHIVE_INVALID', `The image downloaded from ${image.url} does not match its SHA-256.`, {
      hint: 'Check the sha256 in the answer file against the publisher\'s; the bad download was deleted.',
      detail: `expected ${expected}\nactual   ${actual}`,
    });
  }
  await rename(partial, target);
  return { path: target, sha256: expected };
}

async function downloadOnce(url: string, partial: string, signal: AbortSignal | undefined, report: (fraction?: number) => void): Promise<void> {
  const have = (await sizeOf(partial)) ?? 0;
  const response = await fetch(url, { signal, headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
  if (response.status === 404 || response.status === 401 || response.status === 403) {
    throw new AzlError('ARCHIVE_INVALID', `The image URL answered ${response.status}: ${url}`, { hint: 'Check the URL in the answer file.' });
  }
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const resumed = response.status === 206;
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = resumed ? have + length : length;
  let done = resumed ? have : 0;
  const out = createWriteStream(partial, { flags: resumed ? 'a' : 'w' });
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      done += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((drained) => out.once('drain', () => drained()));
      report(Number.isFinite(total) && total > 0 ? done / total : undefined);
    }
  } finally {
    await new Promise<void>((closed) => out.end(() => closed()));
  }
  if (Number.isFinite(total) && done !== total) throw new Error(`connection closed after ${done} of ${total} bytes`);
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

