import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const root = new URL('../../../', import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  asarUnpack: string[];
  extraMetadata: { main: string };
  electronFuses: Record<string, boolean>;
  win: { icon: string; target: Array<{ target: string }> };
  nsis: { oneClick: boolean; perMachine: boolean; allowElevation: boolean; allowToChangeInstallationDirectory: boolean };
}

async function loadConfig(): Promise<BuilderConfig> {
  return parse(await readFile(new URL('electron-builder.yml', root), 'utf8')) as BuilderConfig;
}

test('electron-builder accepts the packaging config against its own schema', async () => {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await loadConfig();
  await validateConfiguration(config, new DebugLogger(false));
  // The schema check is real: a misspelt key is refused.
  await assert.rejects(validateConfiguration({ ...config, nsis: { ...config.nsis, oneClik: false } }, new DebugLogger(false)));
});

test('Windows targets: an NSIS installer (per-user by default, per-machine offered) and a portable exe', async () => {
  const config = await loadConfig();
  assert.match(config.appId, /^[a-z]+(\.[a-z0-9-]+)+$/);
  assert.equal(config.productName, 'Azure Linux for WSL');
  assert.deepEqual(config.win.target.map((t) => t.target).sort(), ['nsis', 'portable']);
  assert.equal(config.nsis.oneClick, false, 'the assisted installer is the one with the per-user / per-machine choice');
  assert.equal(config.nsis.perMachine, false);
  assert.equal(config.nsis.allowElevation, true);
  assert.equal(config.nsis.allowToChangeInstallationDirectory, true, '/D= and the directory page');
  await readFile(new URL(config.win.icon, root));
});

test('node-pty is unpacked from app.asar and the packaged entry point is the bundled main process', async () => {
  const config = await loadConfig();
  assert.ok(config.asarUnpack.some((pattern) => pattern.startsWith('node_modules/node-pty')));
  assert.equal(config.extraMetadata.main, 'out/electron/main/main.mjs');
});

test('the security fuses are set: no run-as-node, no NODE_OPTIONS or inspector, asar only and integrity-checked', async () => {
  const { electronFuses } = await loadConfig();
  assert.equal(electronFuses.runAsNode, false);
  assert.equal(electronFuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(electronFuses.enableNodeCliInspectArguments, false);
  assert.equal(electronFuses.onlyLoadAppFromAsar, true);
  assert.equal(electronFuses.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(electronFuses.grantFileProtocolExtraPrivileges, false);
});
