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

function parseEntry(entry: string, index: number, plan: BuildPlan): RepositorySpec {
  const [url, ...options] = entry.split(',').map((part) => part.trim());
  const gpgKeys: string[] = [];
  for (const option of options) {
    const match = /^gpgkey=(.+)$/.exec(option);
    if (!match) {
      throw new AzlError('USAGE', `The repository option "${option}" in "${entry}" is not understood.`, {
        hint: 'Write URL or URL,gpgkey=PATH_OR_URL.',
      });
    }
    // A bare absolute path is what users type; dnf wants a URL.
    gpgKeys.push(match[1].startsWith('/') ? `file://${match[1]}` : match[1]);
  }
  if (!/^(https?|file|ftp):\/\/./.test(url ?? '') && !(url ?? '').startsWith('/')) {
    throw new AzlError('USAGE', `"${url}" is not a repository URL.`, {
      hint: 'Give an http(s):// or file:// URL, or an absolute folder path.',
    });
  }
  const location = url.startsWith('/') ? `file://${url}` : url;
  const substitute = (text: string): string => substituteRepositoryVariables(text, plan.releaseVersion.value, plan.arch);
  return { alias: `cli-${index}`, url: substitute(location), gpgKeys: gpgKeys.map(substitute), source: COMMAND_LINE };
}
