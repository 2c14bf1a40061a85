// `azl-wsl catalog add|list|remove|use` as an admin runs them, checked against what the wsl.exe
// simulator then does with the result (the simulator follows WSL's own catalog behaviour).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulatorEnv, type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { buildFixtureDistro } from '../../wsl-simulator/fixture-distro.js';
import { catalogImage } from '../../fixtures/catalog-images.js';
import { startStaticFileServer, type StaticFileServer } from '../../fixtures/static-file-server.js';
import { tempDir } from '../wsl-simulator/simulator-harness.js';
import { pathFromFileUrl } from '../../../wsl/catalog/catalog-url.js';
import { runProgram } from '../../../common/run-program.js';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));

describe('azl-wsl catalog', () => {
  let sim: SimulatorEnv;
  let work: string;
  let catalog: string;
  let v1: string;
  let v2: string;
  let microsoftList: string;

  // Asynchronous on purpose: a loopback web server in this process must keep answering.
  const run = async (program: string, args: string[], env: NodeJS.ProcessEnv) => {
    const result = await runProgram(program, args, { env });
    return { code: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
  };
  const azl = (args: string[], env: NodeJS.ProcessEnv = {}) => run(process.execPath, [cli, ...args], { ...sim.env, ...env });
  const wsl = (args: string[], env: NodeJS.ProcessEnv = {}) => run(sim.wslPath, args, { ...sim.env, WSL_UTF8: '1', AZL_WSL_SIM_DISTRIBUTION_LIST: microsoftList, ...env });
  const admin = { AZL_WSL_SIM_IDENTITY: 'admin' };
  const manifest = async () => JSON.parse(await readFile(join(catalog, 'DistributionInfo.json'), 'utf8')) as { ModernDistributions: Record<string, Array<{ Name: string; FriendlyName: string; Default: boolean; Amd64Url: { Url: string; Sha256: string } }>> };

  before(async () => {
    work = await tempDir('azl-catalog-cli-');
    catalog = join(work, 'catalog');
    v1 = await catalogImage(work, 'contoso-4.0.1.wsl', { version: '4.0.1' });
    v2 = await catalogImage(work, 'contoso-4.0.2.wsl', { version: '4.0.2', defaultName: 'Changed' });
    microsoftList = join(work, 'microsoft.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(microsoftList, JSON.stringify({ ModernDistributions: { Ubuntu: [{ Name: 'Ubuntu', FriendlyName: 'Ubuntu', Default: true, Amd64Url: { Url: 'https://example.invalid/u.wsl', Sha256: '00'.repeat(32) } }] } }));
    sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  });
  after(async () => {
    await sim.dispose();
    await rm(work, { recursive: true, force: true });
  });

  test('add writes WSL\'s manifest: the image beside it, a file:// URL WSL can read, its SHA-256, one Default', async () => {
    const added = await azl(['catalog', 'add', v1, '--catalog', catalog, '--flavor', 'Contoso-AzureLinux', '--name', 'Contoso-AzureLinux-4.0.1', '--friendly', 'Contoso Azure Linux 4.0.1 — dev']);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added Contoso-AzureLinux-4\.0\.1 \(flavor Contoso-AzureLinux, Default, version 4\.0\.1\)/);
    const text = await readFile(join(catalog, 'DistributionInfo.json'), 'utf8');
    assert.ok(![...text].some((char) => char.charCodeAt(0) > 0x7f), 'ASCII only: wsl.exe reads a local manifest byte by byte');
    assert.match(text, /\\u2014/);
    const [entry] = (await manifest()).ModernDistributions['Contoso-AzureLinux'];
    assert.equal(entry.Default, true, 'the first entry of a flavor is its Default');
    assert.equal(entry.FriendlyName, 'Contoso Azure Linux 4.0.1 — dev');
    const copy = pathFromFileUrl(entry.Amd64Url.Url)!;
    assert.equal(copy, join(catalog, 'Contoso-AzureLinux-4.0.1.wsl'));
    assert.equal(entry.Amd64Url.Sha256, createHash('sha256').update(await readFile(v1)).digest('hex'));
    assert.deepEqual(await readFile(copy), await readFile(v1));
  });

  test('WSL\'s rules are enforced before anything is written', async () => {
    const before = await readFile(join(catalog, 'DistributionInfo.json'), 'utf8');
    const wrongFlavor = await azl(['catalog', 'add', v2, '--catalog', catalog, '--flavor', 'Contoso-AzureLinux', '--name', 'Other-4.0.2', '--friendly', 'x']);
    assert.equal(wrongFlavor.code, 2);
    assert.match(wrongFlavor.stderr, /must start with the flavor "Contoso-AzureLinux"/);
    const bad = await buildFixtureDistro(work, {}, 'no-shadow.wsl');
    const invalid = await azl(['catalog', 'add', bad, '--catalog', catalog, '--flavor', 'Contoso-AzureLinux', '--name', 'Contoso-AzureLinux-bad', '--friendly', 'x']);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /breaks WSL's image rules/);
    assert.match(invalid.stderr, /shadow/);
    assert.equal(await readFile(join(catalog, 'DistributionInfo.json'), 'utf8'), before);
    assert.ok(!existsSync(join(catalog, 'Contoso-AzureLinux-bad.wsl')));
  });

  test('a second version with --default takes the Default; list shows both with their versions', async () => {
    const added = await azl(['catalog', 'add', v2, '--catalog', catalog, '--flavor', 'Contoso-AzureLinux', '--name', 'Contoso-AzureLinux-4.0.2', '--friendly', 'Contoso Azure Linux 4.0.2', '--default']);
    assert.equal(added.code, 0, added.stderr);
    const entries = (await manifest()).ModernDistributions['Contoso-AzureLinux'];
    assert.deepEqual(entries.map((entry) => [entry.Name, entry.Default]), [['Contoso-AzureLinux-4.0.2', true], ['Contoso-AzureLinux-4.0.1', false]]);
    const listed = await azl(['catalog', 'list', '--catalog', catalog, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const result = JSON.parse(listed.stdout) as { catalogs: Array<{ findings: unknown[]; entries: Array<{ name: string; version: string; default: boolean }> }> };
    assert.deepEqual(result.catalogs[0].findings, []);
    assert.deepEqual(result.catalogs[0].entries.map((entry) => [entry.name, entry.version, entry.default]), [['Contoso-AzureLinux-4.0.2', '4.0.2', true], ['Contoso-AzureLinux-4.0.1', '4.0.1', false]]);
  });

  test('use: refused without elevation, then WSL installs from it by flavor and by name', async () => {
    const refused = await azl(['catalog', 'use', catalog]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /needs administrator rights/);
    assert.ok(!existsSync(join(sim.stateDir, 'hklm.json')), 'nothing was written');

    const used = await azl(['catalog', 'use', catalog, '--json'], admin);
    assert.equal(used.code, 0, used.stderr);
    const result = JSON.parse(used.stdout) as { value: string; url: string };
    assert.equal(result.value, 'DistributionListUrlAppend');
    assert.equal(result.url, `file://${join(catalog, 'DistributionInfo.json')}`);

    const online = await wsl(['--list', '--online']);
    assert.equal(online.code, 0, online.stdout);
    assert.match(online.stdout, /Contoso-AzureLinux-4\.0\.2\s+Contoso Azure Linux 4\.0\.2\r\nContoso-AzureLinux-4\.0\.1\s+Contoso Azure Linux 4\.0\.1 — dev\r\nUbuntu\s+Ubuntu\r\n$/);
    const byFlavor = await wsl(['--install', 'Contoso-AzureLinux', '--no-launch']);
    assert.equal(byFlavor.code, 0, byFlavor.stdout);
    assert.match(byFlavor.stdout, /launched via 'wsl\.exe -d Contoso-AzureLinux-4\.0\.2'/);
    assert.match(byFlavor.stderr, /is provided by an override manifest/);
    const byName = await wsl(['--install', 'Contoso-AzureLinux-4.0.1', '--no-launch']);
    assert.equal(byName.code, 0, byName.stdout);

    const listed = await azl(['catalog', 'list']);
    assert.match(listed.stdout, new RegExp(`Catalog file://${catalog}/DistributionInfo\\.json`));
    const cleared = await azl(['catalog', 'use', '--none'], admin);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.match((await azl(['catalog', 'list'])).stdout, /not pointed at any catalog/);
  });

  test('--base-url publishes for a web server: entries point there and WSL downloads them', async () => {
    const web = join(work, 'web');
    const server: StaticFileServer = await startStaticFileServer(web);
    try {
      const added = await azl(['catalog', 'add', v1, '--catalog', web, '--flavor', 'Web', '--name', 'Web-1', '--friendly', 'Web 1', '--base-url', `${server.origin}/`]);
      assert.equal(added.code, 0, added.stderr);
      const entry = (JSON.parse(await readFile(join(web, 'DistributionInfo.json'), 'utf8')) as Awaited<ReturnType<typeof manifest>>).ModernDistributions.Web[0];
      assert.equal(entry.Amd64Url.Url, `${server.origin}/Web-1.wsl`);
      assert.equal((await azl(['catalog', 'use', `${server.origin}/DistributionInfo.json`, '--replace'], admin)).code, 0);
      const installed = await wsl(['--install', 'Web', '--no-launch']);
      assert.equal(installed.code, 0, installed.stdout);
      assert.match(installed.stdout, /^Downloading: Web 1\r\n/);
      assert.equal((await azl(['catalog', 'use', '--none', '--replace'], admin)).code, 0);
    } finally {
      await server.close();
    }
  });

  test('remove deletes the entry and its files; the flavor keeps exactly one Default', async () => {
    const removed = await azl(['catalog', 'remove', 'Contoso-AzureLinux-4.0.2', '--catalog', catalog]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Contoso-AzureLinux-4\.0\.1 is now its Default/);
    assert.ok(!existsSync(join(catalog, 'Contoso-AzureLinux-4.0.2.wsl')));
    const entries = (await manifest()).ModernDistributions['Contoso-AzureLinux'];
    assert.deepEqual(entries.map((entry) => [entry.Name, entry.Default]), [['Contoso-AzureLinux-4.0.1', true]]);
    const missing = await azl(['catalog', 'remove', 'Nope', '--catalog', catalog]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no entry named "Nope"/);
  });
});
