/**
 * SBOM and advisories of installed distributions, through the wsl.exe simulator: a distribution
 * with Debian's real rpm and dnf inside and an updateinfo repository (the lifecycle tests'
 * updatable image) gives a CycloneDX 1.6 SBOM of its rpm database that validates against the
 * schema, and its own dnf's metadata gives the advisories for its older package; a distribution
 * without rpm or dnf is refused with what to do instead. Signed images: `install --verify-key`,
 * an answer file's `image.verifyKey` and the policy's RequireSigningKey refuse a wrong key, a
 * changed image and a missing signature before anything is registered (no distribution, no
 * folder); the right key installs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { importDistro } from '../../../../wsl/driver/wsl-import.js';
import { createLifecycleHarness, type LifecycleHarness } from '../lifecycle/lifecycle-harness.js';
import { updatableImage } from '../lifecycle/updatable-image.js';
import { busyboxImage } from '../test-images.js';
import { createSigningKey, FIXTURE_KEY_UID, type SigningKey } from '../../../fixtures/fixture-signing-key.js';
import { signChecksumFile } from '../../../../wsl/trust/image-signature.js';
import { checksumLine } from '../../../../rootfs/manifest/image-manifest.js';
import { sha256OfFile } from '../../../../common/file-checks.js';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';

let h: LifecycleHarness;
let dir: string;
let image: string | undefined;
let skipReason: string | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-installed-trust-'));
  const built = await updatableImage();
  if ('skip' in built) skipReason = built.skip;
  else image = built.file;
  h = await createLifecycleHarness();
  if (image) await importDistro({ ...h.call, name: 'Dnf', location: join(dir, 'dnf'), file: image });
});
after(async () => {
  await h?.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('sbom NAME: the distribution\'s rpm database as a valid CycloneDX 1.6 SBOM', async (t) => {
  if (!image) return t.skip(skipReason);
  const out = join(dir, 'Dnf.cdx.json');
  const run = h.azl(['sbom', 'Dnf', '--out', out, '--json']);
  assert.equal(run.status, 0, run.stderr + run.stdout);
  assert.deepEqual(JSON.parse(run.stdout), { kind: 'result', distro: 'Dnf', file: out, packages: 2 });
  const text = await readFile(out, 'utf8');
  assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text), null, 'no schema violations');
  const sbom = JSON.parse(text) as { metadata: { lifecycles: Array<{ phase: string }>; component: { name: string; type: string } }; components: Array<{ purl: string; licenses: Array<{ expression: string }> }> };
  assert.equal(sbom.metadata.component.name, 'Dnf');
  assert.deepEqual(sbom.metadata.lifecycles, [{ phase: 'operations' }]);
  assert.deepEqual(
    sbom.components.map((component) => [component.purl, component.licenses]),
    [
      ['pkg:rpm/azurelinux/azl-hello@1.0-1?arch=noarch&distro=azurelinux-4.0&epoch=0', [{ expression: 'MIT' }]],
      ['pkg:rpm/azurelinux/azl-tools@2.0-1?arch=noarch&distro=azurelinux-4.0&epoch=0', [{ expression: 'MIT' }]],
    ],
  );
  const stdout = h.azl(['sbom', 'Dnf', '--out', '-']);
  assert.equal(stdout.status, 0, stdout.stderr);
  assert.equal(JSON.parse(stdout.stdout).components.length, 2, '--out - writes the document to stdout');
});

test('advisories NAME: its own dnf\'s updateinfo against its packages, nothing installed', async (t) => {
  if (!image) return t.skip(skipReason);
  const run = h.azl(['advisories', 'Dnf', '--json']);
  assert.equal(run.status, 0, run.stderr + run.stdout);
  const result = JSON.parse(run.stdout) as { advisories: Array<{ id: string; type: string; severity?: string; packages: Array<{ name: string; installed: string; fixed: string }>; repository: string }> };
  assert.deepEqual(
    result.advisories.map((advisory) => [advisory.id, advisory.type, advisory.severity, advisory.repository, advisory.packages.map((pkg) => `${pkg.name} ${pkg.installed} → ${pkg.fixed}`)]),
    [
      ['AZL-2026-0001', 'security', 'Important', 'azl-updates', ['azl-hello 1.0-1 → 1.1-1']],
      ['AZL-2026-0002', 'bugfix', undefined, 'azl-updates', ['azl-tools 2.0-1 → 2.1-1']],
    ],
  );
  assert.equal((await h.run('Dnf', 'cat /usr/share/azl-hello/VERSION')).out, '1.0-1\n', 'nothing was updated');
  const text = h.azl(['advisories', 'Dnf']);
  assert.match(text.stdout, /^ {2}AZL-2026-0001 {2}Important {2}security$/m);
  assert.match(text.stdout, /^ {6}azl-hello\.noarch {2}1\.0-1 → fixed in 1\.1-1$/m);
  const refused = h.azl(['advisories', 'Dnf', '--repo', 'file:///srv']);
  assert.equal(refused.status, 2, '--repo is for image files');
});

test('a distribution without rpm or dnf is refused for both, saying what to do', async () => {
  await importDistro({ ...h.call, name: 'Bare', location: join(dir, 'bare'), file: await busyboxImage(dir, { name: 'bare' }) });
  const sbom = h.azl(['sbom', 'Bare', '--out', join(dir, 'bare.cdx.json')]);
  assert.equal(sbom.status, 1);
  assert.match(sbom.stderr, /Bare has no rpm, so its packages cannot be read/);
  const advisories = h.azl(['advisories', 'Bare']);
  assert.equal(advisories.status, 1);
  assert.match(advisories.stderr, /Bare has no (dnf|rpm), so it cannot tell which advisories apply to it/);
  assert.match(advisories.stderr, /azl-wsl advisories IMAGE\.wsl/);
});

/** A signed image folder: IMAGE.tar, IMAGE.sha256 and IMAGE.sha256.asc made with `key`. */
async function signedImage(folder: string, key: SigningKey): Promise<string> {
  await mkdir(folder, { recursive: true });
  const image = await busyboxImage(folder, { name: 'signed' });
  const checksum = join(folder, 'signed.sha256');
  await writeFile(checksum, checksumLine(await sha256OfFile(image), 'signed.tar'));
  await signChecksumFile(checksum, FIXTURE_KEY_UID, { env: { ...process.env, GNUPGHOME: key.gnupgHome } });
  return image;
}

/** The same three files elsewhere, with one byte of the image's contents changed. */
async function tamperedCopy(image: string, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (const name of ['signed.tar', 'signed.sha256', 'signed.sha256.asc']) await cp(join(image, '..', name), join(folder, name));
  const copy = join(folder, 'signed.tar');
  const bytes = await readFile(copy);
  // Inside busybox's bytes (well past the first headers): the tar stays readable.
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  await writeFile(copy, bytes);
  return copy;
}

test('signed images: a wrong key, a changed image or no signature is refused before anything is registered; the right key installs', async () => {
  const signer = await createSigningKey(join(dir, 'gpg-a'));
  const stranger = await createSigningKey(join(dir, 'gpg-b'));
  try {
    const publisher = join(dir, 'publisher.asc');
    const other = join(dir, 'stranger.asc');
    await signer.exportPublicKey(publisher);
    await stranger.exportPublicKey(other);
    const image = await signedImage(join(dir, 'signed'), signer);
    const tampered = await tamperedCopy(image, join(dir, 'tampered'));
    const unsigned = await busyboxImage(join(dir, 'signed'), { name: 'unsigned' });
    const before = await h.names();
    const refuse = (args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}): void => {
      const location = join(dir, `loc-${args.join('-').replace(/[^a-z0-9]/gi, '').slice(-40)}`);
      const run = h.azl(['install', ...args, '--location', location], env);
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stderr, pattern);
      assert.ok(!existsSync(location), 'no install folder was made');
    };
    refuse(['--file', image, '--name', 'Sig1', '--no-user', '--verify-key', other], /does not verify with stranger\.asc: it was not made with the given key/);
    refuse(['--file', tampered, '--name', 'Sig2', '--no-user', '--verify-key', publisher], /signed\.tar does not match its signed checksum/);
    refuse(['--file', unsigned, '--name', 'Sig3', '--no-user', '--verify-key', publisher], /The checksum file .*unsigned\.sha256 is missing/);
    // The admin policy's key, with no --verify-key: its refusal names the policy.
    const policy = join(dir, 'policy.json');
    await writeFile(policy, JSON.stringify({ RequireSigningKey: publisher }));
    refuse(['--file', tampered, '--name', 'Sig4', '--no-user'], /Refused by your organization's policy RequireSigningKey = .*publisher\.asc: signed\.tar does not match its signed checksum/, { AZL_WSL_POLICY: policy });
    // An answer file's image.verifyKey (relative to the answer file).
    const answers = join(dir, 'tampered', 'answers.yaml');
    await writeFile(answers, `version: 1\nname: Sig5\nimage:\n  path: signed.tar\n  verifyKey: ../stranger.asc\nuser: jane\npassword: none\n`);
    const answered = h.azl(['install', '--answers', answers]);
    assert.equal(answered.status, 1, answered.stdout + answered.stderr);
    assert.match(answered.stderr, /does not verify with stranger\.asc/);
    assert.deepEqual(await h.names(), before, 'nothing was registered');

    const good = h.azl(['install', '--file', image, '--name', 'Signed', '--no-user', '--verify-key', publisher, '--location', join(dir, 'loc-good')], { AZL_WSL_POLICY: policy });
    assert.equal(good.status, 0, good.stderr);
    assert.deepEqual(await h.names(), [...before, 'Signed'].sort());
  } finally {
    await signer.dispose();
    await stranger.dispose();
  }
});

