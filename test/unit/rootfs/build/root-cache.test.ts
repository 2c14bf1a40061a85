// The root cache's references: an entry a running build holds is never pruned, however many
// newer entries arrive; a released or dead reference protects nothing; many builds taking
// references while others prune all keep what they hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RootCache } from '../../../../rootfs/build/root-cache.js';
import { withTempDir } from '../../../support/temp-dir.js';

const withCache = (check: (cacheDir: string) => Promise<void>) => withTempDir('azl-root-cache-', check);

/** Makes an entry whose last use was `ageMinutes` ago. */
async function entry(cache: RootCache, key: string, ageMinutes: number): Promise<void> {
  await mkdir(join(cache.entry(key), 'etc'), { recursive: true });
  await writeFile(join(cache.entry(key), 'etc', 'marker'), key);
  const when = new Date(Date.now() - ageMinutes * 60_000);
  await utimes(cache.entry(key), when, when);
}

test('a held entry survives pruning however old it is; released, it goes', () =>
  withCache(async (dir) => {
    const cache = new RootCache(dir, 2);
    await entry(cache, 'aaaa', 60);
    const hold = await cache.acquire('aaaa');
    for (const [index, key] of ['bbbb', 'cccc', 'dddd'].entries()) await entry(cache, key, 10 - index);
    await cache.prune();
    assert.ok(existsSync(cache.entry('aaaa')), 'the held entry is kept');
    assert.deepEqual((await readdir(cache.dir)).filter((name) => !name.startsWith('.')).sort(), ['aaaa', 'dddd'], 'besides it, only the newest fits');
    await hold.release();
    await hold.release();
    await entry(cache, 'eeee', 0);
    await cache.prune();
    assert.equal(existsSync(cache.entry('aaaa')), false);
    assert.deepEqual((await readdir(cache.dir)).filter((name) => name.startsWith('.trash-')), [], 'no trash is left');
  }));

test('a reference left by a process that is gone protects nothing', () =>
  withCache(async (dir) => {
    const cache = new RootCache(dir, 1);
    await entry(cache, 'aaaa', 60);
    await entry(cache, 'bbbb', 1);
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    await mkdir(join(dir, 'roots-held'), { recursive: true });
    await writeFile(join(dir, 'roots-held', `aaaa.${dead}-00000000.json`), JSON.stringify({ pid: dead }));
    await cache.prune();
    assert.equal(existsSync(cache.entry('aaaa')), false);
    assert.deepEqual(await readdir(join(dir, 'roots-held')), [], 'the dead reference was removed');
  }));

test('builds taking references while others prune all keep the entries they hold', () =>
  withCache(async (dir) => {
    const cache = new RootCache(dir, 1);
    const keys = Array.from({ length: 12 }, (_, i) => `e${String(i).padStart(3, '0')}`);
    for (const [index, key] of keys.entries()) await entry(cache, key, 100 - index);
    const builds = keys.map(async (key, index) => {
      const hold = await cache.acquire(key);
      const present = await cache.has(key);
      await cache.prune(index % 2 === 0 ? key : undefined);
      // What a build found when it took its reference is still there while it holds it.
      if (present) assert.ok(existsSync(join(cache.entry(key), 'etc', 'marker')), `${key} vanished under its build`);
      return { hold, present };
    });
    const held = await Promise.all(builds);
    // Every entry a build found is still there at the end, while all still hold theirs.
    for (const [index, build] of held.entries()) if (build.present) assert.ok(existsSync(cache.entry(keys[index])), `${keys[index]} was pruned while held`);
    assert.ok(held.some((build) => build.present));
    for (const build of held) await build.hold.release();
    await cache.prune();
    assert.equal((await readdir(cache.dir)).filter((name) => !name.startsWith('.')).length, 1);
  }));
