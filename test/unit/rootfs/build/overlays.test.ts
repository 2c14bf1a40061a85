import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, chown, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyFiles, applyOverlays } from '../../../../rootfs/build/overlays.js';
import { withTempDir } from '../../../support/temp-dir.js';

const at = { file: 'config.kiwi', line: 7 };

function withDirs(work: (root: string, description: string) => Promise<void>): Promise<void> {
  return withTempDir('azl-overlay-', async (base) => {
    await mkdir(join(base, 'root'));
    await mkdir(join(base, 'desc'));
    await work(join(base, 'root'), join(base, 'desc'));
  });
}

test('overlays keep modes, make everything root-owned and follow the image\'s own links', () =>
  withDirs(async (root, desc) => {
    await mkdir(join(root, 'usr/lib'), { recursive: true });
    await symlink('usr/lib', join(root, 'lib'));
    await mkdir(join(desc, 'root/lib'), { recursive: true });
    await mkdir(join(desc, 'root/etc/sudoers.d'), { recursive: true });
    await writeFile(join(desc, 'root/lib/tool'), '#!/bin/sh\n');
    await chmod(join(desc, 'root/lib/tool'), 0o4755);
    await writeFile(join(desc, 'root/etc/sudoers.d/wheel'), '%wheel ALL=(ALL) ALL\n');
    await chmod(join(desc, 'root/etc/sudoers.d/wheel'), 0o440);
    await chown(join(desc, 'root/etc/sudoers.d/wheel'), 1234, 1234);
    await symlink('/usr/lib/tool', join(desc, 'root/etc/tool-link'));
    await applyOverlays(root, [{ dir: join(desc, 'root'), source: at }]);
    assert.equal((await stat(join(root, 'usr/lib/tool'))).mode & 0o7777, 0o4755);
    const wheel = await stat(join(root, 'etc/sudoers.d/wheel'));
    assert.equal(wheel.mode & 0o7777, 0o440);
    assert.deepEqual([wheel.uid, wheel.gid], [0, 0]);
    assert.equal(await readlink(join(root, 'etc/tool-link')), '/usr/lib/tool');
    assert.ok((await lstat(join(root, 'lib'))).isSymbolicLink(), 'the image\'s /lib link stays a link');
  }));

test('an overlay symlink pointing outside the image is refused, naming the file', () =>
  withDirs(async (root, desc) => {
    await mkdir(join(desc, 'root/etc'), { recursive: true });
    await symlink('../../../../etc/shadow', join(desc, 'root/etc/evil'));
    await assert.rejects(applyOverlays(root, [{ dir: join(desc, 'root'), source: at }]), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PATH_ESCAPE');
      assert.match(error.message, /etc\/evil/);
      return true;
    });
  }));

test('a <file> whose target escapes through a link already in the root is refused and nothing is written outside', () =>
  withDirs(async (root, desc) => {
    const outside = await mkdtemp(join(tmpdir(), 'azl-outside-'));
    try {
      await mkdir(join(root, 'etc'), { recursive: true });
      // What a hostile package could ship: a relative link that climbs out of the root.
      await symlink('../'.repeat(12) + outside.slice(1), join(root, 'etc/conf.d'));
      await writeFile(join(desc, 'x.conf'), 'x=1\n');
      await assert.rejects(applyFiles(root, [{ from: join(desc, 'x.conf'), to: '/etc/conf.d/x.conf', mode: 0o644, source: at }]), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'PATH_ESCAPE');
        assert.match(error.message, /config\.kiwi:7/);
        return true;
      });
      await assert.rejects(readFile(join(outside, 'x.conf')));
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  }));

test('files get the profile\'s mode', () =>
  withDirs(async (root, desc) => {
    await writeFile(join(desc, 'chrony.cfg'), 'server x\n');
    await applyFiles(root, [{ from: join(desc, 'chrony.cfg'), to: '/etc/chrony.conf', mode: 0o600, source: at }]);
    assert.equal((await stat(join(root, 'etc/chrony.conf'))).mode & 0o7777, 0o600);
    assert.equal(await readFile(join(root, 'etc/chrony.conf'), 'utf8'), 'server x\n');
  }));
