/** Container image references (`registry/repository:tag` or `…@sha256:…`) and the default Azure Linux base images. */
import { RegistryError } from './registry-error.js';

export interface ImageReference {
  /** Host and optional port the v2 API is served on, e.g. `mcr.microsoft.com` or `127.0.0.1:5000`. */
  registry: string;
  /** Repository path, e.g. `azurelinux/base/core`. */
  repository: string;
  /** Tag when given (defaults to `latest` when neither tag nor digest is given). */
  tag?: string;
  /** Manifest digest when pinned. */
  digest?: string;
}

/** The Azure Linux base container image of each release, on Microsoft's registry. */
export const AZURE_LINUX_BASE_IMAGES: Readonly<Record<'3.0' | '4.0', string>> = Object.freeze({
  '3.0': 'mcr.microsoft.com/azurelinux/base/core:3.0',
  // Same repository, next major tag: the naming Microsoft uses for each release line.
  '4.0': 'mcr.microsoft.com/azurelinux/base/core:4.0',
});

const DOCKER_HUB = 'registry-1.docker.io';
const REPOSITORY_PATTERN = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

function invalid(reference: string, why: string): RegistryError {
  return new RegistryError('REFERENCE_INVALID', `"${reference}" is not a valid image reference: ${why}.`, {
    hint: 'Write it as registry/repository:tag or registry/repository@sha256:<64 hex digits>.',
  });
}

/** Parses a reference the way Docker does (no registry part means Docker Hub). */
export function parseImageReference(reference: string): ImageReference {
  let rest = reference.trim();
  if (rest === '' || /\s/.test(rest)) throw invalid(reference, 'it is empty or contains spaces');
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_PATTERN.test(digest)) throw invalid(reference, 'the digest must be sha256 followed by 64 lowercase hex digits');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_PATTERN.test(tag)) throw invalid(reference, `the tag "${tag}" has characters a tag cannot have`);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  let registry: string;
  let repository: string;
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    repository = rest.slice(slash + 1);
  } else {
    registry = DOCKER_HUB;
    repository = slash >= 0 ? rest : `library/${rest}`;
  }
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = DOCKER_HUB;
  if (!REPOSITORY_PATTERN.test(repository)) throw invalid(reference, `the repository "${repository}" is not a valid name`);
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { registry, repository, tag, digest };
}

/** Points a reference at another registry (a private mirror) keeping repository, tag and digest. */
export function withRegistry(reference: ImageReference, registry: string): ImageReference {
  const host = registry.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  if (host === '' || host.includes('/')) throw invalid(registry, 'a mirror is a host name with an optional port');
  return { ...reference, registry: host };
}

/** The canonical text of a reference. */
export function formatImageReference(reference: ImageReference): string {
  return `${reference.registry}/${reference.repository}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}
