import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyFailure, failedScriptlets, PackageManager } from '../../../../rootfs/build/package-manager.js';
import { dbPathOfRoot } from '../../../../rootfs/build/rpm-database-path.js';
import { refs, samplePlan } from './sample-plan.js';

const DNF4_SCRIPTLET_OUTPUT = `  Running scriptlet: fixture-failing-post-1.0-1.noarch                      2/2
fixture post failing on purpose
warning: %post(fixture-failing-post-1.0-1.noarch) scriptlet failed, exit status 1

Error in POSTIN scriptlet in rpm package fixture-failing-post
Complete!`;

test('scriptlet failures are found in dnf output even though dnf said Complete!', () => {
  assert.deepEqual(failedScriptlets(DNF4_SCRIPTLET_OUTPUT), ['fixture-failing-post (postin)']);
  assert.deepEqual(failedScriptlets('error: %prein(foo-1-1.x86_64) scriptlet failed, exit status 3'), ['foo-1-1.x86_64 (%prein)']);
  assert.deepEqual(failedScriptlets('Installing : foo 1/1\nComplete!'), []);
});

test('missing packages are named, with a hint at --repo (add) and --set-repo (replace); an unreadable repository names --set-repo', () => {
  const error = classifyFailure('install packages', 'No match for argument: nosuchpkg\nError: Unable to find a match: nosuchpkg other');
  assert.equal(error.code, 'PACKAGE_MISSING');
  assert.match(error.message, /nosuchpkg, other/);
  assert.match(error.hint ?? '', /add one with --repo URL, replace them with --set-repo URL/);
  const unreachable = classifyFailure('resolve packages', 'Curl error (7): Failed to connect');
  assert.match(unreachable.hint ?? '', /replace the profile's repositories with --set-repo URL/);
});

test('GPG failures suggest the key or --no-gpgcheck', () => {
  const error = classifyFailure('install packages', 'Package fxbase-1.0-1.x86_64.rpm is not signed\nError: GPG check FAILED');
  assert.equal(error.code, 'PACKAGE_MANAGER_FAILED');
  assert.match(error.message, /signature/);
  assert.match(error.hint ?? '', /--no-gpgcheck/);
});

test('dnf flags: only the plan\'s repositories, keys, weak deps, nodocs, excludes', () => {
  const plan = samplePlan({ installWeakDeps: true, rpmExcludeDocs: { value: true, source: { file: 'x', line: 1 } }, packages: { bootstrap: [], image: [], uninstall: [], delete: [], ignore: refs('kernel*') } });
  const dnf4 = new PackageManager({ kind: 'dnf4', plan, gpgCheck: true, cacheDir: '/c', homeDir: '/h' }).solverFlags();
  assert.ok(dnf4.includes('--setopt=reposdir=/dev/null'));
  assert.ok(dnf4.includes('--repofrompath=fx,file:///nonexistent/repo'));
  assert.ok(dnf4.includes('--setopt=fx.gpgcheck=1'));
  assert.ok(dnf4.includes('--setopt=fx.gpgkey=file:///keys/RPM-GPG-KEY'));
  assert.ok(dnf4.includes('--setopt=install_weak_deps=True'));
  assert.ok(dnf4.includes('--setopt=tsflags=nodocs'));
  assert.ok(dnf4.includes('--exclude=kernel*'));
  assert.ok(!dnf4.includes('--nogpgcheck'));
  assert.ok(!dnf4.includes('--use-host-config'));
  const dnf5 = new PackageManager({ kind: 'dnf5', plan, gpgCheck: false, cacheDir: '/c', homeDir: '/h' }).solverFlags();
  assert.ok(dnf5.includes('--use-host-config'));
  assert.ok(dnf5.includes('--no-gpgchecks'));
  assert.ok(!dnf5.some((flag) => flag.includes('gpgcheck=1')));
});

test('the rpm database path comes from the target\'s own macros', async () => {
  const root = await mkdtemp(join(tmpdir(), 'azl-dbpath-'));
  try {
    assert.equal(await dbPathOfRoot(root), '/var/lib/rpm');
    await mkdir(join(root, 'usr/lib/rpm'), { recursive: true });
    await writeFile(join(root, 'usr/lib/rpm/macros'), '%_var /var\n%_dbpath\t\t%{_usr}/lib/sysimage/rpm\n');
    assert.equal(await dbPathOfRoot(root), '/usr/lib/sysimage/rpm');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
