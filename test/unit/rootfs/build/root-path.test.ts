import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { linkStaysInside, resolveInRoot } from '../../../../rootfs/build/root-path.js';
import { withTempDir } from '../../../support/temp-dir.js';

const withRoot = (work: (root: string) => Promise<void>) => withTempDir('azl-root-path-', work);

test('absolute links inside the root are followed as the image would (re-rooted)', () =>
  withRoot(async (root) => {
    await mkdir(join(root, 'usr/lib'), { recursive: true });
    await symlink('/usr/lib', join(root, 'lib'));
    assert.equal(await resolveInRoot(root, '/lib/x.conf'), join(root, 'usr/lib/x.conf'));
    await symlink('usr/lib', join(root, 'lib2'));
    assert.equal(await resolveInRoot(root, '/lib2/y'), join(root, 'usr/lib/y'));
  }));

test('the last component is a link: acted on itself unless asked to follow', () =>
  withRoot(async (root) => {
    await mkdir(join(root, 'etc'), { recursive: true });
    await symlink('../usr/lib/os-release', join(root, 'etc/os-release'));
    assert.equal(await resolveInRoot(root, '/etc/os-release'), join(root, 'etc/os-release'));
    assert.equal(await resolveInRoot(root, '/etc/os-release', { followLast: true }), join(root, 'usr/lib/os-release'));
  }));

test('a relative link climbing above / is refused with PATH_ESCAPE naming the item', () =>
  withRoot(async (root) => {
    await mkdir(join(root, 'etc'), { recursive: true });
    await symlink('../../../../../../tmp', join(root, 'etc/out'));
    await assert.rejects(resolveInRoot(root, '/etc/out/evil', { what: 'File /etc/out/evil (x.kiwi:3)' }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PATH_ESCAPE');
      assert.match(error.message, /x\.kiwi:3/);
      return true;
    });
  }));

test('".." in a path is refused', async () => {
  await assert.rejects(resolveInRoot('/tmp/whatever', '/etc/../../x'), { code: 'PATH_ESCAPE' });
});

test('symlink loops stop with an error instead of hanging', () =>
  withRoot(async (root) => {
    await symlink('/b', join(root, 'a'));
    await symlink('/a', join(root, 'b'));
    await assert.rejects(resolveInRoot(root, '/a/x'), { code: 'PATH_ESCAPE' });
  }));

test('linkStaysInside judges overlay links by where they point from', () => {
  assert.equal(linkStaysInside('etc/a', '/anything'), true);
  assert.equal(linkStaysInside('etc/a', '../usr/lib/x'), true);
  assert.equal(linkStaysInside('etc/a', '../../x'), false);
  assert.equal(linkStaysInside('a', '..'), false);
  assert.equal(linkStaysInside('usr/lib/a', './../../../etc'), false);
});
