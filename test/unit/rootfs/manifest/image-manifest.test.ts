import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksumLine, readManifest } from '../../../../rootfs/manifest/image-manifest.js';
import { parseInstalledPackages } from '../../../../rootfs/build/installed-packages.js';

test('the checksum file is in sha256sum format', () => {
  assert.equal(checksumLine('ab'.repeat(32), 'AzureLinux-4-x86_64.wsl'), `${'ab'.repeat(32)}  AzureLinux-4-x86_64.wsl\n`);
});

test('readManifest refuses files that are not our manifests', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-manifest-'));
  try {
    await writeFile(join(dir, 'x.json'), '{"schemaVersion": 2}');
    await assert.rejects(readManifest(join(dir, 'x.json')), { code: 'ARCHIVE_INVALID' });
    await writeFile(join(dir, 'y.json'), 'not json');
    await assert.rejects(readManifest(join(dir, 'y.json')), { code: 'ARCHIVE_INVALID' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('rpm -qa lines become sorted packages with numeric or null epochs', () => {
  const packages = parseInstalledPackages('sudo\t(none)\t1.9\t1.azl4\tx86_64\nbash\t2\t5.2\t1.azl4\tnoarch\ngarbage\n');
  assert.deepEqual(packages, [
    { name: 'bash', epoch: 2, version: '5.2', release: '1.azl4', arch: 'noarch' },
    { name: 'sudo', epoch: null, version: '1.9', release: '1.azl4', arch: 'x86_64' },
  ]);
});
