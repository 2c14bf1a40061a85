/**
 * The build executor against the fixture repositories with real dnf, rpm and GNU tar: the
 * images are extracted and checked as a user would, and every failure path must leave neither
 * an output file nor a staging folder behind.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage, type BuildOptions, type BuildResult } from '../../../../rootfs/build/build-image.js';
import { readManifest } from '../../../../rootfs/manifest/image-manifest.js';
import { applyRepositoryOverrides } from '../../../../rootfs/plan/repository-overrides.js';
import type { BuildPlan } from '../../../../rootfs/plan/build-plan.js';
import { readProfile } from '../../../../rootfs/profile/read-profile.js';
import type { ProgressEvent } from '../../../../common/progress.js';
import { runChecked } from '../../../../common/run-program.js';
import { ensureFixtureRepos, type FixtureRepos } from '../../../fixtures/fixture-repos.js';

const profiles = fileURLToPath(new URL('../../../../rootfs/samples/', import.meta.url));
let repos: FixtureRepos;
let work: string;
let cacheDir: string;
let stagingDir: string;

before(async () => {
  repos = await ensureFixtureRepos();
  work = await mkdtemp(join(tmpdir(), 'azl-build-it-'));
  cacheDir = join(work, 'cache');
  stagingDir = join(work, 'staging');
  await mkdir(stagingDir);
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function withFixtureRepo(plan: BuildPlan, repo: 'azl4' | 'azl3'): BuildPlan {
  return applyRepositoryOverrides(plan, { set: [`file://${repos[repo]},gpgkey=file://${repos.gpgKey}`], add: [] });
}

async function azl4Plan(image: string): Promise<BuildPlan> {
  return withFixtureRepo(await readProfile({ profilePath: join(profiles, 'azl4/images.toml'), image }), 'azl4');
}

let outCounter = 0;
async function build(plan: BuildPlan, extra: Partial<BuildOptions> = {}): Promise<{ result: BuildResult; events: ProgressEvent[]; outDir: string }> {
  const outDir = join(work, `out-${++outCounter}`);
  const events: ProgressEvent[] = [];
  const result = await buildImage({
    plan,
    outDir,
    format: 'wsl',
    gpgCheck: true,
    cacheDir,
    workDir: stagingDir,
    profileSource: { path: plan.profilePath, sha256: 'f'.repeat(64) },
    onProgress: (event) => events.push(event),
    ...extra,
  });
  return { result, events, outDir };
}

/** Expects a failed build with `code`, then checks nothing is left in outDir or the staging folder. */
async function expectFailure(plan: BuildPlan, code: string, message: RegExp, extra: Partial<BuildOptions> = {}): Promise<Error & { code?: string; detail?: string }> {
  const outDir = extra.outDir ?? join(work, `out-${++outCounter}`);
  let caught: (Error & { code?: string; detail?: string }) | undefined;
  try {
    await build(plan, { outDir, ...extra });
  } catch (error) {
    caught = error as Error & { code?: string };
  }
  assert.ok(caught, `the build should have failed with ${code}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, message);
  const left = await readdir(outDir).catch(() => [] as string[]);
  assert.deepEqual(left, [], 'no output or partial file is left in the output folder');
  assert.deepEqual(await readdir(stagingDir), [], 'no staging folder is left');
  return caught;
}

async function extract(image: string): Promise<string> {
  const dir = await mkdtemp(join(work, 'x-'));
  await runChecked('tar', ['--xattrs', "--xattrs-include=*", '--numeric-owner', '-xpf', image, '-C', dir]);
  return dir;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** What every image we ship must look like, checked on the extracted tree. */
async function checkImage(result: BuildResult, outDir: string, transformed: boolean): Promise<string> {
  assert.deepEqual((await readdir(outDir)).sort(), [result.imagePath, result.manifestPath, result.checksumPath, result.sbomPath].map((p) => p.split('/').pop()).sort());
  const bytes = await readFile(result.imagePath);
  const sha = createHash('sha256').update(bytes).digest('hex');
  assert.equal(await readFile(result.checksumPath, 'utf8'), `${sha}  ${result.imagePath.split('/').pop()}\n`);
  const manifest = await readManifest(result.manifestPath);
  assert.equal(manifest.output.sha256, sha);
  assert.equal(manifest.parity.transformed, transformed);
  assert.deepEqual(manifest.validation.findings, [], 'the validator finds no errors and no warnings');

  const root = await extract(result.imagePath);
  // Owners, setuid, capabilities, links.
  const sudo = await stat(join(root, 'usr/bin/sudo'));
  assert.equal(sudo.mode & 0o7777, 0o4755);
  assert.deepEqual([sudo.uid, sudo.gid], [0, 0]);
  // Profile users own their homes; everything else belongs to root.
  const notRootOwned = (await runChecked('find', [root, '-path', join(root, 'home'), '-prune', '-o', '-not', '-uid', '0', '-print'])).stdout.toString().trim();
  assert.equal(notRootOwned, '', 'every file outside /home is owned by uid 0');
  assert.match((await runChecked('getcap', [join(root, 'usr/bin/ping')])).stdout.toString(), /cap_net_raw[=+]ep/);
  assert.ok((await lstat(join(root, 'etc/wsl-distribution.conf'))).isSymbolicLink() || (await lstat(join(root, 'etc/wsl-distribution.conf'))).isFile());
  assert.equal(await readlink(join(root, 'usr/sbin/init')), '../lib/systemd/systemd');
  // WSL files.
  assert.ok(await exists(join(root, 'etc/wsl.conf')));
  const distributionConf = await readFile(join(root, 'etc/wsl-distribution.conf'), 'utf8');
  const oobe = /command\s*=\s*(\S+)/.exec(distributionConf)?.[1];
  assert.ok(oobe && (await stat(join(root, oobe))).mode & 0o111, 'the first-run command exists and is executable');
  // No cloud or boot pieces.
  for (const path of ['boot/vmlinuz-6.12.0-1.azl4', 'usr/lib/modules', 'etc/cloud/cloud.cfg', 'usr/sbin/waagent', 'boot/efi/EFI']) {
    assert.equal(await exists(join(root, path)), false, `${path} is not in the image`);
  }
  // WSL state.
  assert.equal(await exists(join(root, 'etc/resolv.conf')), false);
  assert.equal(await readFile(join(root, 'etc/machine-id'), 'utf8'), 'uninitialized\n');
  const rootShadow = (await readFile(join(root, 'etc/shadow'), 'utf8')).split('\n').find((line) => line.startsWith('root:'))!;
  assert.match(rootShadow.split(':')[1], /^[!*]/, 'root is locked');
  // No package-manager leftovers.
  for (const path of ['var/cache/dnf', 'var/log/dnf.log', 'var/log/dnf.rpm.log', 'var/log/hawkey.log', 'var/lib/dnf/history.sqlite', 'var/lib/rpm/.rpm.lock', 'var/lib/rpm/rpmdb.sqlite-wal', 'var/lib/rpm/rpmdb.sqlite-shm', cacheDir.slice(1)]) {
    assert.equal(await exists(join(root, path)), false, `${path} is not in the image`);
  }
  // The manifest's package list is the image's rpm database.
  const rpmQa = (await runChecked('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '-qa', '--qf', '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n'], { env: { PATH: process.env.PATH, HOME: '/nonexistent' } }))
    .stdout.toString()
    .trim()
    .split('\n')
    .sort();
  assert.deepEqual(manifest.packages.map((p) => `${p.name}-${p.version}-${p.release}.${p.arch}`).sort(), rpmQa);
  return root;
}

describe('buildImage with real dnf', { concurrency: false }, () => {
  test('4.0 wsl sample: a valid WSL image from the WSL profile as it is', async () => {
    const { result, events, outDir } = await build(await azl4Plan('wsl'));
    assert.match(result.imagePath, /AzureLinux-4-x86_64\.wsl$/);
    const root = await checkImage(result, outDir, false);
    assert.ok(await exists(join(root, 'usr/libexec/wsl/oobe.sh')), 'wsl-setup provides the first-run script');
    assert.ok(await exists(join(root, 'etc/motd.d/azurelinux')), 'the root/ overlay is applied');
    assert.ok(await exists(join(root, 'etc/profile.d/azl-wsl.sh')), 'the wsl profile overlay is applied');
    assert.ok(await exists(join(root, 'var/cache/man/fixture-index')), 'man-db\'s %post ran');
    const steps = new Set(events.filter((e) => e.kind === 'step-done').map((e) => (e as { step: string }).step));
    for (const step of ['resolve', 'install', 'configure', 'pack', 'validate']) assert.ok(steps.has(step), `step ${step} reported`);
    assert.ok(events.some((e) => e.kind === 'log'), 'dnf output arrives as log events');
  });

  test('4.0 marketplace-gen2 sample: transformed into a WSL image with a parity report', async () => {
    const { result, outDir } = await build(await azl4Plan('marketplace-gen2'));
    await checkImage(result, outDir, true);
    const removed = result.manifest.parity.entries.filter((e) => e.action === 'removed-package').map((e) => e.subject);
    assert.ok(removed.includes('kernel') && removed.includes('WALinuxAgent') && removed.includes('cloud-init'), removed.join(', '));
    assert.ok(!result.manifest.packages.some((p) => ['kernel', 'cloud-init', 'WALinuxAgent'].includes(p.name)));
  });

  test('3.0 marketplace-gen2.json sample with users: our own WSL files, passwords set, no secret in the manifest', async () => {
    // A copy of the sample with two users added, one hashed and one plain-text password.
    const description = join(work, 'azl3-profile');
    await cp(join(profiles, 'azl3'), description, { recursive: true });
    const hash = (await runChecked('openssl', ['passwd', '-6', '-stdin'], { stdin: 'fixture-password\n' })).stdout.toString().trim();
    const profilePath = join(description, 'marketplace-gen2.json');
    const json = JSON.parse(await readFile(profilePath, 'utf8'));
    json.SystemConfigs[0].Users = [
      { Name: 'azureuser', UID: 1500, Password: hash, PasswordHashed: true },
      { Name: 'ops', UID: 1501, Password: 'plain-secret-42' },
    ];
    await writeFile(profilePath, JSON.stringify(json, null, 2));
    const plan = withFixtureRepo(await readProfile({ profilePath }), 'azl3');
    const { result, outDir } = await build(plan);
    const root = await checkImage(result, outDir, true);
    assert.ok(!result.manifest.packages.some((p) => p.name === 'wsl-setup'));
    const shadow = await readFile(join(root, 'etc/shadow'), 'utf8');
    assert.ok(shadow.includes(`azureuser:${hash}:`), 'the hashed password is set as given');
    assert.match(shadow, /^ops:\$6\$/m, 'the plain-text password is stored hashed');
    const manifestText = await readFile(result.manifestPath, 'utf8');
    assert.ok(!manifestText.includes(hash), 'the manifest never contains the password hash');
    assert.ok(!manifestText.includes('plain-secret-42'), 'the manifest never contains the plain-text password');
  });

  test('a missing package fails with PACKAGE_MISSING naming it', async () => {
    const plan = await azl4Plan('wsl');
    plan.packages.image.push({ name: 'no-such-package', source: { file: 'x', line: 1 } });
    const error = await expectFailure(plan, 'PACKAGE_MISSING', /no-such-package/);
    assert.match((error as { hint?: string }).hint ?? '', /--repo/);
  });

  test('a failing %post scriptlet fails the build although dnf exits 0', async () => {
    const plan = await azl4Plan('wsl');
    plan.packages.bootstrap = [{ name: 'filesystem', source: { file: 'x', line: 1 } }];
    plan.packages.image = [{ name: 'fixture-failing-post', source: { file: 'x', line: 1 } }];
    const error = await expectFailure(plan, 'SCRIPTLET_FAILED', /fixture-failing-post/);
    assert.match(error.detail ?? '', /failing on purpose/);
  });

  test('a failing config.sh fails the build with its output', async () => {
    const plan = await azl4Plan('wsl');
    const script = join(work, 'bad-config.sh');
    await writeFile(script, '#!/bin/sh\necho "config broke here" >&2\nexit 3\n');
    plan.scripts = [{ kind: 'config-sh', path: script, args: [], env: { kiwi_profiles: 'wsl' }, source: { file: 'config.sh', line: 0 } }];
    const error = await expectFailure(plan, 'SCRIPT_FAILED', /bad-config\.sh.*exit code 3/);
    assert.match(error.detail ?? '', /config broke here/);
  });

  test('an overlay symlink escaping the root is refused', async () => {
    const plan = await azl4Plan('wsl');
    const overlay = join(work, 'evil-overlay');
    await mkdir(join(overlay, 'etc'), { recursive: true });
    await symlink('../../../../../../etc/shadow', join(overlay, 'etc/host-shadow'));
    plan.overlays.push({ dir: overlay, source: { file: 'evil', line: 0 } });
    await expectFailure(plan, 'PATH_ESCAPE', /etc\/host-shadow/);
  });

  test('a <file> target escaping the root is refused', async () => {
    const plan = await azl4Plan('wsl');
    const file = join(work, 'payload.conf');
    await writeFile(file, 'x\n');
    plan.files.push({ from: file, to: '/etc/../../../tmp/escaped.conf', mode: 0o644, source: { file: 'config.kiwi', line: 9 } });
    await expectFailure(plan, 'PATH_ESCAPE', /escaped\.conf/);
  });

  test('an unwritable output folder fails before any work', async () => {
    const notAFolder = join(work, 'a-file');
    await writeFile(notAFolder, '');
    const started: string[] = [];
    await expectFailure(await azl4Plan('wsl'), 'OUTPUT_UNWRITABLE', /cannot be written/, {
      outDir: join(notAFolder, 'out'),
      onProgress: (event) => {
        if (event.kind === 'step') started.push(event.step);
      },
    });
    assert.deepEqual(started, []);
  });

  test('cancel during the install kills dnf and leaves nothing behind', async () => {
    const controller = new AbortController();
    const plan = await azl4Plan('wsl');
    // A package set no earlier test installed, so this is a cold install with dnf running.
    plan.packages.image = plan.packages.image.filter((ref) => ref.name !== 'tmux');
    await expectFailure(plan, 'CANCELLED', /cancelled/, {
      signal: controller.signal,
      cacheDir: join(work, 'cold-cache'),
      onProgress: (event) => {
        if (event.kind === 'step' && event.step === 'install') controller.abort();
      },
    });
    const roots = await readdir(join(work, 'cold-cache', 'roots')).catch(() => [] as string[]);
    assert.deepEqual(roots, [], 'no partial root is left in the cache');
  });
});
