// What wsl.exe does with a catalog (WslInstall.cpp, Distribution.cpp, WslClient.cpp): the
// lists named in HKLM, `--list --online`, `--install <Name>` from file:// and loopback http,
// the override-manifest line, SHA-256 enforcement, names, and clean failures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSimulatorEnv, type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { buildFixtureDistro } from '../../wsl-simulator/fixture-distro.js';
import { startStaticFileServer, type StaticFileServer } from '../../fixtures/static-file-server.js';
import { distroKey, errorToken, registryOf, tempDir, utf16, wsl } from './simulator-harness.js';

const LXSS = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss';

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function setMachineValues(sim: SimulatorEnv, values: Record<string, string>): Promise<void> {
  const keys = { [LXSS]: Object.fromEntries(Object.entries(values).map(([name, data]) => [name, { type: 'REG_SZ', data }])) };
  await writeFile(join(sim.stateDir, 'hklm.json'), JSON.stringify({ keys }));
}

describe('wsl.exe simulator: distribution catalogs', () => {
  let sim: SimulatorEnv;
  let work: string;
  let catalogDir: string;
  let server: StaticFileServer;
  let image: Buffer;
  let microsoftList: string;

  const manifest = (entries: Record<string, unknown[]>): string => JSON.stringify({ ModernDistributions: entries }, null, 4);
  const entry = (name: string, friendly: string, url: string, hash: string, isDefault = false): unknown => ({ Name: name, FriendlyName: friendly, Default: isDefault, Amd64Url: { Url: url, Sha256: hash } });

  before(async () => {
    work = await tempDir('azl-sim-catalog-');
    const archive = await buildFixtureDistro(work, { defaultName: 'FromConfName' });
    image = await readFile(archive);
    catalogDir = join(work, 'catalog share');
    await mkdir(catalogDir);
    await copyFile(archive, join(catalogDir, 'Contoso-1.wsl'));
    await copyFile(archive, join(catalogDir, 'Contoso-2.wsl'));
    server = await startStaticFileServer(catalogDir);
    const hash = sha256(image);
    // file:// URLs written as wsl.exe reads them: no percent-encoding (the space stays).
    await writeFile(
      join(catalogDir, 'DistributionInfo.json'),
      manifest({
        Contoso: [
          entry('Contoso-1', 'Contoso Linux 1', `file://${catalogDir}/Contoso-1.wsl`, hash, true),
          entry('Contoso-2', 'Contoso Linux 2', `file://${catalogDir}/Contoso-2.wsl`, `0x${hash.toUpperCase()}`),
          entry('Contoso-Web', 'Contoso Linux (web)', `${server.origin}/Contoso-1.wsl`, hash),
          entry('Contoso-Bad', 'Contoso Linux (tampered)', `file://${catalogDir}/Contoso-1.wsl`, 'ab'.repeat(32)),
          entry('Contoso-Gone', 'Contoso Linux (missing file)', `file://${catalogDir}/nothing-here.wsl`, hash),
        ],
      }),
    );
    microsoftList = join(work, 'microsoft-list.json');
    await writeFile(
      microsoftList,
      manifest({ Ubuntu: [entry('Ubuntu', 'Ubuntu', 'https://example.invalid/ubuntu.wsl', hash, true), entry('Ubuntu-24.04', 'Ubuntu 24.04 LTS', 'https://example.invalid/u24.wsl', hash)] }),
    );
    sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  });
  after(async () => {
    await sim.dispose();
    await server.close();
    await rm(work, { recursive: true, force: true });
  });

  const online = { AZL_WSL_SIM_DISTRIBUTION_LIST: '' };

  test('offline with no catalog: --list --online and --install <Name> fail fetching Microsoft\'s list', async () => {
    const listed = await wsl(sim, ['--list', '--online'], { env: online });
    assert.equal(listed.code, 255);
    assert.match(listed.text, /^Failed to fetch the distribution list from 'https:\/\/raw\.githubusercontent\.com\/microsoft\/WSL\/master\/distributions\/DistributionInfo\.json'\. /);
    assert.equal(errorToken(listed.text), 'WININET_E_NAME_NOT_RESOLVED');
    assert.match(listed.text, /Error code: Wsl\/WININET_E_NAME_NOT_RESOLVED\r\n$/);
    const installed = await wsl(sim, ['--install', 'Contoso', '--no-launch']);
    assert.match(installed.text, /Error code: Wsl\/InstallDistro\/WININET_E_NAME_NOT_RESOLVED\r\n$/);
  });

  test('an append list does not help while Microsoft\'s list is unreachable (wsl.exe reads the main list first)', async () => {
    await setMachineValues(sim, { DistributionListUrlAppend: `file://${catalogDir}/DistributionInfo.json` });
    const installed = await wsl(sim, ['--install', 'Contoso', '--no-launch']);
    assert.equal(installed.code, 255);
    assert.equal(errorToken(installed.text), 'WININET_E_NAME_NOT_RESOLVED');
    assert.deepEqual(Object.keys((await registryOf(sim)).subkeys), []);
  });

  test('--list --online: the override list first (four entries per flavor), then Microsoft\'s, in WSL\'s columns', async () => {
    const listed = await wsl(sim, ['-l', '-o'], { env: { AZL_WSL_SIM_DISTRIBUTION_LIST: microsoftList } });
    assert.equal(listed.code, 0, listed.text);
    const width = 'Ubuntu-24.04'.length + 4; // Contoso-Gone (5th of its flavor) is not shown
    const rows = [['NAME', 'FRIENDLY NAME'], ['Contoso-1', 'Contoso Linux 1'], ['Contoso-2', 'Contoso Linux 2'], ['Contoso-Web', 'Contoso Linux (web)'], ['Contoso-Bad', 'Contoso Linux (tampered)'], ['Ubuntu', 'Ubuntu'], ['Ubuntu-24.04', 'Ubuntu 24.04 LTS']];
    const expected =
      "The following is a list of valid distributions that can be installed.\nInstall using 'wsl.exe --install <Distro>'.\n\n" +
      rows.map(([name, friendly]) => `${name.padEnd(width)}${friendly}\n`).join('');
    assert.deepEqual(listed.stdout, utf16(expected));
    const refused = await wsl(sim, ['--list', '--online', '--verbose'], { env: { AZL_WSL_SIM_DISTRIBUTION_LIST: microsoftList } });
    assert.equal(refused.code, 255, '--online with --verbose is a usage error');
  });

  test('--install <flavor> installs its Default under the catalog Name, with the override-manifest line', async () => {
    const env = { AZL_WSL_SIM_DISTRIBUTION_LIST: microsoftList };
    const installed = await wsl(sim, ['--install', 'contoso', '--no-launch'], { env });
    assert.equal(installed.code, 0, installed.text);
    assert.deepEqual(installed.stdout, utf16("Installing: Contoso Linux 1\nDistribution successfully installed. It can be launched via 'wsl.exe -d Contoso-1'\n"));
    assert.equal(installed.errText, 'wsl: The distribution "contoso" is provided by an override manifest.\r\n');
    const [, key] = await distroKey(sim, 'Contoso-1');
    assert.equal(key.DistributionName, 'Contoso-1', 'the catalog Name, not the image\'s oobe.defaultName');
    assert.equal(key.RunOOBE, 1);
    const again = await wsl(sim, ['--install', 'Contoso-1', '--no-launch'], { env });
    assert.equal(again.code, 255);
    assert.equal(again.text, 'Cannot create a file when that file already exists. \r\nError code: Wsl/InstallDistro/ERROR_ALREADY_EXISTS\r\n');
  });

  test('a 0x-prefixed upper-case Sha256 is accepted; --name and --location are honoured', async () => {
    const location = join(work, 'custom-location');
    const installed = await wsl(sim, ['--install', 'Contoso-2', '--name', 'MyContoso', '--location', location, '--no-launch'], { env: { AZL_WSL_SIM_DISTRIBUTION_LIST: microsoftList } });
    assert.equal(installed.code, 0, installed.text);
    const [, key] = await distroKey(sim, 'MyContoso');
    assert.equal(key.BasePath, location);
  });

  test('http on loopback: "Downloading:", then the temporary download is deleted', async () => {
    const installed = await wsl(sim, ['--install', 'Contoso-Web', '--no-launch'], { env: { AZL_WSL_SIM_DISTRIBUTION_LIST: microsoftList } });
    assert.equal(installed.code, 0, installed.text);
    assert.match(installed.text, /^Downloading: Contoso Linux \(web\)\r\nInstalling: Contoso Linux \(web\)\r\n/);
    assert.ok(server.requests.includes('/Contoso-1.wsl'));
    assert.deepEqual(await readdir(join(sim.stateDir, 'tmp')), []);
    assert.equal((await distroKey(sim, 'Contoso-Web'))[1].DistributionName, 'Contoso-Web');
  });

  test('a hash mismatch fails cleanly: WSL\'s message, TRUST_E_BAD_DIGEST, nothing registered or left behind', async () => {
    const before = Object.keys((await registryOf(sim)).subkeys).length;
    const location = join(work, 'bad-location');
    const failed = await wsl(sim, ['--install', 'Contoso-Bad', '--location', location, '--no-launch'], { env: { AZL_WSL_SIM_DISTRIBUTION_LIST: microsoftList } });
    assert.equal(failed.code, 255);
    assert.equal(
      failed.text,
      `Installing: Contoso Linux (tampered)\r\nThe distribution hash doesn't match. Expected: ${'ab'.repeat(32)}, actual hash: 0x${sha256(image)}\r\nError code: Wsl/InstallDistro/VerifyChecksum/TRUST_E_BAD_DIGEST\r\n`,
    );
    assert.equal(Object.keys((await registryOf(sim)).subkeys).length, before);
    await assert.rejects(readdir(location), 'the location was never created');
  });

  test('unknown names and missing archives fail with WSL\'s tokens', async () => {
    const env = { AZL_WSL_SIM_DISTRIBUTION_LIST: microsoftList };
    const unknown = await wsl(sim, ['--install', 'Nope', '--no-launch'], { env });
    assert.equal(unknown.text, "Invalid distribution name: 'Nope'.To get a list of valid distributions, use 'wsl.exe --list --online'.\r\nError code: Wsl/InstallDistro/WSL_E_DISTRO_NOT_FOUND\r\n");
    const gone = await wsl(sim, ['--install', 'Contoso-Gone', '--no-launch'], { env });
    assert.equal(errorToken(gone.text), 'ERROR_FILE_NOT_FOUND');
  });

  test('DistributionListUrl replaces Microsoft\'s list: works offline, and the entry is no override', async () => {
    await setMachineValues(sim, { DistributionListUrl: `file://${catalogDir}/DistributionInfo.json` });
    const installed = await wsl(sim, ['--install', 'Contoso-2', '--name', 'Replaced', '--no-launch']);
    assert.equal(installed.code, 0, installed.text);
    assert.equal(installed.errText, '');
    const listed = await wsl(sim, ['--list', '--online']);
    assert.doesNotMatch(listed.text, /Ubuntu/);
    await writeFile(join(work, 'broken.json'), '{"ModernDistributions": {"X": [{"Name": 5}]}}');
    await setMachineValues(sim, { DistributionListUrl: `file://${join(work, 'broken.json')}` });
    const broken = await wsl(sim, ['--list', '--online']);
    assert.equal(broken.code, 255);
    assert.match(broken.text, /^Failed to fetch the distribution list from 'file:\/\//);
  });
});
