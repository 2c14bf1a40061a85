/**
 * Which advisories apply to a set of installed packages, the way dnf's `updateinfo list`
 * decides it: an advisory applies when it fixes a package that is installed (same name and a
 * compatible arch) in a newer epoch:version-release than the installed one. Each match names the
 * installed version and the version that fixes it.
 */
import type { InstalledPackage } from '../manifest/image-manifest.js';
import { compareEvr, formatEvr } from './rpm-version.js';
import type { Advisory } from './updateinfo.js';

export interface AffectedPackage {
  name: string;
  arch: string;
  /** `[epoch:]version-release` installed. */
  installed: string;
  /** `[epoch:]version-release` that fixes the advisory. */
  fixed: string;
}

/** An advisory as updateinfo.xml has it, with the installed packages it fixes instead of its whole list. */
export interface ApplicableAdvisory extends Omit<Advisory, 'packages'> {
  packages: AffectedPackage[];
  /** The repository that published it. */
  repository?: string;
}

/** Severities from worst to least, for sorting (unknown last). */
const SEVERITY_ORDER = ['critical', 'important', 'moderate', 'low'];

function archMatches(installed: string, fixed: string): boolean {
  return installed === fixed || fixed === 'noarch' || installed === 'noarch' || fixed === 'src';
}

/** Advisories that apply to `installed`, worst severity first, then by id. */
export function applicableAdvisories(advisories: ReadonlyArray<Advisory & { repository?: string }>, installed: readonly InstalledPackage[]): ApplicableAdvisory[] {
  const byName = new Map<string, InstalledPackage[]>();
  for (const pkg of installed) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  const found = new Map<string, ApplicableAdvisory>();
  for (const advisory of advisories) {
    const affected: AffectedPackage[] = [];
    for (const fixed of advisory.packages) {
      if (fixed.arch === 'src') continue;
      for (const pkg of byName.get(fixed.name) ?? []) {
        if (!archMatches(pkg.arch, fixed.arch) || compareEvr(pkg, fixed) >= 0) continue;
        if (affected.some((entry) => entry.name === pkg.name && entry.arch === pkg.arch)) continue;
        affected.push({ name: pkg.name, arch: pkg.arch, installed: formatEvr(pkg), fixed: formatEvr(fixed) });
      }
    }
    if (affected.length === 0) continue;
    const existing = found.get(advisory.id);
    if (existing) {
      // The same advisory from two repositories: one entry, every affected package once.
      for (const entry of affected) if (!existing.packages.some((seen) => seen.name === entry.name && seen.arch === entry.arch)) existing.packages.push(entry);
      continue;
    }
    found.set(advisory.id, {
      id: advisory.id,
      type: advisory.type,
      ...(advisory.severity ? { severity: advisory.severity } : {}),
      ...(advisory.title ? { title: advisory.title } : {}),
      ...(advisory.issued ? { issued: advisory.issued } : {}),
      cves: advisory.cves,
      packages: affected,
      ...(advisory.repository ? { repository: advisory.repository } : {}),
    });
  }
  const rank = (advisory: ApplicableAdvisory): number => {
    const index = SEVERITY_ORDER.indexOf((advisory.severity ?? '').toLowerCase());
    return index < 0 ? SEVERITY_ORDER.length : index;
  };
  return [...found.values()].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
