import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appIconIco } from '../../../../electron/packaging/app-icon.js';
import { APP_ICON_PATH } from '../../../../electron/packaging/write-app-icon.js';
import { catalogProfilesDir, PACKAGED_PROFILES_FOLDER, standardCatalog } from '../../../../electron/main/catalog.js';

const require = createRequire(import.meta.url);
const root = new URL('../../../../', import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  asarUnpack: string[];
  extraMetadata: { main: string };
  electronFuses: Record<string, boolean>;
  win: { icon: string; target: Array<{ target: string }> };
  extraResources: Array<{ from: string; to: string }>;
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

test('the Windows icon has 16, 32, 48 and 256 px images and is the current rendering of app-icon.ts', async () => {
  const config = await loadConfig();
  const ico = await readFile(new URL(config.win.icon, root));
  assert.equal(fileURLToPath(new URL(config.win.icon, root)), APP_ICON_PATH);
  assert.equal(ico.readUInt16LE(2), 1, 'an icon resource');
  const count = ico.readUInt16LE(4);
  const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
  assert.deepEqual(sizes, [16, 32, 48, 256]);
  for (let i = 0; i < count; i++) assert.equal(ico.readUInt16LE(6 + 16 * i + 6), 32, '32 bits per pixel');
  assert.ok(ico.equals(appIconIco()), 'regenerate it: node --import tsx electron/packaging/write-app-icon.ts');
});

test('every catalog profile ships: extraResources copies the repository product folder to where the packaged app looks', async () => {
  const config = await loadConfig();
  const projectRoot = fileURLToPath(root);
  const resourcesPath = join(projectRoot, 'out', 'fake-resources');
  const packaged = catalogProfilesDir({ packaged: true, resourcesPath, appDir: join(resourcesPath, 'app.asar') });
  const development = catalogProfilesDir({ packaged: false, resourcesPath, appDir: projectRoot });
  assert.ok(!relative(projectRoot, development).startsWith('test'), 'the product profiles are not test fixtures');
  assert.ok(config.extraResources.every((entry) => !entry.from.startsWith('test/')));
  for (const entry of standardCatalog(packaged)) {
    // Where the packaged app reads it, mapped back through extraResources to a repository file.
    const inResources = relative(resourcesPath, entry.profilePath).split('\\').join('/');
    assert.ok(inResources.startsWith(`${PACKAGED_PROFILES_FOLDER}/`), inResources);
    const copy = config.extraResources.find((resource) => inResources.startsWith(`${resource.to}/`));
    assert.ok(copy, `no extraResources entry ships ${inResources}`);
    await readFile(join(projectRoot, copy.from, inResources.slice(copy.to.length + 1)));
    // And a checkout reads the same file from the repository folder.
    await readFile(join(development, relative(packaged, entry.profilePath)));
  }
});
