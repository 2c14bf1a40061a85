import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AZURE_LINUX_BASE_IMAGES, formatImageReference, parseImageReference, withRegistry } from '../../../../rootfs/oci/image-reference.js';
import { RegistryError } from '../../../../rootfs/oci/registry-error.js';

describe('parseImageReference', () => {
  it('reads the Azure Linux base images', () => {
    assert.deepEqual(parseImageReference(AZURE_LINUX_BASE_IMAGES['3.0']), { registry: 'mcr.microsoft.com', repository: 'azurelinux/base/core', tag: '3.0', digest: undefined });
    assert.equal(parseImageReference(AZURE_LINUX_BASE_IMAGES['4.0']).tag, '4.0');
  });

  it('understands ports, digests, Docker Hub short names and mirrors', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.deepEqual(parseImageReference(`127.0.0.1:5000/azl/core@${digest}`), { registry: '127.0.0.1:5000', repository: 'azl/core', tag: undefined, digest });
    assert.deepEqual(parseImageReference('debian'), { registry: 'registry-1.docker.io', repository: 'library/debian', tag: 'latest', digest: undefined });
    const mirrored = withRegistry(parseImageReference('mcr.microsoft.com/azurelinux/base/core:3.0'), 'https://mirror.corp:8443/');
    assert.equal(formatImageReference(mirrored), 'mirror.corp:8443/azurelinux/base/core:3.0');
  });

  it('rejects malformed references clearly', () => {
    for (const bad of ['', 'Upper/Case:1', 'reg.io/x@sha256:short', 'reg.io/x:bad tag']) {
      assert.throws(() => parseImageReference(bad), (error: unknown) => error instanceof RegistryError && error.reason === 'REFERENCE_INVALID', bad);
    }
  });
});
