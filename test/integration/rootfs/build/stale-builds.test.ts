/**
 * A build killed with -9 leaves its work folder (with an overlay mounted on a cached root), its
 * hidden partial outputs and its hold on the root cache. A child process sets exactly that up
 * with the build's own modules and is killed; the cleanup every build runs first then unmounts
 * and removes all of it, leaves the cached root intact, and never touches a live build's things.
 * Waits poll for state; nothing sleeps for a fixed time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DIR_PREFIX, markBuildOwner, mountsUnder, removeStaleBuilds } from '../../../../rootfs/build/stale-builds.js';
import { RootCache } from '../../../../rootfs/build/root-cache.js';
import { waitFor } from '../../../support/wait-for.js';

let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'azl-stale-builds-'));
});
after(async () => {
  for (const point of mountsUnder(work)) await import('node:child_process').then(({ execFileSync }) => execFileSync('umount', ['-l', point]));
  await rm(work, { recursive: true, force: true });
});

/** What a build has at the moment it is killed: owner file, overlay on a cached root, a partial output, a cache reference. */
const CHILD = `
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
const [workBase, outDir, cacheDir] = process.argv.slice(2);
const { markBuildOwner, partialSuffix, BUILD_DIR_PREFIX } = await import(${JSON.stringify(fileURLToPath(new URL('../../../../rootfs/build/stale-builds.ts', import.meta.url)))});
const { mountOverlay } = await import(${JSON.stringify(fileURLToPath(new URL('../../../../rootfs/build/overlay-mount.ts', import.meta.url)))});
const { RootCache } = await import(${JSON.stringify(fileURLToPath(new URL('../../../../rootfs/build/root-cache.ts', import.meta.url)))});
const cache = new RootCache(cacheDir);
await cache.acquire('feedface');
const workDir = await mkdtemp(join(workBase, BUILD_DIR_PREFIX));
await markBuildOwner(workDir);
const mount = await mountOverlay(cache.entry('feedface'), workDir);
if (!mount) throw new Error('overlay mount failed');
await writeFile(join(mount.merged, 'configured-by-the-build'), 'x');
await writeFile(join(outDir, '.Dev.wsl.partial-' + partialSuffix()), 'half an image');
process.stdout.write('ready\\n');
setInterval(() => undefined, 1000);
`;

test('kill -9 mid-build: the next build unmounts the overlay, removes the folder and partial output, and the cached root survives', async () => {
  const workBase = join(work, 'tmp');
  const outDir = join(work, 'out');
  const cacheDir = join(work, 'cache');
  const cache = new RootCache(cacheDir);
  await mkdir(join(cache.entry('feedface'), 'etc'), { recursive: true });
  await writeFile(join(cache.entry('feedface'), 'etc', 'os-release'), 'ID=azurelinux\n');
  await mkdir(workBase, { recursive: true });
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'Dev.wsl'), 'a finished image from before');
  const script = join(work, 'child.mts');
  await writeFile(script, CHILD);
  const child = spawn(process.execPath, ['--import', 'tsx', script, workBase, outDir, cacheDir], { stdio: ['ignore', 'pipe', 'inherit'], cwd: fileURLToPath(new URL('../../../..', import.meta.url)) });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor('the child to be mid-build', () => output.includes('ready') || child.exitCode !== null);
  assert.equal(child.exitCode, null, 'the child set everything up');
  const [folder] = (await readdir(workBase)).filter((name) => name.startsWith(BUILD_DIR_PREFIX));
  assert.equal(mountsUnder(join(workBase, folder)).length, 1, 'its overlay is mounted');

  // A live build alongside: its folder must survive the cleanup.
  const live = await mkdtemp(join(workBase, BUILD_DIR_PREFIX));
  await markBuildOwner(live);
  await writeFile(join(outDir, `.Live.wsl.partial-${process.pid}-abcdef`), 'mine');
  // An unowned folder of an older version: stale only once it is old.
  const oldUnowned = await mkdtemp(join(workBase, BUILD_DIR_PREFIX));
  const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
  await utimes(oldUnowned, hourAgo, hourAgo);
  const newUnowned = await mkdtemp(join(workBase, BUILD_DIR_PREFIX));

  child.kill('SIGKILL');
  await waitFor('the child to die', () => child.exitCode !== null || child.signalCode !== null);
  const cleanup = await removeStaleBuilds({ workBase, outDir });

  assert.deepEqual(cleanup.kept, []);
  assert.equal(existsSync(join(workBase, folder)), false, 'the killed build folder is gone');
  assert.equal(existsSync(oldUnowned), false, 'an old folder without owner is gone');
  assert.deepEqual(mountsUnder(workBase), [], 'no mount is left');
  assert.equal(existsSync(live), true, "a live build's folder is kept");
  assert.equal(existsSync(newUnowned), true, 'a brand-new folder without owner (being set up) is kept');
  assert.deepEqual((await readdir(outDir)).sort(), ['.Live.wsl.partial-' + process.pid + '-abcdef', 'Dev.wsl'], 'only the dead partial output went');
  assert.equal(await readFile(join(cache.entry('feedface'), 'etc', 'os-release'), 'utf8'), 'ID=azurelinux\n', 'the cached root is untouched');
  assert.equal(existsSync(join(cache.entry('feedface'), 'configured-by-the-build')), false, "the build's changes never reached the cache");

  // The killed build's hold on the cache entry no longer protects it.
  const other = new RootCache(cacheDir, 1);
  for (const key of ['aa01', 'aa02']) await mkdir(other.entry(key), { recursive: true });
  await utimes(other.entry('feedface'), hourAgo, hourAgo);
  await other.prune('aa02');
  assert.equal(existsSync(other.entry('feedface')), false, 'the dead reference was dropped and the entry pruned');
});
