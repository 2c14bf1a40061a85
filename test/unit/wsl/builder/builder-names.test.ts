import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appDataDir, builderLocation, builderName, isBuilderName } from '../../../../wsl/builder/builder-names.js';
import { parseNetshWinhttp, resolveBuildProxy, winhttpToEnv } from '../../../../wsl/builder/windows-proxy.js';
import { prerequisitePackages } from '../../../../wsl/builder/builder-distro.js';
import { main } from '../../../../cli/main.js';

test('one recognisable builder per release, under the app data folder', () => {
  assert.equal(builderName('4.0'), 'azl-wsl-builder-4.0');
  assert.equal(isBuilderName('azl-wsl-builder-3.0'), true);
  assert.equal(isBuilderName('AzureLinux-4.0'), false);
  assert.equal(appDataDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32'), join('C:\\Users\\a\\AppData\\Local', 'azl-wsl'));
  assert.equal(appDataDir({ XDG_DATA_HOME: '/x' }, 'linux'), '/x/azl-wsl');
  assert.equal(builderLocation('/d', 'azl-wsl-builder-4.0'), '/d/builders/azl-wsl-builder-4.0');
});

test('the Windows system proxy is read from netsh winhttp output', () => {
  const text = '\nCurrent WinHTTP proxy settings:\n\n    Proxy Server(s) :  proxy.corp:8080\n    Bypass List     :  *.corp;<local>\n';
  const parsed = parseNetshWinhttp(text)!;
  assert.deepEqual(parsed, { server: 'proxy.corp:8080', bypass: ['*.corp'] });
  assert.deepEqual(winhttpToEnv(parsed), { HTTPS_PROXY: 'proxy.corp:8080', HTTP_PROXY: 'proxy.corp:8080', NO_PROXY: '*.corp' });
  assert.deepEqual(winhttpToEnv({ server: 'http=h:1;https=s:2', bypass: [] }), { HTTP_PROXY: 'h:1', HTTPS_PROXY: 's:2' });
  assert.equal(parseNetshWinhttp('Current WinHTTP proxy settings:\n\n    Direct access (no proxy server).\n'), undefined);
});

test('a doubled scheme in the proxy variable is refused before anything runs', async () => {
  await assert.rejects(resolveBuildProxy({ HTTPS_PROXY: 'http://http://proxy:8080' }, 'linux'), { code: 'PROXY_INVALID' });
  const settings = await resolveBuildProxy({ HTTPS_PROXY: 'proxy:8080' }, 'linux');
  assert.equal(settings.httpsProxy, 'http://proxy:8080');
});

test('missing prerequisites map to the package manager\'s package names', () => {
  assert.deepEqual(prerequisitePackages(['node', 'getfattr', 'dnf', 'chroot', 'timeout'], 'dnf5'), ['attr', 'coreutils', 'dnf5', 'nodejs']);
  assert.deepEqual(prerequisitePackages(['dnf'], 'tdnf'), ['dnf']);
});

test('azl-wsl builder and build --builder reject unknown values as usage errors', async () => {
  const out: string[] = [];
  const write = (text: string): void => void out.push(text);
  assert.equal(await main(['builder', 'polish'], { stdout: write, stderr: write }), 2);
  assert.match(out.join(''), /Unknown builder action "polish"/);
  assert.equal(await main(['build', '--profile', 'x.toml', '--builder', 'cloud'], { stdout: write, stderr: write }), 2);
  assert.match(out.join(''), /Unknown builder "cloud"/);
});
