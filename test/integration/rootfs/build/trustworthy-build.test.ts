/**
 * What a build promises about its image, with real dnf, rpm and the CLI:
 * - reproducible (docs/reproducibility.md): the sample built here and built again by the CLI in
 *   other folders, 400 days later by its clock (libfaketime on the CLI and on the dnf, rpm and
 *   rpmdb it runs), gives the same SHA-256, and that run's own --verify-reproducible (a third,
 *   fresh build) agrees; a profile script that writes random bytes fails --verify-reproducible,
 *   naming that file, with nothing left behind;
 * - the SBOM (docs/sbom.md): NAME.cdx.json validates against the CycloneDX 1.6 JSON schema (the
 *   library's own strict validator, offline) and lists every package of the manifest with its
 *   package URL, licence, rpm SHA-256 and repository; the manifest references it;
 * - signing: `build --sign` (a throwaway gpg key) writes NAME.sha256.asc; `verify` accepts it
 *   and refuses a changed image, a rewritten checksum file and another key;
 * - advisories: `azl-wsl advisories IMAGE.wsl` matches the fixture repository's updateinfo
 *   against the manifest's packages (less and curl, installed one release before the fix).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage, type BuildOptions, type BuildResult } from '../../../../rootfs/build/build-image.js';
import { readManifest } from '../../../../rootfs/manifest/image-manifest.js';
import { applyRepositoryOverrides } from '../../../../rootfs/plan/repository-overrides.js';
import type { BuildPlan } from '../../../../rootfs/plan/build-plan.js';
import { readProfile } from '../../../../rootfs/profile/read-profile.js';
import { isAzlError } from '../../../../common/errors.js';
import { runProgram } from '../../../../common/run-program.js';
import { findOnPath } from '../../../../rootfs/build/package-manager.js';
import { ensureFixtureRepos, type FixtureRepos } from '../../../fixtures/fixture-repos.js';
import { advisoryId, FIXTURE_ADVISORIES, fixedVersion } from '../../../fixtures/fixture-advisories.js';
import { createSigningKey, FIXTURE_KEY_UID } from '../../../fixtures/fixture-signing-key.js';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { createHash } from 'node:crypto';

const samples = fileURLToPath(new URL('../../../../rootfs/samples/', import.meta.url));
const cli = fileURLToPath(new URL('../../../../cli/azl-wsl.mjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
/** The second build's clock runs this far ahead (more than a year: another day, another year). */
const CLOCK_OFFSET = '+400d';

let repos: FixtureRepos;
let work: string;
let first: BuildResult;

function repoOverride(): string {
  return `file://${repos.azl4},gpgkey=file://${repos.gpgKey}`;
}

async function samplePlan(profilePath = join(samples, 'azl4/images.toml')): Promise<BuildPlan> {
  return applyRepositoryOverrides(await readProfile({ profilePath, image: 'wsl' }), { set: [repoOverride()], add: [] });
}

async function build(plan: BuildPlan, name: string, extra: Partial<BuildOptions> = {}): Promise<BuildResult> {
  const dir = join(work, name);
  await mkdir(join(dir, 'staging'), { recursive: true });
  return buildImage({
    plan,
    outDir: join(dir, 'out'),
    format: 'wsl',
    gpgCheck: true,
    cacheDir: join(dir, 'cache'),
    workDir: join(dir, 'staging'),
    profileSource: { path: plan.profilePath, sha256: 'f'.repeat(64) },
    ...extra,
  });
}

/** A folder of wrappers that run the real dnf, rpm and rpmdb under libfaketime. */
async function fakeClockBin(): Promise<string> {
  const bin = join(work, 'fake-clock-bin');
  await mkdir(bin, { recursive: true });
  for (const program of ['dnf', 'rpm', 'rpmdb']) {
    const real = await findOnPath(program);
    assert.ok(real, `${program} is installed`);
    await writeFile(join(bin, program), `#!/bin/sh\nexec faketime -f ${CLOCK_OFFSET} ${real} "$@"\n`);
    await chmod(join(bin, program), 0o755);
  }
  return bin;
}

before(async () => {
  repos = await ensureFixtureRepos();
  work = await mkdtemp(join(tmpdir(), 'azl-repro-it-'));
  first = await build(await samplePlan(), 'first');
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a build\'s image is reproducible and described', () => {
  test('the same plan built in other folders with a clock 400 days ahead gives the same SHA-256', async () => {
    const second = join(work, 'second-folder');
    const [out, cache, temp] = [join(second, 'out'), join(second, 'cache'), join(second, 'tmp')];
    await mkdir(temp, { recursive: true });
    const bin = await fakeClockBin();
    const args = ['build', '--profile', join(samples, 'azl4/images.toml'), '--image', 'wsl', '--set-repo', repoOverride(), '--out', out, '--cache-dir', cache, '--verify-reproducible', '--json'];
    const result = await runProgram('faketime', ['-f', CLOCK_OFFSET, process.execPath, cli, ...args], {
      name: 'azl-wsl build (clock ahead)',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, TMPDIR: temp },
    });
    const stdout = result.stdout.toString('utf8');
    assert.equal(result.exitCode, 0, result.stderr.toString('utf8') + stdout);
    const line = JSON.parse(stdout.trim().split('\n').pop()!) as { sha256: string; reproducible: boolean; sourceDateEpoch: number };
    // The clock really was ahead for the CLI: it would otherwise not tell (the manifest only holds the epoch).
    const date = await runProgram('faketime', ['-f', CLOCK_OFFSET, 'date', '+%s']);
    assert.ok(Number(date.stdout.toString('utf8')) - Date.now() / 1000 > 399 * 86400, 'faketime moves the clock');

    assert.equal(line.sha256, first.manifest.output.sha256, 'same image bytes in another folder, 400 days later');
    assert.equal(line.reproducible, true, 'the CLI build verified itself against a fresh rebuild');
    assert.equal(line.sourceDateEpoch, first.manifest.sourceDateEpoch?.value);
    const manifest = await readManifest(join(out, 'AzureLinux-4-x86_64.manifest.json'));
    assert.equal(manifest.reproducible?.secondSha256, first.manifest.output.sha256);
    assert.equal(manifest.sourceDateEpoch?.from, 'the newest package build time in the repositories');
    assert.equal(manifest.builtAt, new Date(manifest.sourceDateEpoch!.value * 1000).toISOString());
    // The SBOM is reproducible too: same packages, same repository facts, same epoch and serial number.
    assert.equal(await readFile(join(out, 'AzureLinux-4-x86_64.cdx.json'), 'utf8'), await readFile(first.sbomPath, 'utf8'));
  });

  test('a profile script that writes random bytes fails --verify-reproducible, naming the file, leaving nothing', async () => {
    const description = join(work, 'random-description');
    await cp(join(samples, 'azl4'), description, { recursive: true, dereference: false, verbatimSymlinks: true });
    const config = join(description, 'config.sh');
    const script = (await readFile(config, 'utf8')).replace(/\nexit 0\s*$/, '');
    await writeFile(config, `${script}\nhead -c 16 /dev/urandom | od -An -tx1 > /etc/azl-build-random\nexit 0\n`);
    const plan = await samplePlan(join(description, 'images.toml'));
    let caught: unknown;
    try {
      // The first build's root cache is reused; the check's second build installs afresh.
      await build(plan, 'random', { verifyReproducible: true, cacheDir: join(work, 'first', 'cache') });
    } catch (error) {
      caught = error;
    }
    assert.ok(isAzlError(caught), `NOT_REPRODUCIBLE expected, got ${String(caught)}`);
    assert.equal(caught.code, 'NOT_REPRODUCIBLE');
    assert.match(caught.message, /first difference is etc\/azl-build-random \(content\)/);
    assert.match(caught.detail ?? '', /^etc\/azl-build-random: content$/m);
    if (await findOnPath('diffoscope')) assert.match(caught.detail ?? '', /diffoscope:[\s\S]*azl-build-random/);
    assert.deepEqual(await readdir(join(work, 'random', 'out')).catch(() => []), [], 'no image, manifest or checksum is left');
    assert.deepEqual(await readdir(join(work, 'random', 'staging')), [], 'no staging folder is left');
  });

  test('the SBOM validates against CycloneDX 1.6 and lists every package of the manifest', async () => {
    const text = await readFile(first.sbomPath, 'utf8');
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    assert.equal(await validator.validate(text), null, 'no schema violations');
    const sbom = JSON.parse(text) as {
      specVersion: string;
      metadata: { timestamp: string; component: { 'bom-ref': string; type: string; hashes: Array<{ alg: string; content: string }>; externalReferences: Array<{ url: string; type: string; hashes: Array<{ content: string }> }>; properties: Array<{ name: string; value: string }> } };
      components: Array<{ name: string; version: string; purl: string; licenses?: Array<{ expression?: string; license?: { name?: string } }>; hashes?: Array<{ alg: string; content: string }>; externalReferences?: Array<{ url: string; type: string }>; properties?: Array<{ name: string; value: string }> }>;
      dependencies: Array<{ ref: string; dependsOn?: string[] }>;
    };
    const manifest = first.manifest;
    assert.equal(sbom.specVersion, '1.6');
    assert.deepEqual(manifest.sbom, { file: 'AzureLinux-4-x86_64.cdx.json', format: 'CycloneDX 1.6', sha256: createHash('sha256').update(text).digest('hex') });
    // The image is the subject, with its SHA-256; the description files are its provenance.
    const subject = sbom.metadata.component;
    assert.equal(subject.type, 'operating-system');
    assert.deepEqual(subject.hashes, [{ alg: 'SHA-256', content: manifest.output.sha256 }]);
    assert.deepEqual(
      subject.externalReferences.filter((reference) => reference.type === 'build-meta').map((reference) => [reference.url, reference.hashes[0]!.content]),
      manifest.profile.files.map((file) => [file.path, file.sha256]).sort(),
    );
    assert.equal(sbom.metadata.timestamp, manifest.builtAt.replace(/\.\d+Z$/, '.000Z'));
    // Every package of the manifest, once, with its purl (rpm's signing keys are properties, not packages).
    const packages = manifest.packages.filter((pkg) => pkg.name !== 'gpg-pubkey');
    assert.ok(packages.length > 20);
    const expected = packages.map((pkg) => `pkg:rpm/azurelinux/${pkg.name}@${pkg.version}-${pkg.release}?arch=${pkg.arch}&distro=azurelinux-4.0&epoch=${pkg.epoch ?? 0}`).sort();
    assert.deepEqual(sbom.components.map((component) => component.purl).sort(), expected);
    assert.ok(subject.properties.some((property) => property.name === 'azl-wsl:rpm-signing-key'), 'the imported fixture key is recorded');
    for (const component of sbom.components) {
      assert.equal(component.licenses?.length, 1, `${component.name} has its rpm licence`);
      const rpmFile = component.externalReferences?.find((reference) => reference.type === 'distribution')?.url;
      assert.ok(rpmFile?.startsWith(`file://${repos.azl4}/`), `${component.name} names its rpm in the repository`);
      const bytes = await readFile(fileURLToPath(rpmFile!));
      assert.deepEqual(component.hashes, [{ alg: 'SHA-256', content: createHash('sha256').update(bytes).digest('hex') }], `${component.name}: the SHA-256 of its rpm file`);
      assert.ok(component.properties?.some((property) => property.name === 'azl-wsl:repository-url' && property.value === `file://${repos.azl4}`));
    }
    const less = sbom.components.find((component) => component.name === 'less')!;
    assert.deepEqual(less.licenses, [{ expression: 'MIT' }]);
    const filesystem = sbom.components.find((component) => component.name === 'filesystem')!;
    assert.deepEqual(filesystem.licenses, [{ expression: 'GPL-2.0-or-later' }]);
    // The subject depends on every package.
    assert.deepEqual(sbom.dependencies.find((dependency) => dependency.ref === subject['bom-ref'])?.dependsOn?.sort(), expected);
  });

  test('advisories IMAGE.wsl: the repositories\' updateinfo against the manifest\'s packages', async () => {
    const run = await runProgram(process.execPath, [cli, 'advisories', first.imagePath, '--json'], { name: 'azl-wsl advisories' });
    assert.equal(run.exitCode, 0, run.stderr.toString('utf8'));
    const result = JSON.parse(run.stdout.toString('utf8')) as { advisories: Array<{ id: string; type: string; severity?: string; cves: string[]; packages: Array<{ name: string; installed: string; fixed: string }> }>; repositories: Array<{ published?: number }> };
    // Expected from the fixture table: the advisories fixed in a newer release of an installed package.
    const installed = new Map(first.manifest.packages.map((pkg) => [pkg.name, `${pkg.version}-${pkg.release}`]));
    const expected = [];
    for (const advisory of FIXTURE_ADVISORIES) {
      if (advisory.fixed !== 'newer' || !installed.has(advisory.package)) continue;
      const fixed = await fixedVersion(join(fixtures, 'rpms'), advisory, '.azl4');
      expected.push([advisoryId(advisory, 'azl4'), advisory.type, advisory.severity, advisory.cves, [`${advisory.package} ${installed.get(advisory.package)} → ${fixed.version}-${fixed.release}`]]);
    }
    const order = ['Critical', 'Important', 'Moderate', 'Low', undefined];
    expected.sort((a, b) => order.indexOf(a[2] as string | undefined) - order.indexOf(b[2] as string | undefined) || String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(
      result.advisories.map((advisory) => [advisory.id, advisory.type, advisory.severity, advisory.cves, advisory.packages.map((pkg) => `${pkg.name} ${pkg.installed} → ${pkg.fixed}`)]),
      expected,
    );
    assert.ok(result.advisories.some((advisory) => advisory.id === 'AZL4-2026-1001'), 'less, installed at an older release, has its advisory');
    assert.ok(!result.advisories.some((advisory) => advisory.id === 'AZL4-2026-1003'), 'bash is already fixed');
    assert.ok(!result.advisories.some((advisory) => advisory.id === 'AZL4-2026-1004'), 'the kernel is not in a WSL image');
    assert.equal(result.repositories[0]?.published, FIXTURE_ADVISORIES.length);
  });

  test('build --sign writes NAME.sha256.asc that verify accepts; a tampered image, checksum or a wrong key is refused', async () => {
    const signer = await createSigningKey(join(work, 'gpg-a'));
    const other = await createSigningKey(join(work, 'gpg-b'));
    try {
      const keys = join(work, 'keys');
      await mkdir(keys, { recursive: true });
      await signer.exportPublicKey(join(keys, 'publisher.asc'));
      await other.exportPublicKey(join(keys, 'stranger.asc'));
      const out = join(work, 'signed');
      const args = ['build', '--profile', join(samples, 'azl4/images.toml'), '--image', 'wsl', '--set-repo', repoOverride(), '--out', out, '--cache-dir', join(work, 'first', 'cache'), '--sign', FIXTURE_KEY_UID, '--json'];
      const built = await runProgram(process.execPath, [cli, ...args], { name: 'azl-wsl build --sign', env: { ...process.env, GNUPGHOME: signer.gnupgHome } });
      assert.equal(built.exitCode, 0, built.stderr.toString('utf8'));
      const result = JSON.parse(built.stdout.toString('utf8').trim().split('\n').pop()!) as { image: string; checksum: string; signature: string };
      assert.equal(result.signature, `${result.checksum}.asc`);
      assert.match(await readFile(result.signature, 'utf8'), /^-----BEGIN PGP SIGNATURE-----/);

      const verify = (image: string, key: string): Promise<{ exitCode: number; stdout: Buffer; stderr: Buffer }> =>
        runProgram(process.execPath, [cli, 'verify', image, '--key', join(keys, key)], { name: 'azl-wsl verify', env: { ...process.env, GNUPGHOME: join(work, 'no-such-gnupg') } });
      const good = await verify(result.image, 'publisher.asc');
      assert.equal(good.exitCode, 0, good.stderr.toString('utf8'));
      assert.match(good.stdout.toString('utf8'), /^Verified .*AzureLinux-4-x86_64\.wsl: SHA-256 [0-9a-f]{64} is in .*, signed by Azure Linux fixture signing key/);

      const wrongKey = await verify(result.image, 'stranger.asc');
      assert.equal(wrongKey.exitCode, 1);
      assert.match(wrongKey.stderr.toString('utf8'), /does not verify with stranger\.asc: it was not made with the given key/);

      // The same files in another folder, with one byte of the image changed.
      const tampered = join(work, 'tampered');
      await mkdir(tampered);
      for (const file of [result.image, result.checksum, result.signature]) await cp(file, join(tampered, file.split('/').pop()!));
      const image = join(tampered, 'AzureLinux-4-x86_64.wsl');
      const bytes = await readFile(image);
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      await writeFile(image, bytes);
      const changed = await verify(image, 'publisher.asc');
      assert.equal(changed.exitCode, 1);
      assert.match(changed.stderr.toString('utf8'), /AzureLinux-4-x86_64\.wsl does not match its signed checksum/);
      // A checksum file rewritten to match the changed image no longer matches its signature.
      const checksum = join(tampered, 'AzureLinux-4-x86_64.sha256');
      await writeFile(checksum, `${createHash('sha256').update(bytes).digest('hex')}  AzureLinux-4-x86_64.wsl\n`);
      const forged = await verify(image, 'publisher.asc');
      assert.equal(forged.exitCode, 1);
      assert.match(forged.stderr.toString('utf8'), /the signature does not match the file \(it was changed after signing\)/);
    } finally {
      await signer.dispose();
      await other.dispose();
    }
  });
});
