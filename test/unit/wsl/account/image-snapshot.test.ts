// The installer's account snapshot read from the image file: the same facts the live
// snapshot reads inside the distribution (exact wsl.conf bytes, links followed inside the image).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packRoot } from '../../../../rootfs/archive/pack-root.js';
import { readImageSnapshot } from '../../../../wsl/account/image-snapshot.js';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\njane:x:1000:1000::/home/jane:/bin/bash\n';

async function withImage(build: (root: string) => Promise<void>, check: (file: string) => Promise<void>): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'azl-image-snapshot-'));
  try {
    const root = join(work, 'root');
    await mkdir(join(root, 'etc'), { recursive: true });
    await mkdir(join(root, 'usr/bin'), { recursive: true });
    await writeFile(join(root, 'etc/passwd'), PASSWD);
    await build(root);
    const file = join(work, 'image.wsl');
    await packRoot(root, file, { format: 'wsl', workers: 1 });
    await check(file);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

test('passwd, exact wsl.conf, first-run command through a link, and bash through usrmerge links', () =>
  withImage(
    async (root) => {
      await writeFile(join(root, 'etc/wsl.conf'), '[boot]\nsystemd=true\n');
      await mkdir(join(root, 'usr/lib'), { recursive: true });
      await writeFile(join(root, 'usr/lib/wsl-distribution.conf'), '[oobe]\ncommand = /usr/lib/wsl/oobe.sh\n');
      await symlink('../usr/lib/wsl-distribution.conf', join(root, 'etc/wsl-distribution.conf'));
      await writeFile(join(root, 'usr/bin/bash'), 'pretend bash');
      await chmod(join(root, 'usr/bin/bash'), 0o755);
      await symlink('usr/bin', join(root, 'bin'));
    },
    async (file) => {
      const snapshot = await readImageSnapshot(file);
      assert.deepEqual(
        snapshot.passwd.map((entry) => [entry.name, entry.uid, entry.home]),
        [
          ['root', 0, '/root'],
          ['jane', 1000, '/home/jane'],
        ],
      );
      assert.equal(snapshot.wslConf, '[boot]\nsystemd=true\n');
      assert.equal(snapshot.firstRunCommand, '/usr/lib/wsl/oobe.sh');
      assert.equal(snapshot.hasBash, true);
    },
  ));

test('no wsl.conf, no first-run, a non-executable bash: the shell falls back to sh', () =>
  withImage(
    async (root) => {
      await writeFile(join(root, 'usr/bin/bash'), 'not executable');
      await chmod(join(root, 'usr/bin/bash'), 0o644);
      await symlink('usr/bin', join(root, 'bin'));
    },
    async (file) => {
      const snapshot = await readImageSnapshot(file);
      assert.equal(snapshot.wslConf, undefined);
      assert.equal(snapshot.firstRunCommand, undefined);
      assert.equal(snapshot.hasBash, false);
    },
  ));
