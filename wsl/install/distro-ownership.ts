/**
 * Whether a registered distribution is the one a given install made: the only question a
 * cleanup may act on. Proof is the install record's `installId` inside the distribution, or,
 * before the record could be written (killed right after registering, or an exported image that
 * still holds its source's record), the registration's BasePath being the location that install
 * chose: WSL refuses a location another registration uses. Anything else is someone else's.
 */
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { findDistro, type DistroListEntry } from '../driver/wsl-list.js';
import type { DistroLocations } from '../preflight/distro-locations.js';
import { samePath } from '../preflight/preflight.js';
import { readInstallRecord } from './install-record.js';

export type Ownership =
  | { kind: 'absent' }
  /** Still being registered or removed (some wsl.exe is at work on it): wait, do not touch. */
  | { kind: 'busy'; entry: DistroListEntry }
  | { kind: 'own'; entry: DistroListEntry; recordWritten: boolean }
  | { kind: 'foreign'; entry: DistroListEntry };

export interface OwnershipProof {
  installId: string;
  /** The location the install passed to wsl.exe. */
  location?: string;
}

/** Decides whose the distribution `name` is. */
export async function distroOwnership(name: string, proof: OwnershipProof, call: WslCallOptions, locations: DistroLocations): Promise<Ownership> {
  const entry = await findDistro(name, call);
  if (!entry) return { kind: 'absent' };
  if (entry.state !== 'Stopped' && entry.state !== 'Running' && entry.state !== 'Unknown') return { kind: 'busy', entry };
  const record = await readInstallRecord(entry.name, call).catch(() => undefined);
  if (record?.installId === proof.installId) return { kind: 'own', entry, recordWritten: true };
  // Another installId is not proof of another owner: an exported distribution carries the record
  // of the install it was exported from until this install writes its own. The location decides.
  if (proof.location === undefined) return { kind: 'foreign', entry };
  const registered = (await locations.list().catch(() => [])).find((candidate) => candidate.name.toLowerCase() === entry.name.toLowerCase());
  return registered && samePath(registered.basePath, proof.location) ? { kind: 'own', entry, recordWritten: false } : { kind: 'foreign', entry };
}
