// packRoot checked with GNU tar: listing, extraction with xattrs, capabilities, modes,
// owners, links, devices, determinism, cancel, and the WSL layout rules (/proc, /tmp, /boot).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, chown, copyFile, link, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packRoot } from '../../../../rootfs/archive/pack-root.js';
import { archiveExtension, type ArchiveFormat } from '../../../../rootfs/archive/archive-format.js';
import { readTar, type TarEntry } from '../../../../rootfs/archive/tar-reader.js';

let work: string;
let root: string;
const longPath = 'usr/share/' + 'd'.repeat(60) + '/' + 'e'.repeat(60) + '/long-file-name.txt'; // > 100 bytes, 150 with ./
const longTarget = '/opt/' + 't'.repeat(195);
const trustedValue = Buffer.from([0x00, 0xff, 0x80, 0x0a, 0x3d, 0x20, 0xc3]);

function run(program: string, args: string[]): string {
  return execFileSync(program, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'azl-pack-'));
  root = join(work, 'root');
  await mkdir(join(root, 'etc'), { recursive: true });
  await mkdir(join(root, 'usr/bin'), { recursive: true });
  await mkdir(join(root, 'usr/share'), { recursive: true });
  await writeFile(join(root, 'etc/hostname'), 'azl\n');
  await writeFile(join(root, 'etc/secret'), 'nobody reads me\n');
  await chmod(join(root, 'etc/secret'), 0o000);
  await writeFile(join(root, 'usr/bin/sudo'), 'pretend sudo\n');
  await chmod(join(root, 'usr/bin/sudo'), 0o4755);
  await mkdir(join(root, 'srv/shared'), { recursive: true });
  await chmod(join(root, 'srv/shared'), 0o3777);
  await writeFile(join(root, 'etc/owned'), 'x');
  await chown(join(root, 'etc/owned'), 1234, 5678);
  await copyFile('/bin/busybox', join(root, 'usr/bin/ping'));
  run('setcap', ['cap_net_raw=ep', join(root, 'usr/bin/ping')]);
  await symlink('/usr/bin/ping', join(root, 'usr/bin/ping-abs'));
  await symlink('../share', join(root, 'usr/bin/share-rel'));
  await symlink('/does/not/exist', join(root, 'usr/bin/dangling'));
  await symlink(longTarget, join(root, 'usr/bin/long-link'));
  await writeFile(join(root, 'usr/bin/first'), 'shared inode\n');
  await link(join(root, 'usr/bin/first'), join(root, 'usr/bin/second'));
  await mkdir(join(root, longPath, '..'), { recursive: true });
  await writeFile(join(root, longPath), 'deep\n');
  run('mkfifo', [join(root, 'etc/initctl')]);
  run('mknod', [join(root, 'etc/null-device'), 'c', '1', '3']);
  run('setfattr', ['-n', 'user.comment', '-v', 'hello', join(root, 'etc/hostname')]);
  run('setfattr', ['-n', 'trusted.blob', '-v', '0x' + trustedValue.toString('hex'), join(root, 'etc/hostname')]);
  for (const dir of ['proc/1', 'tmp/junk', 'run/lock', 'dev/pts', 'sys/kernel', 'boot/grub']) await mkdir(join(root, dir), { recursive: true });
  await writeFile(join(root, 'proc/1/status'), 'must not ship');
  await writeFile(join(root, 'tmp/junk/file'), 'must not ship');
  await writeFile(join(root, 'boot/vmlinuz'), 'must not ship');
  await chmod(join(root, 'tmp'), 0o1777);
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

for (const format of ['wsl', 'tar.gz', 'tar.xz', 'tar'] as ArchiveFormat[]) {
  test(`${format}: GNU tar lists and extracts everything the image needs`, async () => {
    const out = join(work, `image${archiveExtension(format)}`);
    const fractions: number[] = [];
    const result = await packRoot(root, out, {
      format,
      onProgress: (event) => {
        if (event.kind === 'step' && event.step === 'pack' && event.fraction !== undefined) fractions.push(event.fraction);
      },
    });
    assert.equal((await stat(out)).size, result.bytes);
    assert.match(result.sha256, /^[0-9a-f]{64}$/);
    assert.equal(fractions.at(-1), 1);

    const listing = run('tar', ['-tvvv', '--xattrs', "--xattrs-include=*", '--numeric-owner', '-f', out]);
    assert.match(listing, /x: 20 security\.capability/);
    assert.match(listing, /1234\/5678 .* \.\/etc\/owned/);
    assert.match(listing, /^-rwsr-xr-x +0\/0 .* \.\/usr\/bin\/sudo$/m);
    assert.match(listing, /^---------- +0\/0 .* \.\/etc\/secret$/m);
    assert.match(listing, /^drwxrwxrwt +0\/0 .* \.\/tmp\/$/m, 'tmp keeps its sticky mode');
    assert.match(listing, /^crw-r--r-- +0\/0 +1,3 .* \.\/etc\/null-device$/m);
    assert.doesNotMatch(listing, /must not ship|proc\/1|tmp\/junk|run\/lock|dev\/pts|sys\/kernel|\.\/boot/);
    for (const dir of ['./proc/', './tmp/', './run/', './dev/', './sys/']) assert.ok(listing.includes(` ${dir}\n`), `${dir} directory kept`);
    assert.match(listing, /^d.* \.\/$/m, 'root itself is ./');

    const into = join(work, `extract-${format}`);
    await mkdir(into);
    run('tar', ['--xattrs', "--xattrs-include=*", '--numeric-owner', '-xpf', out, '-C', into]);
    assert.match(run('getcap', [join(into, 'usr/bin/ping')]), /cap_net_raw=ep/);
    assert.equal((await stat(join(into, 'usr/bin/sudo'))).mode & 0o7777, 0o4755);
    assert.equal((await stat(join(into, 'etc/secret'))).mode & 0o7777, 0o000);
    assert.equal((await stat(join(into, 'srv/shared'))).mode & 0o7777, 0o3777);
    const owned = await stat(join(into, 'etc/owned'));
    assert.deepEqual([owned.uid, owned.gid], [1234, 5678]);
    assert.equal(await readlink(join(into, 'usr/bin/ping-abs')), '/usr/bin/ping');
    assert.equal(await readlink(join(into, 'usr/bin/share-rel')), '../share');
    assert.equal(await readlink(join(into, 'usr/bin/dangling')), '/does/not/exist');
    assert.equal(await readlink(join(into, 'usr/bin/long-link')), longTarget);
    const [first, second] = await Promise.all([stat(join(into, 'usr/bin/first')), stat(join(into, 'usr/bin/second'))]);
    assert.equal(first.ino, second.ino, 'hard link kept');
    assert.equal(await readFile(join(into, longPath), 'utf8'), 'deep\n');
    assert.ok((await lstat(join(into, 'etc/initctl'))).isFIFO());
    assert.ok((await lstat(join(into, 'etc/null-device'))).isCharacterDevice());
    assert.deepEqual(await readFile(join(into, 'usr/bin/ping')), await readFile('/bin/busybox'));
    assert.equal(run('getfattr', ['--only-values', '-n', 'user.comment', join(into, 'etc/hostname')]), 'hello');
    const trusted = run('getfattr', ['-e', 'hex', '-n', 'trusted.blob', join(into, 'etc/hostname')]);
    assert.match(trusted, new RegExp(`trusted\\.blob=0x${trustedValue.toString('hex')}`));
    await assert.rejects(access(join(into, 'boot')));
    await rm(into, { recursive: true, force: true });
  });
}

test('same root and SOURCE_DATE_EPOCH give byte-identical images, with mtimes clamped', async () => {
  const a = await packRoot(root, join(work, 'a.wsl'), { format: 'wsl', sourceDateEpoch: 1_700_000_000, workers: 2 });
  const b = await packRoot(root, join(work, 'b.wsl'), { format: 'wsl', sourceDateEpoch: 1_700_000_000, workers: 1 });
  assert.equal(a.sha256, b.sha256);
  const mtimes = new Set<number>();
  await readTar(join(work, 'a.wsl'), (entry: TarEntry) => {
    mtimes.add(entry.mtime);
  });
  assert.deepEqual([...mtimes], [1_700_000_000]);
});

test('a gzip block cache gives the same bytes, cold and warm, and never uses a damaged entry', async () => {
  const cache = join(work, 'block-cache');
  const plain = await packRoot(root, join(work, 'plain.wsl'), { format: 'wsl', sourceDateEpoch: 1_700_000_000 });
  const cold = await packRoot(root, join(work, 'cold.wsl'), { format: 'wsl', sourceDateEpoch: 1_700_000_000, blockCacheDir: cache });
  const stored = await readdir(cache);
  assert.ok(stored.length > 0, 'the cold pack fills the cache');
  const warm = await packRoot(root, join(work, 'warm.wsl'), { format: 'wsl', sourceDateEpoch: 1_700_000_000, blockCacheDir: cache });
  assert.equal(cold.sha256, plain.sha256);
  assert.equal(warm.sha256, plain.sha256);
  // Damage every entry: the pack must notice and compress again, still giving the same bytes.
  for (const name of stored) {
    const entry = join(cache, name);
    const data = await readFile(entry);
    data[data.length - 1] ^= 0xff;
    await writeFile(entry, data);
  }
  const damaged = await packRoot(root, join(work, 'damaged.wsl'), { format: 'wsl', sourceDateEpoch: 1_700_000_000, blockCacheDir: cache });
  assert.equal(damaged.sha256, plain.sha256);
  run('tar', ['-tzf', join(work, 'damaged.wsl')]);
});

test('our reader sees the same members, binary xattrs byte-exact', async () => {
  const out = join(work, 'reader.wsl');
  await packRoot(root, out, { format: 'wsl' });
  const seen = new Map<string, TarEntry>();
  let pingHead: Buffer | undefined;
  await readTar(out, async (entry, content) => {
    seen.set(entry.path, entry);
    if (entry.path === 'usr/bin/ping') pingHead = await content(4);
  });
  assert.deepEqual(seen.get('etc/hostname')?.xattrs['trusted.blob'], trustedValue);
  assert.equal(seen.get('usr/bin/second')?.type, 'hardlink');
  assert.equal(seen.get('usr/bin/second')?.linkTarget, 'usr/bin/first');
  assert.equal(seen.get(longPath)?.size, 5);
  assert.equal(seen.get('usr/bin/long-link')?.linkTarget, longTarget);
  assert.equal(seen.get('.')?.type, 'directory');
  assert.deepEqual(pingHead, Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
});

test('cancelling mid-pack rejects with CANCELLED and leaves no output file', async () => {
  const big = join(work, 'big-root');
  await mkdir(join(big, 'data'), { recursive: true });
  // Random data so compression takes real time; the abort comes at the first progress event.
  await writeFile(join(big, 'data/blob'), execFileSync('head', ['-c', String(24 * 1024 * 1024), '/dev/urandom'], { maxBuffer: 64 * 1024 * 1024 }));
  for (const format of ['wsl', 'tar.xz'] as ArchiveFormat[]) {
    const out = join(work, `cancelled${archiveExtension(format)}`);
    const controller = new AbortController();
    await assert.rejects(
      packRoot(big, out, {
        format,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.kind === 'step' && (event.fraction ?? 0) > 0) controller.abort();
        },
      }),
      (error: Error & { code?: string }) => error.code === 'CANCELLED',
    );
    await assert.rejects(access(out), 'partial output removed');
  }
  await rm(big, { recursive: true, force: true });
});

test('a root that does not exist fails with an AzlError and no output file', async () => {
  const out = join(work, 'missing.wsl');
  await assert.rejects(packRoot(join(work, 'no-such-root'), out, { format: 'wsl' }), (error: Error & { code?: string }) => typeof error.code === 'string');
  await assert.rejects(access(out));
});
