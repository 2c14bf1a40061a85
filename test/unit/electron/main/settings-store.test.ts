import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SettingsStore } from '../../../../electron/main/settings-store.js';
import type { Result, Settings } from '../../../../electron/contract/api.js';
import { withTempDir } from '../../../support/temp-dir.js';
import { offlineServices, quietClient } from './offline-services.js';

const withDir = (run: (dir: string) => Promise<void>) => withTempDir('azl-settings-', run);

test('settings are saved to settings.json in the data folder and read back; other keys in the file are kept', () =>
  withDir(async (dir) => {
    const dataDir = join(dir, 'app-data');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ theme: 'dark' }));
    const store = new SettingsStore(dataDir);
    await store.save({ outputDir: '/srv/images' });
    assert.deepEqual(await new SettingsStore(dataDir).load(), { outputDir: '/srv/images' });
    assert.deepEqual(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')), { theme: 'dark', outputDir: '/srv/images' });
  }));

test('a missing, broken or hand-edited settings file means defaults, not a failed start', () =>
  withDir(async (dir) => {
    const store = new SettingsStore(dir);
    assert.deepEqual(await store.load(), {});
    for (const content of ['{not json', '[1,2]', 'null', JSON.stringify({ outputDir: 'relative/folder' }), JSON.stringify({ outputDir: 42 })]) {
      await writeFile(store.file, content);
      assert.deepEqual(await store.load(), {}, content);
    }
  }));

test('the output folder chosen in one session is the output folder of the next', () =>
  withDir(async (dir) => {
    const compose = () => offlineServices(dir, { dataDir: join(dir, 'app-data'), outputDir: join(dir, 'default-images'), distroLocations: { list: async () => [] } });
    const client = quietClient;
    const first = compose();
    const chosen = join(dir, 'my images');
    const updated = (await first.router.call(client, 'settings.update', [{ outputDir: chosen }])) as Result<Settings>;
    assert.equal(updated.ok && updated.value.outputDir, chosen);
    const refused = await first.router.call(client, 'settings.update', [{ outputDir: 'relative' }]);
    assert.equal(!refused.ok && refused.error.code, 'INVALID_ARGUMENT');
    await first.dispose();

    const second = compose();
    const settings = (await second.router.call(client, 'settings.get', [])) as Result<Settings>;
    assert.equal(settings.ok && settings.value.outputDir, chosen);
    await second.dispose();
  }));
