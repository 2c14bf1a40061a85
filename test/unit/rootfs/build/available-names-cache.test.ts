import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { availableNamesKey, readAvailableNames, writeAvailableNames } from '../../../../rootfs/build/available-names-cache.js';
import { withTempDir } from '../../../support/temp-dir.js';

const HOUR = 60 * 60 * 1000;

const dnfUrlHash = (url: string): string => createHash('sha256').update(url).digest('hex').slice(0, 16);

const withWork = (body: (work: string) => Promise<void>) => withTempDir('azl-available-', body);

test('a changed repomd.xml or changed flags give another key; the same state the same key', () =>
  withWork(async (work) => {
    const repo = join(work, 'repo');
    await mkdir(join(repo, 'repodata'), { recursive: true });
    await writeFile(join(repo, 'repodata/repomd.xml'), '<repomd>1</repomd>');
    const input = { program: 'dnf', flags: ['--releasever=4.0'], repositories: [{ alias: 'base', url: pathToFileURL(repo).href }], dnfCacheDir: join(work, 'dnf'), remoteMaxAgeMs: 6 * HOUR };
    const first = await availableNamesKey(input);
    assert.ok(first);
    assert.equal(await availableNamesKey(input), first);
    assert.notEqual(await availableNamesKey({ ...input, flags: ['--releasever=4.0', '--exclude=foo'] }), first);
    await writeFile(join(repo, 'repodata/repomd.xml'), '<repomd>2</repomd>');
    assert.notEqual(await availableNamesKey(input), first);
  }));

test('a remote repository counts only while dnf would trust its cached metadata', () =>
  withWork(async (work) => {
    const dnfCacheDir = join(work, 'dnf');
    const input = { program: 'dnf', flags: [], repositories: [{ alias: 'azl', url: 'https://example.invalid/azl' }], dnfCacheDir, remoteMaxAgeMs: 6 * HOUR };
    assert.equal(await availableNamesKey(input), undefined, 'never queried: nothing is cached');
    // Another URL under the same alias is another repository: its metadata does not count.
    const other = join(dnfCacheDir, `azl-${dnfUrlHash('https://mirror.example.invalid/azl')}/repodata/repomd.xml`);
    await mkdir(join(other, '..'), { recursive: true });
    await writeFile(other, '<repomd/>');
    assert.equal(await availableNamesKey(input), undefined, 'only another URL was queried');
    // dnf's folder for this URL: alias + the first 8 bytes of the URL's SHA-256.
    const repomd = join(dnfCacheDir, `azl-${dnfUrlHash('https://example.invalid/azl')}/repodata/repomd.xml`);
    await mkdir(join(repomd, '..'), { recursive: true });
    await writeFile(repomd, '<repomd/>');
    assert.ok(await availableNamesKey(input));
    const old = new Date(Date.now() - 7 * HOUR);
    await utimes(repomd, old, old);
    assert.equal(await availableNamesKey(input), undefined, 'expired metadata: dnf must be asked again');
  }));

test('names round-trip, damaged entries read as missing, and only the newest entries are kept', () =>
  withWork(async (work) => {
    const dir = join(work, 'cache');
    await writeAvailableNames(dir, 'k0', new Set(['bash', 'coreutils']));
    assert.deepEqual(await readAvailableNames(dir, 'k0'), new Set(['bash', 'coreutils']));
    assert.equal(await readAvailableNames(dir, 'missing'), undefined);
    await writeFile(join(dir, 'bad.json'), '{"not":"a list"}');
    assert.equal(await readAvailableNames(dir, 'bad'), undefined);
    for (let i = 1; i <= 12; i++) {
      const stamp = new Date(Date.now() - (20 - i) * 1000);
      await writeAvailableNames(dir, `k${i}`, new Set([`p${i}`]));
      await utimes(join(dir, `k${i}.json`), stamp, stamp);
    }
    const left = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    assert.ok(left.length <= 9, `expected the cache to be pruned, found ${left.length} entries`);
    assert.deepEqual(await readAvailableNames(dir, 'k12'), new Set(['p12']));
  }));
