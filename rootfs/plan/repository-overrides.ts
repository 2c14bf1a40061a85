/**
 * Repositories given on the command line, like kiwi's `--add-repo` / `--set-repo`: the
 * profile's repositories can point at a snapshot, a mirror or a GA path without editing it.
 */
import { AzlError } from '../../common/errors.js';
import { COMMAND_LINE } from '../../common/source-location.js';
import { substituteRepositoryVariables } from '../profile/repository-variables.js';
import type { BuildPlan, RepositorySpec } from './build-plan.js';

export interface RepositoryOverrides {
  /** Appended after the profile's repositories. Each entry "URL" or "URL,gpgkey=PATH_OR_URL". */
  add: string[];
  /** When non-empty, replaces ALL of the profile's repositories. Same entry syntax. */
  set: string[];
}

/** Returns a new plan with the overrides applied; aliases are cli-1, cli-2… in the order given (set first). */
export function applyRepositoryOverrides(plan: BuildPlan, overrides: RepositoryOverrides): BuildPlan {
  if (overrides.set.length === 0 && overrides.add.length === 0) return plan;
  const kept = overrides.set.length > 0 ? [] : plan.repositories;
  // Applied twice (a caller adding to an already overridden plan), aliases continue past the
  // ones kept: two repositories with one alias would make dnf read only one of them.
  const used = new Set(kept.map((repo) => repo.alias));
  let next = 1;
  const freeAlias = (): number => {
    while (used.has(`cli-${next}`)) next += 1;
    used.add(`cli-${next}`);
    return next;
  };
  const fromCommandLine = [...overrides.set, ...overrides.add].map((entry) => parseEntry(entry, freeAlias(), plan));
  return { ...plan, repositories: [...kept, ...fromCommandLine] };
}

/** One `--repo` / `--set-repo` value as the user wrote it: the repository and its keys, unchanged. */
export interface RepositoryEntry {
  /** An http(s)/ftp/file URL or an absolute folder path. */
  location: string;
  /** Each `gpgkey=` value: a URL or an absolute file path. */
  gpgKeys: string[];
}

/**
 * Parses `URL[,gpgkey=K]…`, the syntax of --repo and --set-repo, for every place that reads it
 * (the plan here, the WSL builder before it carries local paths into the distro): an option
 * other than gpgkey= or a location that is no URL or absolute path is a usage error, never
 * silently dropped.
 */
export function parseRepositoryEntry(entry: string): RepositoryEntry {
  const [location = '', ...options] = entry.split(',').map((part) => part.trim());
  const gpgKeys: string[] = [];
  for (const option of options) {
    const match = /^gpgkey=(.+)$/.exec(option);
    if (!match) {
      throw new AzlError('USAGE', `The repository option "${option}" in "${entry}" is not understood.`, {
        hint: 'Write URL or URL,gpgkey=PATH_OR_URL.',
      });
    }
    gpgKeys.push(match[1]!);
  }
  if (!/^(https?|file|ftp):\/\/./.test(location) && !location.startsWith('/')) {
    throw new AzlError('USAGE', `"${location}" is not a repository URL.`, {
      hint: 'Give an http(s):// or file:// URL, or an absolute folder path.',
    });
  }
  return { location, gpgKeys };
}

/** The entry text parseRepositoryEntry reads back as `entry`. */
export function formatRepositoryEntry(entry: RepositoryEntry): string {
  return [entry.location, ...entry.gpgKeys.map((key) => `gpgkey=${key}`)].join(',');
}

/** A bare absolute path is what users type; dnf wants a URL. */
function asUrl(location: string): string {
  return location.startsWith('/') ? `file://${location}` : location;
}

function parseEntry(entry: string, index: number, plan: BuildPlan): RepositorySpec {
  const { location, gpgKeys } = parseRepositoryEntry(entry);
  const substitute = (text: string): string => substituteRepositoryVariables(text, plan.releaseVersion.value, plan.arch);
  return { alias: `cli-${index}`, url: substitute(asUrl(location)), gpgKeys: gpgKeys.map((key) => substitute(asUrl(key))), source: COMMAND_LINE };
}
