/**
 * Validation of the tar stream the build is packing, fed block by block as it is written,
 * so the build never reads and decompresses its own archive a second time. The rules are
 * validate-image.ts's, applied to the same kind of index a file read gives.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { detectCompression } from '../archive/tar-reader.js';
import { indexTarStream, type ArchiveIndex } from './archive-index.js';
import { validateIndexedImage, type ValidationReport } from './validate-image.js';

/** Uncompressed bytes buffered ahead of the indexer before the packer waits for it. */
const BUFFERED_BYTES = 8 * 1024 * 1024;

/** Indexes tar bytes as they are produced; `finish` applies the rules once the file is written. */
export class TarStreamValidation {
  private readonly input = new PassThrough({ highWaterMark: BUFFERED_BYTES });
  private readonly indexed: Promise<ArchiveIndex>;
  private settled = false;

  constructor(private readonly options: { arch?: string; signal?: AbortSignal } = {}) {
    this.input.on('error', () => undefined); // a failed indexer destroys its input; finish() reports why
    this.indexed = indexTarStream(this.input, options.signal);
    this.indexed.then(
      () => (this.settled = true),
      () => (this.settled = true),
    );
  }

  /** Takes the next uncompressed tar bytes (the caller must not reuse `data`). */
  async write(data: Buffer): Promise<void> {
    if (this.settled || this.input.destroyed) return; // the indexer stopped; finish() reports it
    if (!this.input.write(data)) {
      await Promise.race([once(this.input, 'drain').catch(() => undefined), this.indexed.catch(() => undefined)]);
    }
  }

  /** Ends the stream and validates; `file` is the written archive (its compression, and linked files outside /etc). */
  async finish(file: string): Promise<ValidationReport> {
    this.input.end();
    const index = await this.indexed;
    return validateIndexedImage(index, { file, compression: await detectCompression(file), arch: this.options.arch, signal: this.options.signal });
  }

  /** Stops indexing (after a failed or cancelled pack). */
  dispose(): void {
    this.input.destroy();
    this.indexed.catch(() => undefined);
  }
}
