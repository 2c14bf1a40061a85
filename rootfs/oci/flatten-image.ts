/**
 * Flattens an image's layers into one root tar, as one output stream, without extracting
 * anything to disk (Linux names, modes and owners never meet the Windows file system).
 *
 * Design: two reads of the (cached) layers, one write. Reading the layers top-down and
 * emitting as we go would also be one pass, but it writes children before their parent
 * directories and hard links before their targets, which extractors handle badly. So:
 *   1. Index: read the headers of layers 2..N (data skipped) and record, per path, the highest
 *      layer that names it, deletes it (`.wh.<name>`), makes it opaque (`.wh..wh..opq`) or
 *      turns it into a non-directory; plus the header of each path's top-most directory entry.
 *   2. Emit: read layers bottom-up and copy an entry (raw header bytes, PAX and xattrs
 *      included, then its data) only if no higher layer replaces or removes it. A directory
 *      is written once, at its first position, with the header of its top-most version, so
 *      parents always precede children. Hard links whose target is not written yet (it is
 *      replaced higher up) go at the end.
 * The output is a function of the layers only: same image, same bytes, same SHA-256.
 * Each layer's uncompressed bytes are checked against the config's diff_id during pass 2.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AzlError, cancelledError } from '../../common/errors.js';
import type { WorkOptions } from '../../common/progress.js';
import { RegistryError } from './registry-error.js';
import { LayerReader, type LayerEntry } from './layer-reader.js';
import { LayerSource } from './layer-stream.js';
import type { PulledImage, PulledLayer } from './pull-image.js';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
/**
 * Entries the flattener keeps track of at most (each costs a few hundred bytes in its maps). Base
 * images hold tens of thousands; a layer of millions of tiny entries (a few MB of gzip) is an
 * attack on memory and refused.
 */
export const MAX_TRACKED_ENTRIES = 1_000_000;
/** Two zero blocks end a tar archive. */
const END_OF_ARCHIVE = Buffer.alloc(1024);

export interface FlattenOptions extends WorkOptions {
  /** Where zstd layers are expanded temporarily (default: next to the layer blobs). */
  workDir?: string;
  /** Write the end-of-archive blocks and end the stream (default true); false lets the caller append entries. */
  closeArchive?: boolean;
}

export interface FlattenResult {
  /** Entries written. */
  entries: number;
  /** SHA-256 (hex) of the bytes written. */
  sha256: string;
}

interface TopEntry {
  layer: number;
  /** Raw header when the top-most entry for the path is a directory. */
  directoryHeader?: Buffer;
}

/** What the layers above a given layer do to each path (highest layer index per effect). */
class LayerIndex {
  readonly top = new Map<string, TopEntry>();
  readonly whiteout = new Map<string, number>();
  readonly opaque = new Map<string, number>();
  readonly nonDirectory = new Map<string, number>();

  record(layer: number, entry: LayerEntry): void {
    if (this.top.size + this.whiteout.size + this.opaque.size >= MAX_TRACKED_ENTRIES) throw tooManyEntries(layer);
    const marker = whiteoutTarget(entry.path);
    if (marker) {
      const map = marker.opaque ? this.opaque : this.whiteout;
      map.set(marker.path, Math.max(map.get(marker.path) ?? -1, layer));
      return;
    }
    if (isAufsMetadata(entry.path)) return;
    this.top.set(entry.path, { layer, directoryHeader: entry.type === 'directory' ? entry.header : undefined });
    // A non-directory here removes what lower layers had below it, even if a higher layer makes it a directory again.
    if (entry.type !== 'directory') this.nonDirectory.set(entry.path, Math.max(this.nonDirectory.get(entry.path) ?? -1, layer));
  }

  /** True when a layer above `layer` deletes `path` or one of its parents. */
  removed(path: string, layer: number): boolean {
    if ((this.whiteout.get(path) ?? -1) > layer) return true;
    for (let slash = path.lastIndexOf('/'); ; slash = path.lastIndexOf('/', slash - 1)) {
      const parent = slash < 0 ? '' : path.slice(0, slash);
      if ((this.whiteout.get(parent) ?? -1) > layer || (this.opaque.get(parent) ?? -1) > layer || (this.nonDirectory.get(parent) ?? -1) > layer) return true;
      if (slash < 0) return false;
    }
  }
}

function tooManyEntries(layer: number): RegistryError {
  return new RegistryError('LAYER_INVALID', `The image has more than ${MAX_TRACKED_ENTRIES} entries (found while reading layer ${layer + 1}).`, {
    hint: 'Base images hold far fewer; the image is damaged or built to exhaust memory. Pick another image.',
  });
}

/** For `.wh.` entries: the path they delete, or the directory they make opaque. */
function whiteoutTarget(path: string): { path: string; opaque: boolean } | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (!base.startsWith(WHITEOUT_PREFIX)) return undefined;
  const parent = slash < 0 ? '' : path.slice(0, slash);
  if (base === OPAQUE_MARKER) return { path: parent, opaque: true };
  if (base.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) return undefined; // aufs metadata, see below
  const name = base.slice(WHITEOUT_PREFIX.length);
  return { path: parent ? `${parent}/${name}` : name, opaque: false };
}

/** aufs' own `.wh..wh.*` files (hard-link and temp dirs) are not part of the image. */
function isAufsMetadata(path: string): boolean {
  return path.slice(path.lastIndexOf('/') + 1).startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`);
}

function parentsOf(path: string): string[] {
  const parents: string[] = [];
  for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) parents.push(path.slice(0, slash));
  return parents;
}

/** Writes chunks with back-pressure and hashes them. */
class OutputSink {
  readonly hash = createHash('sha256');
  constructor(private readonly stream: Writable) {}

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}

function label(layer: PulledLayer, index: number): string {
  return `${index + 1} (${layer.digest.slice(0, 19)})`;
}

async function readLayer(
  source: LayerSource,
  layer: PulledLayer,
  index: number,
  signal: AbortSignal | undefined,
  visit: (entry: LayerEntry, reader: LayerReader) => Promise<void>,
): Promise<string> {
  const stream = await source.open(layer);
  const reader = new LayerReader(stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>, label(layer, index));
  try {
    for (let entry = await reader.next(); entry; entry = await reader.next()) {
      if (signal?.aborted) throw cancelledError('Flattening the image');
      await visit(entry, reader);
    }
  } catch (error) {
    if (error instanceof AzlError) throw error;
    throw new RegistryError('LAYER_INVALID', `Layer ${label(layer, index)} cannot be decompressed: ${(error as Error).message}.`, {
      hint: 'The cached layer is damaged; delete the cache folder and pull again.',
      cause: error,
    });
  } finally {
    stream.destroy();
  }
  return `sha256:${reader.hash.digest('hex')}`;
}

async function flattenInto(image: PulledImage, sink: OutputSink, source: LayerSource, options: FlattenOptions): Promise<number> {
  const layers = image.layers;
  const total = layers.length * 2 - 1;
  let done = 0;
  const report = (): void => options.onProgress?.({ kind: 'step', step: 'flatten', label: 'Flattening image layers', fraction: done / total });
  report();

  // Pass 1: the bottom layer needs no indexing: nothing is below it to hide.
  const index = new LayerIndex();
  for (let i = 1; i < layers.length; i += 1) {
    await readLayer(source, layers[i], i, options.signal, async (entry) => index.record(i, entry));
    done += 1;
    report();
  }

  // Pass 2.
  let entries = 0;
  const written = new Set<string>();
  const symlinks = new Set<string>();
  const deferredLinks: { entry: LayerEntry; layer: number }[] = [];
  const emit = async (header: Buffer, entry: LayerEntry, reader?: LayerReader): Promise<void> => {
    if (written.size >= MAX_TRACKED_ENTRIES) throw tooManyEntries(layers.length - 1);
    await sink.write(header);
    if (reader) await reader.copyData((chunk) => sink.write(chunk));
    written.add(entry.path);
    if (entry.type === 'symlink') symlinks.add(entry.path);
    else symlinks.delete(entry.path);
    entries += 1;
  };
  for (let i = 0; i < layers.length; i += 1) {
    const layerName = label(layers[i], i);
    const diffId = await readLayer(source, layers[i], i, options.signal, async (entry, reader) => {
      if (whiteoutTarget(entry.path) || isAufsMetadata(entry.path)) return;
      if (index.removed(entry.path, i)) return;
      const escape = parentsOf(entry.path).find((parent) => symlinks.has(parent));
      if (escape !== undefined) {
        throw new RegistryError('LAYER_PATH_ESCAPE', `Layer ${layerName} writes "${entry.path}" through the symbolic link "${escape}".`, {
          hint: 'The image is unsafe or malformed; do not use it.',
        });
      }
      const top = index.top.get(entry.path);
      if (top && top.layer > i) {
        // Replaced higher up. A directory is still written here, with its final header, so its
        // children from this layer have their parent before them.
        if (entry.type === 'directory' && top.directoryHeader && !written.has(entry.path) && !index.removed(entry.path, top.layer)) {
          await emit(top.directoryHeader, entry);
        }
        return;
      }
      if (entry.type === 'directory' && written.has(entry.path)) return;
      if (entry.type === 'hardlink' && !written.has(entry.linkPath)) {
        deferredLinks.push({ entry, layer: i });
        return;
      }
      await emit(entry.header, entry, reader);
    });
    if (diffId !== layers[i].diffId) {
      throw new RegistryError('DIGEST_MISMATCH', `Layer ${layerName} does not match the diff_id in the image config (${layers[i].diffId}, got ${diffId}).`, {
        hint: 'The cached layer or the image is damaged; delete the cache folder and pull again.',
      });
    }
    done += 1;
    report();
  }
  for (const { entry, layer } of deferredLinks) {
    if (!written.has(entry.linkPath)) {
      throw new RegistryError('LAYER_INVALID', `Layer ${label(layers[layer], layer)} has the hard link "${entry.path}" to "${entry.linkPath}", which is not in the image.`, {
        hint: 'Hard links to files that a higher layer removes are not supported; rebuild the image without them.',
      });
    }
    await emit(entry.header, entry);
  }
  return entries;
}

/** Writes the merged root of `image` as one tar archive to a file (atomically) or a stream. */
export async function flattenImage(image: PulledImage, outTar: string | Writable, options: FlattenOptions = {}): Promise<FlattenResult> {
  const closeArchive = options.closeArchive ?? true;
  const workDir = options.workDir ?? dirname(image.layers[0]?.path ?? process.cwd());
  const source = new LayerSource(workDir, options.signal);
  const temporary = typeof outTar === 'string' ? `${outTar}.partial-${process.pid}` : undefined;
  let stream: Writable;
  if (temporary) {
    await mkdir(dirname(temporary), { recursive: true });
    stream = createWriteStream(temporary);
  } else {
    stream = outTar as Writable;
  }
  const failed = new Promise<never>((_resolve, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const started = Date.now();
  try {
    const sink = new OutputSink(stream);
    const entries = await Promise.race([flattenInto(image, sink, source, options), failed]);
    if (closeArchive) {
      await sink.write(END_OF_ARCHIVE);
      await Promise.race([new Promise<void>((resolve) => stream.end(resolve)), failed]);
    }
    if (temporary) await rename(temporary, outTar as string);
    options.onProgress?.({ kind: 'step-done', step: 'flatten', label: 'Flattening image layers', elapsedMs: Date.now() - started });
    return { entries, sha256: sink.hash.digest('hex') };
  } catch (error) {
    if (temporary) {
      stream.destroy();
      await rm(temporary, { force: true });
    }
    if (error instanceof AzlError || !temporary) throw error;
    throw new AzlError('OUTPUT_UNWRITABLE', `The flattened root cannot be written to ${outTar as string}.`, {
      hint: 'Check that the folder exists, is writable and has free space.',
      cause: error,
    });
  } finally {
    await source.dispose();
  }
}
