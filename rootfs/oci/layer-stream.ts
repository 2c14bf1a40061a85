/**
 * Uncompressed bytes of a cached layer blob.
 *
 * gzip is decompressed in-process. Node 20's zlib has no zstd, so zstd layers are expanded
 * once by the `zstd` program (Debian package `zstd`) into a temporary file next to the cache,
 * which both flattening passes then read; without the program the error says what to install.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { isAzlError } from '../../common/errors.js';
import { runChecked } from '../../common/run-program.js';
import { RegistryError } from './registry-error.js';
import type { PulledLayer } from './pull-image.js';

/** Big reads keep the per-chunk overhead of hashing and tar parsing low. */
const READ_CHUNK = 1024 * 1024;

/** Opens layers as plain tar streams; `dispose` removes any expanded zstd files. */
export class LayerSource {
  private temporaryDir: string | undefined;
  private readonly expanded = new Map<string, string>();

  constructor(
    private readonly workDir: string,
    private readonly signal?: AbortSignal,
  ) {}

  /** A readable stream of the layer's uncompressed tar bytes. */
  async open(layer: PulledLayer): Promise<Readable> {
    if (layer.compression === 'none') return createReadStream(layer.path, { highWaterMark: READ_CHUNK });
    if (layer.compression === 'gzip') {
      const file = createReadStream(layer.path, { highWaterMark: READ_CHUNK });
      const gunzip = createGunzip({ chunkSize: READ_CHUNK });
      file.on('error', (error) => gunzip.destroy(error));
      return file.pipe(gunzip);
    }
    return createReadStream(await this.expandZstd(layer), { highWaterMark: READ_CHUNK });
  }

  async dispose(): Promise<void> {
    if (this.temporaryDir) await rm(this.temporaryDir, { recursive: true, force: true });
    this.temporaryDir = undefined;
    this.expanded.clear();
  }

  private async expandZstd(layer: PulledLayer): Promise<string> {
    const known = this.expanded.get(layer.digest);
    if (known) return known;
    this.temporaryDir ??= await mkdtemp(join(this.workDir, 'zstd-'));
    const output = join(this.temporaryDir, layer.digest.replace(':', '-'));
    try {
      await runChecked('zstd', ['-d', '-q', '-f', '-o', output, layer.path], { name: 'zstd -d', signal: this.signal });
    } catch (error) {
      if (isAzlError(error) && error.code === 'PROGRAM_MISSING') {
        throw new RegistryError('MEDIA_TYPE_UNSUPPORTED', `Layer ${layer.digest} is zstd-compressed and the zstd program is not installed.`, {
          hint: 'Install zstd (on Debian/Ubuntu: apt-get install zstd) and try again.',
          cause: error,
        });
      }
      if (isAzlError(error) && error.code === 'PROGRAM_FAILED') {
        throw new RegistryError('LAYER_INVALID', `Layer ${layer.digest} is not a valid zstd stream.`, { detail: error.detail, cause: error });
      }
      throw error;
    }
    this.expanded.set(layer.digest, output);
    return output;
  }
}
