/**
 * `NAME.cdx.json`: a CycloneDX 1.6 SBOM made with the CycloneDX project's own library
 * (@cyclonedx/cyclonedx-library). The subject (metadata.component) is the image, an
 * operating-system component with the SHA-256 of the `.wsl` file; every installed package is a
 * component with its package URL (`pkg:rpm/azurelinux/NAME@VERSION-RELEASE?arch=…&distro=
 * azurelinux-4.0&epoch=…`), its licence from the rpm header, the SHA-256 of its rpm file and the
 * repository that offers it; the description files the build read are the subject's build-meta
 * references with their SHA-256 (provenance); the keys rpm trusts (its `gpg-pubkey`
 * pseudo-packages) are properties of the subject. For an installed distribution the subject is
 * the distribution and the packages come from its rpm database.
 *
 * The document is reproducible: lists are sorted, the timestamp is the build's
 * SOURCE_DATE_EPOCH and the serial number is a UUID derived from the subject.
 */
import { createHash } from 'node:crypto';
// The library's entry points one by one: its root also loads the validators, which read their
// schema files from disk (the engine bundle for builder distros has no such files).
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { PackageURL } from 'packageurl-js';
import parseSpdxExpression from 'spdx-expression-parse';
import type { DescriptionFile } from '../plan/build-plan.js';
import { distroQualifier, type DistroIdentity } from './distro-identity.js';
import type { SbomPackage } from './sbom-package.js';

/** The CycloneDX specification version written. */
export const SBOM_SPEC_VERSION = '1.6';

/** Property names are namespaced, as CycloneDX's property taxonomy asks. */
const PROPERTY_PREFIX = 'azl-wsl';

/** RFC 4122 namespace for the serial numbers (the URL namespace). */
const UUID_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

export interface SbomSubject {
  /** The image's output name (`AzureLinux-4-x86_64`) or the distribution's name. */
  name: string;
  version?: string;
  /** SHA-256 of the image file. */
  sha256?: string;
  /** The image file name, for people. */
  file?: string;
  description?: string;
}

export interface SbomInput {
  subject: SbomSubject;
  distro: DistroIdentity;
  packages: readonly SbomPackage[];
  /** The description files the build read, with their SHA-256 (paths relative to the description). */
  descriptionFiles?: readonly DescriptionFile[];
  tool: { name: string; version: string };
  /** Seconds since 1970 (the build's SOURCE_DATE_EPOCH); absent: the current time. */
  timestamp?: number;
  /** Lifecycle phase: `build` for an image, `operations` for an installed distribution. */
  phase: 'build' | 'operations';
  /** Extra facts about the subject, as `azl-wsl:` properties. */
  properties?: Record<string, string>;
}

/** `<name>.cdx.json` for an image named `<name>` (CycloneDX's recommended file name ending). */
export function sbomFileName(name: string): string {
  return `${name}.cdx.json`;
}

/** A name-based (version 5) UUID, so the same subject always gets the same serial number. */
export function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(UUID_NAMESPACE).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The package URL of an rpm: `pkg:rpm/NAMESPACE/NAME@VERSION-RELEASE?arch=…&distro=…&epoch=…`. */
export function rpmPackageUrl(pkg: Pick<SbomPackage, 'name' | 'epoch' | 'version' | 'release' | 'arch'>, distro: DistroIdentity): string {
  const qualifiers: Record<string, string> = { arch: pkg.arch, epoch: String(pkg.epoch ?? 0), distro: distroQualifier(distro) };
  return new PackageURL('rpm', distro.id, pkg.name, `${pkg.version}-${pkg.release}`, qualifiers, undefined).toString();
}

/** An SPDX expression when the rpm licence is one (Azure Linux uses SPDX), else the licence as a name. */
function licenseOf(text: string): Models.License {
  try {
    parseSpdxExpression(text);
    return new Models.LicenseExpression(text);
  } catch {
    return new Models.NamedLicense(text);
  }
}

function packageComponent(pkg: SbomPackage, distro: DistroIdentity): Models.Component {
  const purl = rpmPackageUrl(pkg, distro);
  const component = new Models.Component(Enums.ComponentType.Library, pkg.name, {
    bomRef: purl,
    purl,
    version: pkg.epoch ? `${pkg.epoch}:${pkg.version}-${pkg.release}` : `${pkg.version}-${pkg.release}`,
    ...(pkg.summary ? { description: pkg.summary } : {}),
    ...(pkg.vendor ? { publisher: pkg.vendor } : {}),
  });
  if (pkg.license) component.licenses.add(licenseOf(pkg.license));
  if (pkg.sha256) component.hashes.set(Enums.HashAlgorithm['SHA-256'], pkg.sha256);
  if (pkg.downloadUrl) component.externalReferences.add(new Models.ExternalReference(pkg.downloadUrl, Enums.ExternalReferenceType.Distribution, { comment: `the rpm file in repository ${pkg.repository?.alias ?? ''}`.trim() }));
  if (pkg.url) component.externalReferences.add(new Models.ExternalReference(pkg.url, Enums.ExternalReferenceType.Website));
  if (pkg.repository) {
    component.properties.add(new Models.Property(`${PROPERTY_PREFIX}:repository`, pkg.repository.alias));
    component.properties.add(new Models.Property(`${PROPERTY_PREFIX}:repository-url`, pkg.repository.url));
  }
  if (pkg.sourceRpm) component.properties.add(new Models.Property(`${PROPERTY_PREFIX}:source-rpm`, pkg.sourceRpm));
  return component;
}

/** rpm's imported signing keys (`gpg-pubkey-KEYID-CREATED`), which `rpm -qa` lists like packages. */
export function isSigningKey(pkg: Pick<SbomPackage, 'name' | 'arch'>): boolean {
  return pkg.name === 'gpg-pubkey' && pkg.arch === '(none)';
}

/** A relative description path as an IRI reference (spaces and the like percent-encoded). */
function descriptionReference(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Builds the BOM for `input`. */
export function createSbom(input: SbomInput): Models.Bom {
  const bom = new Models.Bom();
  const subjectRef = input.subject.sha256 ? `image:sha256:${input.subject.sha256}` : `distribution:${input.subject.name}`;
  // Same subject and same packages: same serial number; anything else: another one.
  const contents = createHash('sha256');
  for (const pkg of input.packages) contents.update(`${pkg.name}-${pkg.epoch ?? 0}:${pkg.version}-${pkg.release}.${pkg.arch}\n`);
  bom.serialNumber = `urn:uuid:${nameBasedUuid(`${subjectRef}:${input.phase}:${contents.digest('hex')}`)}`;
  bom.metadata.timestamp = new Date((input.timestamp ?? Math.floor(Date.now() / 1000)) * 1000);
  bom.metadata.lifecycles.add(input.phase === 'build' ? Enums.LifecyclePhase.Build : Enums.LifecyclePhase.Operations);
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, input.tool.name, { version: input.tool.version, bomRef: `tool:${input.tool.name}` }));

  const subject = new Models.Component(Enums.ComponentType.OperatingSystem, input.subject.name, {
    bomRef: subjectRef,
    ...(input.subject.version ? { version: input.subject.version } : {}),
    description: input.subject.description ?? input.distro.name ?? input.distro.id,
  });
  if (input.subject.sha256) subject.hashes.set(Enums.HashAlgorithm['SHA-256'], input.subject.sha256);
  if (input.subject.file) subject.properties.add(new Models.Property(`${PROPERTY_PREFIX}:file`, input.subject.file));
  subject.properties.add(new Models.Property(`${PROPERTY_PREFIX}:distro`, distroQualifier(input.distro)));
  for (const [name, value] of Object.entries(input.properties ?? {})) subject.properties.add(new Models.Property(`${PROPERTY_PREFIX}:${name}`, value));
  for (const file of input.descriptionFiles ?? []) {
    const reference = new Models.ExternalReference(descriptionReference(file.path), Enums.ExternalReferenceType.BuildMeta, { comment: 'a description file the build read' });
    reference.hashes.set(Enums.HashAlgorithm['SHA-256'], file.sha256);
    subject.externalReferences.add(reference);
  }
  bom.metadata.component = subject;

  const seen = new Set<string>();
  for (const pkg of input.packages) {
    if (isSigningKey(pkg)) {
      // rpm keeps the keys it trusts as pseudo-packages; they are facts about the image, not components.
      subject.properties.add(new Models.Property(`${PROPERTY_PREFIX}:rpm-signing-key`, `${pkg.version}-${pkg.release}`));
      continue;
    }
    const component = packageComponent(pkg, input.distro);
    // Two records of one NEVRA (a damaged database) would give two components with one bom-ref.
    if (seen.has(component.bomRef.value!)) continue;
    seen.add(component.bomRef.value!);
    bom.components.add(component);
    subject.dependencies.add(component.bomRef);
  }
  return bom;
}

/** The BOM as written to disk: CycloneDX 1.6 JSON, sorted lists, two-space indent, final newline. */
export function serializeSbom(bom: Models.Bom): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return serializer.serialize(bom, { sortLists: true, space: 2 }) + '\n';
}
