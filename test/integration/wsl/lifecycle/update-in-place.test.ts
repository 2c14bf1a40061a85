/**
 * `azl-wsl update` on a distribution with Debian's real dnf and rpm inside and a repository
 * with updateinfo: --security takes only the security fix and names its advisory, a snapshot
 * is taken first when asked, a plain update takes the rest, each one is recorded in
 * /etc/azl-wsl/install.json, and progress comes as named steps with fractions.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDistro } from '../../../../wsl/driver/wsl-import.js';
import { createLifecycleHarness, type LifecycleHarness } from './lifecycle-harness.js';
import { updatableImage } from './updatable-image.js';

let h: LifecycleHarness;
let dir: string;
let image: string | undefined;
let skipReason: string | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-update-'));
  const built = await updatableImage();
  if ('skip' in built) skipReason = built.skip;
  else image = built.file;
  h = await createLifecycleHarness();
});
after(async () => {
  await h?.dispose();
  await rm(dir, { recursive: true, force: true });
});

interface JsonLine {
  kind: string;
  step?: string;
  fraction?: number;
  packages?: Array<{ name: string; from?: string; to?: string }>;
  advisories?: Array<{ id: string; type: string; severity?: string }>;
  snapshot?: { id: string; reason: string };
}

test('update --security --snapshot, then update: packages from → to, advisories, the record, step progress', async (t) => {
  if (!image) return t.skip(skipReason);
  await importDistro({ ...h.call, name: 'Upd', location: join(dir, 'upd'), file: image });

  const secure = h.azl(['update', 'Upd', '--security', '--snapshot', '--json']);
  assert.equal(secure.status, 0, secure.stderr + secure.stdout);
  const lines = secure.stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonLine);
  const result = lines.at(-1)!;
  assert.equal(result.kind, 'result');
  assert.deepEqual(result.packages, [{ name: 'azl-hello', arch: 'noarch', from: '1.0-1', to: '1.1-1' }]);
  assert.deepEqual(result.advisories?.map((advisory) => [advisory.id, advisory.type, advisory.severity]), [['AZL-2026-0001', 'security', 'Important']]);
  assert.equal(result.snapshot?.reason, 'update');
  const steps = new Set(lines.filter((line) => line.kind === 'step-done').map((line) => line.step));
  for (const step of ['update-check', 'snapshot-export', 'snapshot-verify', 'update-advisories', 'update-dnf', 'update-record']) assert.ok(steps.has(step), `step ${step}`);
  assert.ok(lines.some((line) => line.kind === 'step' && line.step === 'update-dnf' && line.fraction !== undefined && line.fraction > 0 && line.fraction <= 1), 'dnf transaction progress');
  assert.equal((await h.run('Upd', 'cat /usr/share/azl-hello/VERSION /usr/share/azl-tools/VERSION')).out, '1.1-1\n2.0-1\n', 'only the security fix');

  const all = h.azl(['update', 'Upd']);
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, /^ {2}azl-tools\.noarch {2}2\.0-1 → 2\.1-1$/m);
  assert.match(all.stdout, /^ {2}AZL-2026-0002 {2}bugfix {2}azl-tools-2\.1-1\.noarch$/m);
  assert.equal((await h.run('Upd', 'cat /usr/share/azl-tools/VERSION')).out, '2.1-1\n');
  const again = h.azl(['update', 'Upd']);
  assert.match(again.stdout, /Upd is up to date\./);

  const record = JSON.parse((await h.run('Upd', 'cat /etc/azl-wsl/install.json')).out) as { updates: Array<{ security: boolean; snapshot?: string; packages: unknown[]; advisories: Array<{ id: string }> }> };
  assert.equal(record.updates.length, 3);
  assert.deepEqual(record.updates.map((update) => [update.security, update.packages.length, update.advisories.map((advisory) => advisory.id)]), [
    [true, 1, ['AZL-2026-0001']],
    [false, 1, ['AZL-2026-0002']],
    [false, 0, []],
  ]);
  assert.equal(record.updates[0].snapshot, result.snapshot?.id);
});

test('a distribution without dnf is refused with what to do instead; nothing changes', async () => {
  const { lifecycleImage } = await import('./lifecycle-images.js');
  await importDistro({ ...h.call, name: 'NoDnf', location: join(dir, 'nodnf'), file: await lifecycleImage(dir, 'nodnf', { version: '4.0' }) });
  const refused = h.azl(['update', 'NoDnf']);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /NoDnf has no dnf, so it cannot update itself/);
  assert.match(refused.stderr, /azl-wsl upgrade/);
});
