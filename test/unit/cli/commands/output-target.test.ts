import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { outputTarget } from '../../../../cli/commands/output-target.js';

test('--out FILE.wsl names the file (its extension sets the format); --out DIR and DIR/ keep naming into a folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-out-'));
  try {
    assert.deepEqual(await outputTarget({ out: join(dir, 'My-Image.wsl') }), { outDir: dir, outName: 'My-Image', format: 'wsl' });
    assert.deepEqual(await outputTarget({ out: join(dir, 'backup.tar.gz') }), { outDir: dir, outName: 'backup', format: 'tar.gz' });
    assert.deepEqual(await outputTarget({ out: join(dir, 'x.tar.xz'), format: 'tar.xz' }), { outDir: dir, outName: 'x', format: 'tar.xz' });
    assert.deepEqual(await outputTarget({ out: join(dir, 'images') }), { outDir: join(dir, 'images'), outName: undefined, format: 'wsl' });
    assert.deepEqual(await outputTarget({ out: join(dir, 'images.wsl') + '/' }), { outDir: join(dir, 'images.wsl'), outName: undefined, format: 'wsl' });
    await mkdir(join(dir, 'existing.wsl'));
    assert.deepEqual(await outputTarget({ out: join(dir, 'existing.wsl'), name: 'n' }), { outDir: join(dir, 'existing.wsl'), outName: 'n', format: 'wsl' }, 'an existing folder stays a folder');
    assert.deepEqual(await outputTarget({}), { outDir: resolve('out'), outName: undefined, format: 'wsl' });
    await assert.rejects(outputTarget({ out: join(dir, 'a.wsl'), format: 'tar' }), /ends in \.wsl but --format is tar/);
    await assert.rejects(outputTarget({ out: join(dir, 'a.wsl'), name: 'b' }), /names the file already; drop --name/);
    await assert.rejects(outputTarget({ out: dir, format: 'zip' }), (error: Error & { code?: string }) => error.code === 'USAGE' && /--format zip/.test(error.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
