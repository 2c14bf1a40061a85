// readTar against archives made by GNU tar (posix and gnu formats, gzip/xz/bzip2/plain).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readTar, type TarEntry } from '../../../../rootfs/archive/tar-reader.js';

let work: string;
const longName = 'x'.repeat(120) + '/file-with-a-long-name.txt';
const longTarget = '/target/' + 'y'.repeat(150);

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'azl-reader-'));
  const root = join(work, 'root');
  await mkdir(join(root, 'x'.repeat(120)), { recursive: true });
  await writeFile(join(root, longName), 'long\n');
  await symlink(longTarget, join(root, 'link'));
  await copyFile('/bin/busybox', join(root, 'ping'));
  execFileSync('setcap', ['cap_net_raw=ep', join(root, 'ping')]);
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

async function readAll(file: string): Promise<Map<string, { entry: TarEntry; data?: Buffer }>> {
  const seen = new Map<string, { entry: TarEntry; data?: Buffer }>();
  await readTar(file, async (entry, content) => {
    seen.set(entry.path, { entry, data: entry.type === 'file' && entry.size < 100 ? await content() : undefined });
  });
  return seen;
}

for (const [format, flag, extension] of [
  ['posix', '-z', 'tar.gz'],
  ['posix', '-J', 'tar.xz'],
  ['posix', '-j', 'tar.bz2'],
  ['gnu', '', 'tar'],
] as const) {
  test(`reads a GNU tar ${format} ${extension} with long names, links and capabilities`, async () => {
    const file = join(work, `gnu-${format}.${extension}`);
    // The old GNU format has no xattrs; it is here for its L/K long-name members.
    const xattrArgs = format === 'posix' ? ['--xattrs', '--xattrs-include=*'] : [];
    const args = [...xattrArgs, '--numeric-owner', `--format=${format}`, '-C', join(work, 'root'), '-cf', file, '.'];
    if (flag) args.unshift(flag);
    execFileSync('tar', args);
    const seen = await readAll(file);
    assert.equal(seen.get(longName)?.data?.toString(), 'long\n');
    assert.equal(seen.get('link')?.entry.linkTarget, longTarget);
    assert.equal(seen.get('.')?.entry.type, 'directory');
    if (format === 'posix') {
      const cap = seen.get('ping')?.entry.xattrs['security.capability'];
      assert.equal(cap?.length, 20);
      assert.equal(cap?.[0], 0x01);
    }
  });
}

test('reads multi-member gzip (one member per block)', async () => {
  const tarFile = join(work, 'plain.tar');
  execFileSync('tar', ['--numeric-owner', '-C', join(work, 'root'), '-cf', tarFile, '.']);
  const data = await readFile(tarFile);
  const split = Math.floor(data.length / 3);
  const file = join(work, 'multi.tar.gz');
  await writeFile(file, Buffer.concat([gzipSync(data.subarray(0, split)), gzipSync(data.subarray(split, 2 * split)), gzipSync(data.subarray(2 * split))]));
  const seen = await readAll(file);
  assert.equal(seen.get(longName)?.data?.toString(), 'long\n');
  assert.equal(seen.get('ping')?.entry.size, (await readFile('/bin/busybox')).length);
});

test('a damaged archive is rejected with ARCHIVE_INVALID', async () => {
  const file = join(work, 'damaged.tar');
  await writeFile(file, Buffer.alloc(1024, 0x41));
  await assert.rejects(readAll(file), (error: Error & { code?: string }) => error.code === 'ARCHIVE_INVALID');
  const truncatedFile = join(work, 'truncated.tar');
  execFileSync('tar', ['--numeric-owner', '-C', join(work, 'root'), '-cf', join(work, 'good.tar'), '.']);
  const good = await readFile(join(work, 'good.tar'));
  await writeFile(truncatedFile, good.subarray(0, 512 * 8 + 100));
  await assert.rejects(readAll(truncatedFile), (error: Error & { code?: string }) => error.code === 'ARCHIVE_INVALID');
});
