/**
 * A repository's advisories (updateinfo.xml, the format dnf and tdnf read): id, type,
 * severity, title, issue date, CVE references and the fixed packages.
 */
import { attribute, elementText, elements, firstElement } from './xml-scan.js';
import type { Evr } from './rpm-version.js';

export interface FixedPackage extends Evr {
  name: string;
  arch: string;
}

export interface Advisory {
  id: string;
  /** security, bugfix, enhancement, newpackage. */
  type: string;
  /** Critical, Important, Moderate, Low, when the advisory says. */
  severity?: string;
  title?: string;
  issued?: string;
  cves: string[];
  packages: FixedPackage[];
}

/** Parses updateinfo.xml. */
export function parseUpdateinfo(text: string): Advisory[] {
  const advisories: Advisory[] = [];
  for (const update of elements(text, 'update')) {
    const id = elementText(update.inner, 'id');
    if (!id) continue;
    const type = (attribute(update.attributes, 'type') ?? 'unknown').toLowerCase();
    const severity = elementText(update.inner, 'severity');
    const issued = firstElement(update.inner, 'issued');
    const cves = new Set<string>();
    for (const reference of elements(update.inner, 'reference')) {
      const referenceType = attribute(reference.attributes, 'type');
      const referenceId = attribute(reference.attributes, 'id');
      if (referenceType === 'cve' && referenceId) cves.add(referenceId);
    }
    const packages: FixedPackage[] = [];
    for (const pkg of elements(update.inner, 'package')) {
      const name = attribute(pkg.attributes, 'name');
      const version = attribute(pkg.attributes, 'version');
      const release = attribute(pkg.attributes, 'release');
      if (!name || version === undefined || release === undefined) continue;
      const epochText = attribute(pkg.attributes, 'epoch');
      const epoch = epochText !== undefined && /^\d+$/.test(epochText) ? Number(epochText) : null;
      packages.push({ name, epoch, version, release, arch: attribute(pkg.attributes, 'arch') ?? 'noarch' });
    }
    advisories.push({
      id,
      type,
      ...(severity && !/^(none|unknown)$/i.test(severity) ? { severity } : {}),
      ...(elementText(update.inner, 'title') ? { title: elementText(update.inner, 'title') } : {}),
      ...(issued && attribute(issued.attributes, 'date') ? { issued: attribute(issued.attributes, 'date') } : {}),
      cves: [...cves].sort(),
      packages,
    });
  }
  return advisories;
}
