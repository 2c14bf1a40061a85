/**
 * `--ca-file … --ca-into-image` end to end through the real CLI process on this machine
 * (`--builder local`, the azl4 `wsl` sample against the signed fixture repository): the image
 * is extracted with GNU tar and must hold the PEM in its anchors folder, with a parity note that
 * says whether the trust bundle was rebuilt; without --ca-into-image it must not.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecked } from '../../../../common/run-program.js';
import type { ImageManifest } from '../../../../rootfs/manifest/image-manifest.js';
import { ensureFixtureRepos, type FixtureRepos } from '../../../fixtures/fixture-repos.js';

const cli = fileURLToPath(new URL('../../../../cli/azl-wsl.mjs', import.meta.url));
const profile = fileURLToPath(new URL('../../../../rootfs/samples/azl4/images.toml', import.meta.url));
const ANCHOR_DIRS = ['etc/pki/ca-trust/source/anchors', 'usr/local/share/ca-certificates'];

let repos: FixtureRepos;
let work: string;
let caPem: string;
const skip = process.getuid?.() !== 0 ? 'needs root (dnf --installroot, chroot)' : undefined;

before(async () => {
  if (skip) return;
  repos = await ensureFixtureRepos();
  work = await mkdtemp(join(tmpdir(), 'azl-ca-image-'));
  await runChecked('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=azl-wsl throwaway test CA', '-keyout', join(work, 'test-ca.key'), '-out', join(work, 'test-ca.pem'),
  ], { name: 'openssl req' });
  caPem = (await readFile(join(work, 'test-ca.pem'), 'utf8')).trim();
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs `azl-wsl build --builder local` on the sample; returns the manifest and the extracted root. */
async function buildAndExtract(name: string, extra: string[]): Promise<{ manifest: ImageManifest; root: string }> {
  const outDir = join(work, `out-${name}`);
  const result = spawnSync(process.execPath, [
    cli, 'build', '--builder', 'local', '--profile', profile, '--image', 'wsl',
    '--set-repo', `file://${repos.azl4},gpgkey=file://${repos.gpgKey}`,
    '--out', outDir, '--cache-dir', join(work, 'cache'), '--json', ...extra,
  ], { cwd: work, encoding: 'utf8', env: { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' } });
  assert.equal(result.status, 0, result.stderr + result.stdout.slice(-2000));
  const final = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { kind: string; image: string; manifest: string };
  assert.equal(final.kind, 'result');
  const root = join(work, `root-${name}`);
  await mkdir(root);
  await runChecked('tar', ['-xzf', final.image, '-C', root, '--no-same-owner'], { name: 'tar -x' });
  return { manifest: JSON.parse(await readFile(final.manifest, 'utf8')) as ImageManifest, root };
}

async function extraAnchors(root: string): Promise<Array<{ path: string; text: string }>> {
  const found: Array<{ path: string; text: string }> = [];
  for (const dir of ANCHOR_DIRS) {
    const names = await readdir(join(root, dir)).catch(() => [] as string[]);
    for (const name of names.filter((entry) => entry.startsWith('azl-wsl-extra'))) {
      found.push({ path: `/${dir}/${name}`, text: await readFile(join(root, dir, name), 'utf8') });
    }
  }
  return found;
}

test('--ca-into-image puts the PEM into the image anchors folder and the parity report says what happened', { skip }, async () => {
  const { manifest, root } = await buildAndExtract('with', ['--ca-file', 'test-ca.pem', '--ca-into-image']);
  const anchors = await extraAnchors(root);
  assert.equal(anchors.length, 1, JSON.stringify(anchors.map((a) => a.path)));
  assert.equal(anchors[0].text.trim(), caPem, 'the same certificate');
  const note = manifest.parity.entries.find((entry) => entry.action === 'note' && entry.subject === 'root CA certificates');
  assert.ok(note, 'the parity report notes the CA');
  assert.equal(note.replacement, '1');
  const hasTool = ['usr/bin/update-ca-trust', 'usr/sbin/update-ca-certificates'].some((tool) => spawnSync('test', ['-e', join(root, tool)]).status === 0);
  const dir = anchors[0].path.slice(0, anchors[0].path.lastIndexOf('/'));
  if (hasTool) assert.match(note.reason ?? '', new RegExp(`added to ${dir} and the trust bundle was rebuilt`));
  // The fixture userland (Debian packages repackaged) has neither tool: the note must say so.
  else assert.match(note.reason ?? '', new RegExp(`placed in ${dir} .*trust bundle was NOT rebuilt`));
});

test('without --ca-into-image the image has no extra CA and no note', { skip }, async () => {
  const { manifest, root } = await buildAndExtract('without', ['--ca-file', 'test-ca.pem']);
  assert.deepEqual(await extraAnchors(root), []);
  assert.equal(manifest.parity.entries.some((entry) => entry.subject === 'root CA certificates'), false);
});
