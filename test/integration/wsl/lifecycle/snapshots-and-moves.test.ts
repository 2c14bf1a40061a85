/**
 * Snapshots, restore, move and clone against the wsl.exe simulator: a damaged snapshot is
 * refused with nothing changed, restore re-applies a default user that only the registration
 * held (a bare `wsl --import` starts as root), the Windows Terminal profile settings follow the
 * new registration, move refuses a folder without room (a small tmpfs) naming the size needed,
 * and a clone is a second, independent instance with the same accounts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAzlError } from '../../../../common/errors.js';
import { importDistro } from '../../../../wsl/driver/wsl-import.js';
import { setDefaultUser } from '../../../../wsl/driver/wsl-manage.js';
import { terminateDistro } from '../../../../wsl/driver/wsl-terminate.js';
import { unregisterDistro } from '../../../../wsl/driver/wsl-unregister.js';
import { cloneDistribution } from '../../../../wsl/lifecycle/clone-distro.js';
import { defaultRegistrations, findRegistration } from '../../../../wsl/lifecycle/distro-registrations.js';
import { moveDistribution } from '../../../../wsl/lifecycle/move-distro.js';
import { restoreSnapshot } from '../../../../wsl/lifecycle/restore-snapshot.js';
import { snapshotStoreFor, takeSnapshot } from '../../../../wsl/lifecycle/take-snapshot.js';
import { fragmentProfileGuid, terminalSettingsFiles } from '../../../../wsl/lifecycle/terminal-profile.js';
import { createLifecycleHarness, PREPARE_OLD, type LifecycleHarness } from './lifecycle-harness.js';
import { lifecycleImage } from './lifecycle-images.js';

let h: LifecycleHarness;
let dir: string;
let image: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-lifecycle-snap-'));
  h = await createLifecycleHarness();
  image = await lifecycleImage(dir, 'v4-0', { version: '4.0' });
  await importDistro({ ...h.call, name: 'Dev', location: join(dir, 'dev'), file: image });
  // jane is the default only in the registration (as `ubuntu config --default-user` leaves it), not in wsl.conf.
  assert.equal((await h.run('Dev', PREPARE_OLD + "sed -i '/^\\[user\\]/d; /^default=/d' /etc/wsl.conf\n")).code, 0);
  assert.equal(await setDefaultUser('Dev', 'jane', h.call), 'set');
  await terminateDistro('Dev', h.call);
});
after(async () => {
  await h?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function profileGuid(name: string): Promise<string | undefined> {
  return fragmentProfileGuid(await findRegistration(defaultRegistrations(h.env), name));
}

test('restore re-applies the default user (a bare import would start as root) and the Terminal profile settings', async () => {
  const snapshot = await takeSnapshot({ ...h.call, distro: 'Dev', note: 'before the experiment' });
  assert.equal(snapshot.defaultUser, 'jane');
  assert.equal(snapshot.wasDefault, true);

  // What the restore protects against: the same file imported bare starts as root.
  await importDistro({ ...h.call, name: 'Bare', location: join(dir, 'bare'), file: snapshotStoreFor(h.call).dataFile(snapshot) });
  assert.equal((await h.run('Bare', 'id -un', null)).out, 'root\n');
  await unregisterDistro('Bare', h.call);

  // The user's Windows Terminal settings for Dev's profile.
  const oldGuid = await profileGuid('Dev');
  assert.ok(oldGuid);
  const settings = terminalSettingsFiles(h.env)[2];
  await mkdir(join(settings, '..'), { recursive: true });
  await writeFile(settings, JSON.stringify({ defaultProfile: oldGuid, profiles: { list: [{ guid: oldGuid, colorScheme: 'Campbell', fontSize: 13 }] } }, null, 4));

  assert.equal((await h.run('Dev', "echo 'experiment went wrong' > /home/jane/projects/notes.txt")).code, 0);
  const restored = await restoreSnapshot({ ...h.call, distro: 'Dev', snapshot: snapshot.id });
  assert.equal(restored.replaced, true);
  assert.deepEqual(restored.terminalSettingsUpdated, [settings]);
  assert.equal((await h.run('Dev', 'id -un; cat ~/projects/notes.txt', null)).out, 'jane\nmy work\n');
  const newGuid = await profileGuid('Dev');
  assert.ok(newGuid && newGuid !== oldGuid, 'a new registration has a new Terminal profile');
  const written = JSON.parse(await readFile(settings, 'utf8')) as { defaultProfile: string; profiles: { list: Array<{ guid: string; colorScheme?: string }> } };
  assert.equal(written.defaultProfile, newGuid);
  assert.deepEqual(written.profiles.list, [{ guid: newGuid, colorScheme: 'Campbell', fontSize: 13 }]);

  // Restoring a distribution that is gone re-creates it, again as jane and again the default.
  await unregisterDistro('Dev', h.call);
  const recreated = await restoreSnapshot({ ...h.call, distro: 'Dev', snapshot: snapshot.id });
  assert.equal(recreated.replaced, false);
  assert.equal((await h.run('Dev', 'id -un; cat ~/projects/notes.txt', null)).out, 'jane\nmy work\n');
  assert.deepEqual(await h.journals(), []);
});

test('a damaged or truncated snapshot is refused and nothing changes', async () => {
  const snapshot = await takeSnapshot({ ...h.call, distro: 'Dev' });
  const file = snapshotStoreFor(h.call).dataFile(snapshot);
  const before = (await h.run('Dev', 'cat /home/jane/projects/notes.txt')).out;
  const handle = await open(file, 'r+');
  try {
    await handle.write(Buffer.from('tampered'), 0, 8, Math.floor(snapshot.sizeBytes / 2));
  } finally {
    await handle.close();
  }
  await assert.rejects(restoreSnapshot({ ...h.call, distro: 'Dev', snapshot: snapshot.id }), (error) => isAzlError(error) && error.code === 'SNAPSHOT_DAMAGED' && /SHA-256 differs/.test(error.message));
  await truncate(file, Math.floor(snapshot.sizeBytes / 3));
  const cli = h.azl(['restore', 'Dev', snapshot.id, '--yes']);
  assert.equal(cli.status, 1);
  assert.match(cli.stderr, /not a readable archive|has changed since/);
  assert.match(cli.stderr, /Nothing was changed/);
  const listed = h.azl(['snapshots', 'Dev', '--verify']);
  assert.equal(listed.status, 1, 'snapshots --verify reports the damaged one');
  assert.match(listed.stdout, new RegExp(`${snapshot.id}.* DAMAGED`));
  assert.deepEqual(await h.names(), ['Dev']);
  assert.equal((await h.run('Dev', 'cat /home/jane/projects/notes.txt')).out, before);
  const pruned = h.azl(['snapshot', '--prune', '0', 'Dev']);
  assert.equal(pruned.status, 0, pruned.stderr);
  assert.deepEqual(await snapshotStoreFor(h.call).list('Dev'), []);
});

test('move refuses a folder without room, naming the size needed; nothing changes', async (t) => {
  const small = join(dir, 'small');
  await mkdir(small);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', small]);
  if (mounted.status !== 0) return t.skip(`a small tmpfs cannot be mounted here: ${mounted.stderr.toString().trim()}`);
  try {
    const before = (await findRegistration(defaultRegistrations(h.env), 'Dev'))!.basePath;
    await assert.rejects(moveDistribution({ ...h.call, distro: 'Dev', location: join(small, 'dev') }), (error) => {
      assert.ok(isAzlError(error) && error.code === 'DISK_FULL', String(error));
      assert.match(error.message, new RegExp(`Not enough free space at ${small}: this needs about \\d+ MB there and only \\d+ MB is free`));
      return true;
    });
    const cli = h.azl(['move', 'Dev', join(small, 'dev'), '--yes']);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /Not enough free space/);
    assert.equal((await findRegistration(defaultRegistrations(h.env), 'Dev'))!.basePath, before);
    assert.equal((await h.run('Dev', 'cat /home/jane/projects/notes.txt')).out, 'my work\n');
  } finally {
    spawnSync('umount', [small]);
  }
});

test('clone: a second instance with the same accounts, files and default user, a machine id of its own; the source is untouched', async () => {
  assert.equal((await h.run('Dev', 'echo 0123456789abcdef0123456789abcdef > /etc/machine-id')).code, 0);
  const cloned = await cloneDistribution({ ...h.call, distro: 'Dev', newName: 'Dev-Copy' });
  assert.equal(cloned.defaultUser, 'jane');
  assert.deepEqual(await h.names(), ['Dev', 'Dev-Copy']);
  assert.equal((await h.run('Dev-Copy', 'id -un; cat ~/projects/notes.txt; wc -c < /etc/machine-id', null)).out, 'jane\nmy work\n0\n');
  assert.equal((await h.run('Dev', 'cat /etc/machine-id')).out, '0123456789abcdef0123456789abcdef\n');
  assert.equal((await h.run('Dev-Copy', "echo 'only in the copy' > /home/jane/projects/notes.txt")).code, 0);
  assert.equal((await h.run('Dev', 'cat /home/jane/projects/notes.txt')).out, 'my work\n', 'independent disks');
  const clash = h.azl(['clone', 'Dev', 'dev-copy']);
  assert.equal(clash.status, 1);
  assert.match(clash.stderr, /already|exists/i);
});
