/**
 * The advisories that apply to an image file, without installing it: the image's package list
 * (its manifest, read from the image's own rpm database at build time) against the updateinfo
 * the plan's repositories publish now. What a repository publishes changes, so the answer is
 * "as of now": an image built last month shows the fixes published since.
 */
import type { ImageManifest } from '../manifest/image-manifest.js';
import { AzlError } from '../../common/errors.js';
import { applicableAdvisories, type ApplicableAdvisory } from './advisory-match.js';
import { readRepodata, type MetadataOptions, type RepositoryRef } from './repository-metadata.js';
import { parseUpdateinfo, type Advisory } from './updateinfo.js';

/** What one repository contributed. */
export interface RepositoryAdvisories {
  alias: string;
  url: string;
  /** Advisories it publishes (all of them, applicable or not); undefined when it could not be read. */
  published?: number;
  /** Why it could not be read, or that it publishes no updateinfo. */
  note?: string;
}

export interface AdvisoryReport {
  advisories: ApplicableAdvisory[];
  repositories: RepositoryAdvisories[];
}

/** Reads the updateinfo of every repository; repositories without it are noted, not fatal. */
export async function readAdvisories(repositories: readonly RepositoryRef[], options: MetadataOptions = {}): Promise<{ advisories: Array<Advisory & { repository: string }>; repositories: RepositoryAdvisories[] }> {
  const advisories: Array<Advisory & { repository: string }> = [];
  const report: RepositoryAdvisories[] = [];
  for (const repository of repositories) {
    try {
      const text = await readRepodata(repository, 'updateinfo', options);
      if (text === undefined) {
        report.push({ alias: repository.alias, url: repository.url, published: 0, note: 'publishes no updateinfo' });
        continue;
      }
      const parsed = parseUpdateinfo(text);
      advisories.push(...parsed.map((advisory) => ({ ...advisory, repository: repository.alias })));
      report.push({ alias: repository.alias, url: repository.url, published: parsed.length });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      report.push({ alias: repository.alias, url: repository.url, note: error instanceof Error ? error.message : String(error) });
    }
  }
  if (repositories.length > 0 && report.every((entry) => entry.published === undefined)) {
    throw new AzlError('REPOSITORY_METADATA_UNREADABLE', 'None of the repositories could be read for advisories.', {
      hint: 'Check the network and the repository addresses; name others with --repo URL (or replace them with --set-repo URL).',
      detail: report.map((entry) => `${entry.alias} (${entry.url}): ${entry.note}`).join('\n'),
    });
  }
  return { advisories, repositories: report };
}

/** Advisories for the image a manifest describes, from `repositories` (default: the plan's). */
export async function imageAdvisories(manifest: ImageManifest, options: MetadataOptions & { repositories?: readonly RepositoryRef[] } = {}): Promise<AdvisoryReport> {
  const repositories = options.repositories ?? manifest.plan.repositories.map((repo) => ({ alias: repo.alias, url: repo.url }));
  const { advisories, repositories: report } = await readAdvisories(repositories, options);
  return { advisories: applicableAdvisories(advisories, manifest.packages), repositories: report };
}
