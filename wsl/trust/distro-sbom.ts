/**
 * `azl-wsl sbom NAME`: the CycloneDX SBOM of an installed distribution, from its own rpm
 * database (distro-packages.ts), in the same shape as a build's (rootfs/sbom/): the distribution
 * is the subject, lifecycle phase `operations`; when azl-wsl installed it, the image it came
 * from (its SHA-256, from the install record) is named, so the build's SBOM can be found.
 */
import { createSbom, serializeSbom } from '../../rootfs/sbom/cyclonedx-sbom.js';
import { distroIdentity } from '../../rootfs/sbom/distro-identity.js';
import type { SbomPackage } from '../../rootfs/sbom/sbom-package.js';
import { toolVersion } from '../../common/tool-version.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { readDistroPackages } from './distro-packages.js';

export interface DistroSbom {
  /** The CycloneDX JSON document. */
  text: string;
  /** Components written (rpm's signing keys are properties, not components). */
  packages: number;
}

/** The distribution's SBOM; `now` (seconds) is the timestamp. */
export async function distroSbom(distro: string, options: WslCallOptions & { now?: number }): Promise<DistroSbom> {
  const facts = await readDistroPackages(distro, options);
  const identity = distroIdentity(facts.osRelease, { id: 'azurelinux' });
  const packages: SbomPackage[] = facts.packages.map(({ pkg, details }) => ({ ...pkg, ...details }));
  const properties: Record<string, string> = {};
  if (facts.record?.image.sha256) properties['image-sha256'] = facts.record.image.sha256;
  if (facts.record?.installId) properties['install-id'] = facts.record.installId;
  const bom = createSbom({
    subject: { name: distro, ...((facts.osRelease.IMAGE_VERSION ?? facts.osRelease.VERSION_ID) ? { version: facts.osRelease.IMAGE_VERSION ?? facts.osRelease.VERSION_ID } : {}), description: `WSL distribution ${distro}${identity.name ? ` (${identity.name})` : ''}` },
    distro: identity,
    packages,
    tool: { name: 'azl-wsl', version: toolVersion() },
    timestamp: options.now ?? Math.floor(Date.now() / 1000),
    phase: 'operations',
    properties,
  });
  return { text: serializeSbom(bom), packages: bom.components.size };
}
