/**
 * compareArchives on real archives written by packRoot: identical roots compare equal; content,
 * mode and time differences and members only one archive has are named in the first archive's
 * order; diffoscope (when installed) reports inside the differing file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, cp, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packRoot } from '../../../../rootfs/archive/pack-root.js';
import { compareArchives, compareArchiveMembers } from '../../../../rootfs/archive/compare-archives.js';
import { findOnPath } from '../../../../rootfs/build/package-manager.js';

let work: string;
let base: string;

async function packed(root: string, name: string): Promise<string> {
  const file = join(work, `${name}.wsl`);
  await packRoot(root, file, { format: 'wsl', sourceDateEpoch: 1_700_000_000 });
  return file;
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'azl-compare-'));
  base = join(work, 'base');
  await mkdir(join(base, 'etc'), { recursive: true });
  await mkdir(join(base, 'var/log'), { recursive: true });
  await writeFile(join(base, 'etc/os-release'), 'ID=azurelinux\n');
  await writeFile(join(base, 'etc/seed'), 'alpha\nbeta\ngamma\n');
  await writeFile(join(base, 'etc/shadow'), 'root:*:19000::::::\n');
  await chmod(join(base, 'etc/shadow'), 0o000);
  await writeFile(join(base, 'var/log/old.log'), '');
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('the same root packed twice compares equal', async () => {
  const copy = join(work, 'copy');
  await cp(base, copy, { recursive: true });
  const result = await compareArchiveMembers(await packed(base, 'a'), await packed(copy, 'b'));
  assert.deepEqual(result, { differences: [], total: 0 });
});

test('differences are named in archive order with what differs', async () => {
  const other = join(work, 'other');
  await cp(base, other, { recursive: true });
  await writeFile(join(other, 'etc/seed'), 'alpha\nBETA\ngamma\n');
  await chmod(join(other, 'etc/shadow'), 0o600);
  await rm(join(other, 'var/log/old.log'));
  await writeFile(join(other, 'var/log/new.log'), 'x');
  await utimes(join(other, 'etc/os-release'), 1_600_000_000, 1_600_000_000);
  const first = await packed(base, 'c');
  const second = await packed(other, 'd');
  const result = await compareArchives(first, second, { scratch: join(work, 'scratch') });
  assert.deepEqual(
    result.differences.map((difference) => `${difference.path}: ${difference.what}`),
    [
      'etc/os-release: mtime 1700000000 ≠ 1600000000',
      'etc/seed: content',
      'etc/shadow: mode 0 ≠ 600',
      'var/log/old.log: only in the first image',
      'var/log/new.log: only in the second image',
    ],
  );
  assert.equal(result.total, 5);
  if (await findOnPath('diffoscope')) assert.match(result.diffoscope ?? '', /[-+]BETA|[-+]beta/);
  else assert.equal(result.diffoscope, undefined);
});
