/**
 * The real Electron shell, wherever an Electron binary exists (a Windows or macOS dev machine,
 * CI with the binary downloaded). Here it says out loud why it is skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron } from 'playwright-core';
import { PROJECT_ROOT, RENDERER_DIST } from '../../electron/web-host/fixture-setup.js';
import { buildRendererInto } from './support/renderer-build.js';
import { METHOD_CHANNELS } from '../../electron/contract/channels.js';

/**
 * The binary the `electron` package would run, or why there is none. Read from its path.txt
 * (or ELECTRON_OVERRIDE_DIST_PATH) rather than require('electron'), which tries to download.
 */
async function electronBinary(): Promise<{ path?: string; reason?: string }> {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  let path: string;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
  } else {
    try {
      path = join(packageDir, 'dist', (await readFile(join(packageDir, 'path.txt'), 'utf8')).trim());
    } catch {
      return { reason: 'the electron package was installed without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD; no path.txt), and none can be downloaded here' };
    }
  }
  try {
    await access(path);
    return { path };
  } catch {
    return { reason: `the Electron binary ${path} does not exist` };
  }
}

test('the Electron app opens one sandboxed window on app:// with window.azl and no Node', async (t) => {
  const binary = await electronBinary();
  if (!binary.path) {
    t.skip(`Skipped: ${binary.reason}.`);
    return;
  }
  // The app serves renderer/dist itself (app://), so this test builds there.
  await buildRendererInto(RENDERER_DIST);
  const { spawnSync } = await import('node:child_process');
  const bundled = spawnSync(process.execPath, [join(PROJECT_ROOT, 'electron', 'build-electron.mjs')], { cwd: PROJECT_ROOT });
  assert.equal(bundled.status, 0, String(bundled.stderr));
  const app = await _electron.launch({ executablePath: binary.path, args: [join(PROJECT_ROOT, 'out', 'electron', 'main', 'main.mjs')] });
  try {
    const window = await app.firstWindow();
    await window.getByRole('heading', { name: 'WSL distributions' }).waitFor();
    assert.match(window.url(), /^app:\/\/azl\//);
    const exposed = await window.evaluate<{ azl: string[]; require: string; process: string }>(
      '({ azl: Object.keys(window.azl), require: typeof require, process: typeof process })',
    );
    // Every group the contract's channels name (diagnostics and dialogs included), and nothing else.
    assert.deepEqual(exposed.azl.sort(), [...new Set(METHOD_CHANNELS.map((channel) => channel.split('.')[0]))].sort());
    assert.equal(exposed.require, 'undefined');
    assert.equal(exposed.process, 'undefined');
  } finally {
    await app.close();
  }
});
