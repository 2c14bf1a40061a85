import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsStore } from '../../../../electron/main/settings-store.js';
import { composeServices } from '../../../../electron/main/compose-services.js';
import type { PtySpawn } from '../../../../electron/main/pty-manager.js';
import type { Result, Settings } from '../../../../electron/contract/api.js';

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'azl-settings-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

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
    const compose = () =>
      composeServices({
        dataDir: join(dir, 'app-data'),
        outputDir: join(dir, 'default-images'),
        profilesDir: join(dir, 'profiles'),
        wsl: { wslPath: join(dir, 'no-wsl.exe'), env: {} },
        spawnPty: (() => {
          throw new Error('no terminals here');
        }) as unknown as PtySpawn,
        distroLocations: { list: async () => [] },
        logBug: () => {},
      });
    const client = { id: 'test', send: () => {} };
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
