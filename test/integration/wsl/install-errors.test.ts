/**
 * Install failures against the wsl.exe simulator: each ends with a clear AzlError and nothing
 * left behind (no registration, no folder the run created, existing folders untouched).
 * A busybox root is enough here: none of these flows creates an account.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installDistro } from '../../../wsl/install/install-distro.js';
import type { AzlError } from '../../../common/errors.js';
import { busyboxImage } from './test-images.js';
import { gzipSync } from 'node:zlib';
import { validateImage } from '../../../rootfs/validate/validate-image.js';
import { archive, claimedPaxHeader, minimalRootParts, ruleBreaches } from '../../fixtures/hostile-archives.js';
import { createHarness, listDir } from './sim-helpers.js';
import { waitFor } from '../../support/wait-for.js';

let dir: string;
let image: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-install-errors-'));
  image = await busyboxImage(dir);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const refusedWith = (code: string, pattern?: RegExp) => (error: AzlError) => {
  assert.equal(error.code, code, `${error.code}: ${error.message}`);
  if (pattern) assert.match(`${error.message} ${error.hint ?? ''}`, pattern);
  return true;
};

test('bad archives: missing, corrupt, and a .vhdx without --vhd; nothing left, an existing folder kept', async () => {
  const h = await createHarness();
  try {
    const corrupt = join(dir, 'corrupt.tar.gz');
    await writeFile(corrupt, 'this is not an archive at all\n'.repeat(50));
    const vhdx = join(dir, 'disk.vhdx');
    await writeFile(vhdx, 'vhdxfile');

    await assert.rejects(installDistro({ ...h.call, file: join(dir, 'missing.wsl'), name: 'A', location: join(dir, 'a'), method: 'import' }), refusedWith('ARCHIVE_INVALID', /does not exist/));
    await assert.rejects(installDistro({ ...h.call, file: corrupt, name: 'B', location: join(dir, 'b'), method: 'import' }), refusedWith('ARCHIVE_INVALID', /damaged member header/));
    assert.equal(await listDir(join(dir, 'b')), undefined, 'the folder the run created is gone');
    await assert.rejects(installDistro({ ...h.call, file: vhdx, name: 'C', location: join(dir, 'c'), method: 'import' }), refusedWith('ARCHIVE_INVALID', /virtual disk/));
    assert.equal(await listDir(join(dir, 'c')), undefined);

    // A folder that existed before keeps its contents when the install fails.
    await mkdir(join(dir, 'mine'));
    await writeFile(join(dir, 'mine', 'notes.txt'), 'keep me');
    await assert.rejects(installDistro({ ...h.call, file: corrupt, name: 'D', location: join(dir, 'mine'), method: 'import' }), refusedWith('ARCHIVE_INVALID'));
    assert.equal(await readFile(join(dir, 'mine', 'notes.txt'), 'utf8'), 'keep me');
    assert.deepEqual(await h.distroNames(), []);
  } finally {
    await h.sim.dispose();
  }
});

test('an empty folder that existed before survives a failed install, though WSL deletes empty install folders itself', async () => {
  const h = await createHarness();
  try {
    const corrupt = join(dir, 'corrupt-e.tar.gz');
    await writeFile(corrupt, 'not an archive\n'.repeat(50));
    const mine = join(dir, 'empty-mine');
    await mkdir(mine);
    // WSL's own clean-up of a registration that failed (LxssUserSession _DeleteDistribution).
    await assert.rejects(installDistro({ ...h.call, file: corrupt, name: 'E', location: mine, method: 'import' }), refusedWith('ARCHIVE_INVALID'));
    assert.deepEqual(await listDir(mine), [], 'the folder is still there, and empty');
    // `--unregister` of the half-made distribution after a later step fails (no useradd in this image).
    const account = { user: 'jane', password: { kind: 'none' as const }, sudo: 'nopasswd' as const };
    await assert.rejects(installDistro({ ...h.call, file: image, name: 'F', location: mine, method: 'from-file', account }), refusedWith('ACCOUNT_SETUP_FAILED'));
    assert.deepEqual(await listDir(mine), [], 'still there after the unregister');
    assert.deepEqual(await h.distroNames(), []);
  } finally {
    await h.sim.dispose();
  }
});

// WSL stops reading /etc/wsl.conf at its first invalid line (configfile.cpp): a [user] default
// added after it would never be read and the distribution would quietly start as root.
test("an image whose wsl.conf has a line WSL stops at: the default user is refused before any change, and the install undone", async () => {
  const h = await createHarness();
  try {
    const broken = await busyboxImage(dir, { name: 'semicolon', wslConf: '[boot]\nsystemd=false\n; a semicolon comment WSL does not know\n' });
    await assert.rejects(
      installDistro({ ...h.call, file: broken, name: 'Semi', location: join(dir, 'semi'), method: 'import', account: { user: 'jane', password: { kind: 'none' }, sudo: 'nopasswd' } }),
      (error: AzlError) => {
        assert.equal(error.code, 'ACCOUNT_SETUP_FAILED');
        assert.match(error.message, /stops reading \/etc\/wsl\.conf at line 3/);
        assert.match(error.detail ?? '', /Invalid key name in \/etc\/wsl\.conf:3/);
        return true;
      },
    );
    assert.deepEqual(await h.distroNames(), [], 'the half-made distribution was removed');
    assert.equal(await listDir(join(dir, 'semi')), undefined);
    assert.ok(!h.logs.some((entry) => entry.name === 'create account'), 'nothing ran inside the distribution to create the user');
  } finally {
    await h.sim.dispose();
  }
});

test('names and locations: invalid, official, clash in another case, another distro\'s folder; the existing distro untouched', async () => {
  const h = await createHarness();
  try {
    const first = await installDistro({ ...h.call, file: image, name: 'First', location: join(dir, 'first'), method: 'import' });
    assert.equal(first.method, 'import');
    const before = JSON.stringify(await h.sim.registry());
    const importsBefore = (await h.sim.readArgvLog()).filter((argv) => argv[0] === '--import').length;

    await assert.rejects(installDistro({ ...h.call, file: image, name: 'bad name', location: join(dir, 'x'), method: 'import' }), refusedWith('DISTRO_NAME_INVALID', /Nothing was changed/));
    // Path tricks: with no --location the name becomes a folder under %LOCALAPPDATA%\\wsl.
    for (const name of ['.', '..', 'NUL', 'Dev.']) {
      await assert.rejects(installDistro({ ...h.call, file: image, name, method: 'import' }), refusedWith('DISTRO_NAME_INVALID', /Nothing was changed/), name);
    }
    assert.equal(await listDir(join(h.sim.env.LOCALAPPDATA!, 'wsl')), undefined, 'no install folder was made');
    await assert.rejects(installDistro({ ...h.call, file: image, name: 'AzureLinux-4.0', location: join(dir, 'x'), method: 'import' }), refusedWith('DISTRO_NAME_INVALID', /official/));
    await assert.rejects(installDistro({ ...h.call, file: image, name: 'FIRST', location: join(dir, 'x'), method: 'import' }), refusedWith('DISTRO_EXISTS', /"First" is already installed/));
    await assert.rejects(installDistro({ ...h.call, file: image, name: 'Second', location: join(dir, 'first'), method: 'import' }), refusedWith('LOCATION_IN_USE', /"First"/));
    await assert.rejects(installDistro({ ...h.call, file: image, name: 'Third', location: 'relative/dir', method: 'import' }), refusedWith('LOCATION_UNUSABLE'));

    assert.equal(JSON.stringify(await h.sim.registry()), before, 'the registry did not change');
    assert.equal((await h.sim.readArgvLog()).filter((argv) => argv[0] === '--import').length, importsBefore, 'no import was even tried');
    assert.equal(await listDir(join(dir, 'x')), undefined);
    assert.equal((await h.run('First', ['cat', '/etc/wsl.conf'])).out, '[boot]\nsystemd=false\n');
  } finally {
    await h.sim.dispose();
  }
});

test('virtualization off, policy disabled, a missing Hyper-V feature and an absent wsl.exe say what to do', async () => {
  const cases: Array<[string, string, RegExp]> = [
    ['virtualization-off', 'WSL_VIRTUALIZATION_OFF', /Turn on virtualization in the firmware settings and enable the Virtual Machine Platform feature, then restart Windows\./],
    ['policy-disabled', 'WSL_POLICY_DISABLED', /IT department/],
    ['feature-missing', 'WSL_FEATURE_MISSING', /Virtual Machine Platform/],
    ['absent', 'WSL_MISSING', /wsl --install/],
  ];
  for (const [fault, code, pattern] of cases) {
    const h = await createHarness({ faults: [fault] });
    try {
      const location = join(dir, `fault-${fault}`);
      await assert.rejects(installDistro({ ...h.call, file: image, name: 'Dev', location, method: 'auto' }), refusedWith(code, pattern));
      assert.deepEqual(await h.distroNames(), [], fault);
      assert.equal(await listDir(location), undefined, fault);
    } finally {
      await h.sim.dispose();
    }
  }
});

test('cancel during a slow import unregisters and removes the folder', async () => {
  const h = await createHarness({ faults: ['slow-import'] });
  // Far longer than the test waits: the cancel, not the import, ends it.
  h.sim.env.AZL_WSL_SIM_SLOW_IMPORT_MS = '60000';
  try {
    const controller = new AbortController();
    const location = join(dir, 'cancelled');
    const install = installDistro({ ...h.call, signal: controller.signal, file: image, name: 'Slow', location, method: 'import' });
    let ended = false;
    void install.then(() => (ended = true), () => (ended = true));
    // Cancel once wsl --import is running: WSL has registered the distribution as Installing.
    await waitFor('wsl --import to register Slow', async () => {
      if (ended) throw new Error('The install ended before WSL registered the distribution');
      return (await h.registryKey('Slow'))?.State === 3;
    });
    controller.abort();
    await assert.rejects(install, refusedWith('CANCELLED'));
    assert.deepEqual(await h.distroNames(), []);
    assert.equal(await listDir(location), undefined);
  } finally {
    await h.sim.dispose();
  }
});

test('an image validate rejects is refused by install too, before or while WSL registers it, leaving nothing', async () => {
  const h = await createHarness();
  try {
    const cases = ruleBreaches().map((breach) => ({ name: breach.name, rule: breach.rule, bytes: breach.parts }));
    const root = await minimalRootParts();
    for (const breach of cases) {
      const file = join(dir, `${breach.name}.wsl`);
      await writeFile(file, gzipSync(archive([...root, ...breach.bytes])));
      const report = await validateImage(file, { arch: process.arch });
      assert.ok(report.errors.some((finding) => finding.rule === breach.rule), `validate flags ${breach.name}`);
      const location = join(dir, `refused-${breach.name}`);
      await assert.rejects(installDistro({ ...h.call, file, name: 'Refused', location, method: 'import' }), (error: AzlError) => {
        assert.equal(error.code, 'ARCHIVE_INVALID', `${breach.name}: ${error.message}`);
        assert.match(error.detail ?? '', new RegExp(`\\[${breach.rule}\\]`), breach.name);
        assert.doesNotMatch(error.hint ?? '', /setup-user/);
        return true;
      });
      assert.deepEqual(await h.distroNames(), [], breach.name);
      assert.equal(await listDir(location), undefined, breach.name);
    }
    // A header claiming 3 GiB: both refuse it as hostile, neither tries to hold it in memory.
    const bomb = join(dir, 'pax-bomb.wsl');
    await writeFile(bomb, gzipSync(claimedPaxHeader(3 * 1024 ** 3)));
    await assert.rejects(validateImage(bomb), refusedWith('ARCHIVE_INVALID', /claims 3221225472 bytes/));
    await assert.rejects(installDistro({ ...h.call, file: bomb, name: 'Bomb', location: join(dir, 'bomb'), method: 'import' }), refusedWith('ARCHIVE_INVALID', /claims 3221225472 bytes.*Nothing was changed/s));
    assert.deepEqual(await h.distroNames(), []);
  } finally {
    await h.sim.dispose();
  }
});

test('an account step that fails removes the half-made distribution, and the message never says to repair what is gone', async () => {
  const h = await createHarness();
  try {
    // busybox has no useradd: the account step fails after WSL registered the image.
    await assert.rejects(
      installDistro({ ...h.call, file: image, name: 'NoUseradd', location: join(dir, 'no-useradd'), method: 'import', account: { user: 'jane', password: { kind: 'none' }, sudo: 'nopasswd' } }),
      (error: AzlError) => {
        assert.equal(error.code, 'ACCOUNT_SETUP_FAILED', error.message);
        assert.match(error.hint ?? '', /the half-installed distribution was removed/);
        assert.doesNotMatch(`${error.message} ${error.hint}`, /setup-user|still works as root/);
        return true;
      },
    );
    assert.deepEqual(await h.distroNames(), []);
    assert.equal(await listDir(join(dir, 'no-useradd')), undefined);
  } finally {
    await h.sim.dispose();
  }
});
