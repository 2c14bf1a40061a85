/**
 * Which distribution an image is, as package URLs name it: os-release's ID is the purl
 * namespace (`pkg:rpm/azurelinux/…`) and `ID-VERSION_ID` the `distro` qualifier
 * (`azurelinux-4.0`), which vulnerability scanners match advisories by.
 */
import { readFile } from 'node:fs/promises';
import { resolveInRoot } from '../build/root-path.js';

export interface DistroIdentity {
  /** os-release ID, e.g. "azurelinux". */
  id: string;
  /** os-release VERSION_ID, e.g. "4.0". */
  versionId?: string;
  /** os-release PRETTY_NAME or NAME, for people. */
  name?: string;
}

/** KEY=value lines, quotes removed. */
export function parseOsReleaseText(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return values;
}

/** The identity from os-release values; `fallback` when they have no usable ID. */
export function distroIdentity(osRelease: Record<string, string>, fallback: DistroIdentity): DistroIdentity {
  const id = osRelease.ID?.toLowerCase();
  if (!id || !/^[a-z0-9._-]+$/.test(id)) return fallback;
  return { id, ...(osRelease.VERSION_ID ? { versionId: osRelease.VERSION_ID } : {}), ...((osRelease.PRETTY_NAME ?? osRelease.NAME) ? { name: osRelease.PRETTY_NAME ?? osRelease.NAME } : {}) };
}

/** Reads the root's /etc/os-release (or /usr/lib/os-release), resolved inside the root. */
export async function readDistroIdentity(root: string, fallback: DistroIdentity): Promise<DistroIdentity> {
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      return distroIdentity(parseOsReleaseText(await readFile(await resolveInRoot(root, path, { followLast: true }), 'utf8')), fallback);
    } catch {
      // Missing or a link leaving the root: try the next one.
    }
  }
  return fallback;
}

/** The purl `distro` qualifier: `azurelinux-4.0`. */
export function distroQualifier(identity: DistroIdentity): string {
  return identity.versionId ? `${identity.id}-${identity.versionId}` : identity.id;
}
