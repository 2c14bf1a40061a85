// The install record written into every distribution: its shape, the manifest it names only when
// that manifest describes this very image, and the parser that refuses anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInstallRecord, parseInstallRecord, siblingManifestPath } from '../../../../wsl/install/install-record.js';
import { toolVersion } from '../../../../common/tool-version.js';

test('the manifest beside an image, whatever its archive extension', () => {
  assert.equal(siblingManifestPath('/out/AzureLinux-4.wsl'), '/out/AzureLinux-4.manifest.json');
  assert.equal(siblingManifestPath('/out/x.tar.gz'), '/out/x.manifest.json');
  assert.equal(siblingManifestPath('/out/x.tar.xz'), '/out/x.manifest.json');
  assert.equal(siblingManifestPath('/out/x.tar'), '/out/x.manifest.json');
});

test('a record names the image, its version from os-release, the manifest describing it, tool and time', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-record-'));
  try {
    const image = join(dir, 'Dev.wsl');
    const manifestText = JSON.stringify({ schemaVersion: 1, profile: { imageName: 'wsl' }, output: { sha256: 'a'.repeat(64) } });
    await writeFile(join(dir, 'Dev.manifest.json'), manifestText);
    const osRelease = { NAME: 'Azure Linux', VERSION_ID: '4.0', PRETTY_NAME: 'Azure Linux 4.0' };
    const now = new Date('2026-01-02T03:04:05.000Z');
    const record = await buildInstallRecord({ installId: 'id-1', distro: 'Dev', method: 'import', imageFile: image, facts: { osRelease, sha256: 'a'.repeat(64) }, now });
    assert.deepEqual(record, {
      schemaVersion: 1,
      installId: 'id-1',
      distro: 'Dev',
      installedAt: '2026-01-02T03:04:05.000Z',
      method: 'import',
      tool: { name: 'azl-wsl', version: toolVersion() },
      image: { file: 'Dev.wsl', sha256: 'a'.repeat(64), name: 'wsl', version: '4.0' },
      manifest: { file: 'Dev.manifest.json', sha256: createHash('sha256').update(manifestText).digest('hex') },
    });
    // A manifest of another build (another output digest) is not this image's.
    const other = await buildInstallRecord({ installId: 'id-2', distro: 'Dev', method: 'import', imageFile: image, facts: { osRelease, sha256: 'b'.repeat(64) }, now });
    assert.equal(other.manifest, undefined);
    assert.equal(other.image.name, 'Azure Linux 4.0');
    assert.deepEqual(parseInstallRecord(JSON.stringify(record)), record);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the parser refuses what is not a record', () => {
  assert.equal(parseInstallRecord('not json'), undefined);
  assert.equal(parseInstallRecord('{"schemaVersion": 2, "installId": "x", "image": {"sha256": "a"}}'), undefined);
  assert.equal(parseInstallRecord('{"schemaVersion": 1, "image": {"sha256": "a"}}'), undefined);
  assert.equal(parseInstallRecord(' '.repeat(70 * 1024)), undefined);
});
