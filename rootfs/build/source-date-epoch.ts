/**
 * The one clock of a build. Every time that ends up in the image comes from SOURCE_DATE_EPOCH
 * (reproducible-builds.org): the user's value when given, else the newest build time of the
 * packages the plan's repositories offer. That default is known before anything is installed,
 * so dnf, rpm (install times), useradd and chpasswd (password-change days) and the profile's
 * scripts all see the same value, and it depends only on the repositories' contents: the same
 * plan against the same repositories gives the same image on any day, in any folder.
 */
import { newestBuildTime, type RepositoryIndex } from '../repository/primary-packages.js';

export interface SourceDateEpoch {
  /** Seconds since 1970-01-01 UTC. */
  value: number;
  /** Where it came from, for the manifest and the log. */
  from: string;
}

/** The epoch of a build: the given one, else the repositories' newest package build time. */
export function chooseSourceDateEpoch(given: number | undefined, index: RepositoryIndex): SourceDateEpoch | undefined {
  if (given !== undefined) return { value: given, from: 'SOURCE_DATE_EPOCH' };
  const newest = newestBuildTime(index);
  return newest === undefined ? undefined : { value: newest, from: 'the newest package build time in the repositories' };
}

/** The environment that gives a program the build's clock. */
export function epochEnvironment(epoch: SourceDateEpoch | undefined): Record<string, string> {
  return epoch === undefined ? {} : { SOURCE_DATE_EPOCH: String(epoch.value) };
}
