/**
 * `azl-wsl snapshot NAME`: the distribution exported with wsl.exe into the snapshot folder,
 * verified (SHA-256, readable to the end, a Linux root), and recorded with what a restore must
 * re-apply. The export is written under a temporary name and only renamed into place once
 * verified; a failure or cancel removes it. The distribution itself is only read.
 */
import { rename, rm, stat } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { throwIfAborted } from '../../common/errors.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { resolveInArchive, type ArchiveIndex } from '../../rootfs/validate/archive-index.js';
import { exportDistro } from '../driver/wsl-export.js';
import { parseOsRelease } from '../account/image-snapshot.js';
import { callOptions, readDistroFacts, type DistroFacts, type FactsOptions } from './distro-facts.js';
import { requireSpace } from './free-space.js';
import { newSnapshotId, partialName, snapshotExtension, snapshotRoot, SnapshotStore, type SnapshotFormat, type SnapshotInfo, type SnapshotReason } from './snapshot-store.js';
import { verifyArchive } from './verify-archive.js';

export interface SnapshotOptions extends FactsOptions, WorkOptions {
  distro: string;
  note?: string;
  /** Default tar: the fastest to write and to restore. */
  format?: SnapshotFormat;
  reason?: SnapshotReason;
  store?: SnapshotStore;
  /** Facts already read by the caller (saves wsl.exe calls). */
  facts?: DistroFacts;
}

/** The store for these options: the one given, else the per-user folder. */
export function snapshotStoreFor(options: { store?: SnapshotStore; env?: NodeJS.ProcessEnv }): SnapshotStore {
  return options.store ?? new SnapshotStore(snapshotRoot({ ...process.env, ...options.env }));
}

/** os-release name and version from an indexed root. */
export function osOf(index: ArchiveIndex): SnapshotInfo['os'] {
  const item = resolveInArchive(index, '/etc/os-release')?.item;
  const text = item?.content?.toString('utf8');
  if (text === undefined) return undefined;
  const values = parseOsRelease(text);
  return { name: values.PRETTY_NAME ?? values.NAME, version: values.VERSION_ID };
}

/** Takes, verifies and records a snapshot of `options.distro`. */
export async function takeSnapshot(options: SnapshotOptions): Promise<SnapshotInfo> {
  const call = callOptions(options);
  const work: WorkOptions = { signal: options.signal, onProgress: options.onProgress };
  const store = snapshotStoreFor(options);
  const format = options.format ?? 'tar';
  const facts = options.facts ?? (await runStep(work, 'snapshot-facts', `Reading ${options.distro}`, () => readDistroFacts(options.distro, options)));
  const name = facts.entry.name;
  const folder = store.folder(name);

  await runStep(work, 'snapshot-space', 'Checking free space', () => requireSpace([{ path: folder, bytes: facts.sizes[0], what: `the snapshot of ${name}` }]));

  const id = newSnapshotId();
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const partial = join(folder, partialName(id, format));
  const file = `${id}${snapshotExtension(format)}`;
  try {
    throwIfAborted(options.signal, 'The snapshot');
    await runStep(work, 'snapshot-export', `Exporting ${name}`, () => exportDistro({ ...call, name, file: partial, format }));
    const verified = await runStep(work, 'snapshot-verify', 'Verifying the snapshot', () => verifyArchive(partial, { signal: options.signal }));
    const info: SnapshotInfo = {
      schemaVersion: 1,
      id,
      distro: name,
      createdAt: new Date().toISOString(),
      ...(options.note ? { note: options.note } : {}),
      reason: options.reason ?? 'manual',
      format,
      file,
      sizeBytes: (await stat(partial)).size,
      sha256: verified.sha256,
      ...(facts.defaultUser ? { defaultUser: facts.defaultUser } : {}),
      wasDefault: facts.entry.isDefault,
      ...(facts.terminalProfile ? { terminalProfile: facts.terminalProfile } : {}),
      ...(facts.registration ? { location: facts.registration.basePath } : {}),
      ...(osOf(verified.index) ? { os: osOf(verified.index) } : {}),
    };
    await rename(partial, join(folder, file));
    await store.save(info);
    return info;
  } finally {
    await rm(partial, { force: true });
  }
}
