// The whole fleet path through the wsl.exe simulator, as an IT team runs it: two image versions
// published to a file:// catalog, each simulated machine's HKLM pointed at it, `wsl --install`
// by catalog name, `azl-wsl ensure` on 20 users in parallel (each its own simulator state)
// compliant after one run and unchanged on the second, policy refusals, needs-upgrade,
// inventory and Intune JSON, and a diagnostics bundle without the secrets planted in it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../../../../common/run-program.js';
import { createSimulatorEnv, type SimulatorEnv } from '../../../wsl-simulator/simulator-env.js';
import { fleetImages, FLEET_VERSIONS } from '../../../fixtures/fleet-images.js';
import { tempDir } from '../../wsl-simulator/simulator-harness.js';
import { openRegistry } from '../../../../wsl/registry/registry.js';
import { registerCatalog } from '../../../../wsl/catalog/catalog-registration.js';
import { fileUrlFromPath } from '../../../../wsl/catalog/catalog-url.js';
import { failedRules, type IntuneRule } from '../../../fixtures/intune-rules.js';

const cli = fileURLToPath(new URL('../../../../cli/azl-wsl.mjs', import.meta.url));
const FLEET_SIZE = 20;
const [OLD, NEW] = FLEET_VERSIONS;
const HASH = '$6$fleetsalt$' + 'q'.repeat(86);

interface Machine {
  sim: SimulatorEnv;
  env: NodeJS.ProcessEnv;
}

function execFileText(program: string, args: string[]): string {
  return execFileSync(program, args, { encoding: 'utf8' });
}

function isMachine(value: Machine | NodeJS.ProcessEnv): value is Machine {
  return typeof (value as Machine).sim === 'object';
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

describe('the fleet path', () => {
  let skip: string | undefined;
  let work: string;
  let catalogDir: string;
  let manifestUrl: string;
  let microsoftList: string;
  let images: Record<string, string>;
  const machines: Machine[] = [];
  const answers: Record<string, string> = {};

  const run = async (program: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> => {
    const result = await runProgram(program, args, { env });
    const stdout = result.stdout.toString('utf8');
    return { code: result.exitCode, stdout, stderr: result.stderr.toString('utf8'), json: () => JSON.parse(stdout.trim().split('\n').pop()!) };
  };
  const azl = (machine: Machine | NodeJS.ProcessEnv, args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, [cli, ...args], { ...(isMachine(machine) ? machine.env : machine), ...env });
  const wsl = (machine: Machine, args: string[]) => run(machine.sim.wslPath, args, { ...machine.env, WSL_UTF8: '1', AZL_WSL_SIM_DISTRIBUTION_LIST: microsoftList });
  const names = async (machine: Machine) => Object.values(((await machine.sim.registry()) as { subkeys: Record<string, { DistributionName: string }> }).subkeys).map((key) => key.DistributionName).sort();

  /** A laptop: its own simulator state (HKCU, HKLM, disks), its own app data and state folders. */
  const newMachine = async (pointAtCatalog = true): Promise<Machine> => {
    const sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
    const env = { ...sim.env, AZL_WSL_DATA_DIR: join(sim.stateDir, 'app-data'), XDG_CACHE_HOME: join(sim.stateDir, 'cache'), USERPROFILE: join(sim.stateDir, 'profile') };
    // What Group Policy / `azl-wsl catalog use` does on every laptop (one registry module).
    if (pointAtCatalog) await registerCatalog(openRegistry({ env: { ...env, AZL_WSL_SIM_IDENTITY: 'admin' } }), manifestUrl, 'append');
    const machine = { sim, env };
    machines.push(machine);
    return machine;
  };

  before(async () => {
    const built = await fleetImages();
    if ('skip' in built) {
      skip = built.skip;
      return;
    }
    images = built.images;
    work = await tempDir('azl-fleet-');
    catalogDir = join(work, 'wsl catalog');
    // CI publishes both builds; the newer one becomes the flavor's Default.
    for (const [version, extra] of [[OLD, []], [NEW, ['--default']]] as const) {
      const added = await azl(process.env, ['catalog', 'add', images[version], '--catalog', catalogDir, '--flavor', 'Contoso-AzureLinux', '--name', `Contoso-AzureLinux-${version}`, '--friendly', `Contoso Azure Linux ${version}`, ...extra]);
      assert.equal(added.code, 0, added.stderr);
    }
    manifestUrl = fileUrlFromPath(join(catalogDir, 'DistributionInfo.json'));
    microsoftList = join(work, 'microsoft.json');
    await writeFile(microsoftList, JSON.stringify({ ModernDistributions: { Ubuntu: [{ Name: 'Ubuntu', FriendlyName: 'Ubuntu', Default: true, Amd64Url: { Url: 'https://example.invalid/u.wsl', Sha256: '00'.repeat(32) } }] } }));
    const account = `user: dev\npasswordHash: '${HASH}'\nsudo: password\n`;
    answers.fleet = join(work, 'fleet.yaml');
    await writeFile(answers.fleet, `version: 1\nname: Contoso\nimage:\n  catalog: Contoso-AzureLinux\n${account}`);
    answers.old = join(work, 'fleet-old.yaml');
    await writeFile(answers.old, `name: Contoso\nimage:\n  catalog: Contoso-AzureLinux\n  version: ${OLD}\n${account}`);
    answers.nopasswd = join(work, 'fleet-nopasswd.yaml');
    await writeFile(answers.nopasswd, `name: Contoso\nimage:\n  catalog: Contoso-AzureLinux\nuser: dev\npassword: none\nsudo: nopasswd\n`);
  });

  after(async () => {
    await Promise.all(machines.map((machine) => machine.sim.dispose()));
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('wsl --install <flavor> installs the catalog\'s Default under its Name, from the override manifest', async (t) => {
    if (skip) return t.skip(skip);
    const machine = await newMachine(false);
    const used = await azl(machine, ['catalog', 'use', join(catalogDir, 'DistributionInfo.json')], { AZL_WSL_SIM_IDENTITY: 'admin' });
    assert.equal(used.code, 0, used.stderr);
    const listed = await wsl(machine, ['--list', '--online']);
    assert.match(listed.stdout, new RegExp(`Contoso-AzureLinux-${NEW}\\s+Contoso Azure Linux ${NEW}\\r\\nContoso-AzureLinux-${OLD}\\s+Contoso Azure Linux ${OLD}\\r\\nUbuntu`));
    const installed = await wsl(machine, ['--install', 'Contoso-AzureLinux', '--no-launch']);
    assert.equal(installed.code, 0, installed.stdout);
    assert.match(installed.stderr, /The distribution "Contoso-AzureLinux" is provided by an override manifest\./);
    assert.deepEqual(await names(machine), [`Contoso-AzureLinux-${NEW}`]);
  });

  test(`ensure on ${FLEET_SIZE} users in parallel: installed in one run, unchanged on the second`, async (t) => {
    if (skip) return t.skip(skip);
    const fleet = await Promise.all(Array.from({ length: FLEET_SIZE }, () => newMachine()));
    const first = await Promise.all(fleet.map((machine) => azl(machine, ['ensure', '--answers', answers.fleet])));
    for (const [index, result] of first.entries()) {
      assert.equal(result.code, 0, `user ${index}: ${result.stdout}${result.stderr}`);
      const report = result.json<{ state: string; changed: boolean; installed: { version: string; catalog: string } }>();
      assert.equal(report.state, 'installed');
      assert.equal(report.installed.version, NEW);
    }
    const before = await Promise.all(fleet.map((machine) => machine.sim.readArgvLog()));
    const second = await Promise.all(fleet.map((machine) => azl(machine, ['ensure', '--answers', answers.fleet])));
    for (const [index, result] of second.entries()) {
      assert.equal(result.code, 0, `user ${index}: ${result.stdout}${result.stderr}`);
      assert.equal(result.stdout.trim().split('\n').length, 1, 'exactly one JSON result on stdout');
      const report = result.json<{ state: string; changed: boolean }>();
      assert.deepEqual([report.state, report.changed], ['compliant', false]);
      const calls = (await fleet[index].sim.readArgvLog()).slice(before[index].length).map((argv) => argv.join(' '));
      assert.ok(!calls.some((call) => /--install|--import|--unregister|--manage|useradd|chpasswd/.test(call)), `user ${index} changed nothing: ${calls.join(' | ')}`);
    }
    const starts = await wsl(fleet[7], ['-d', 'Contoso', '--', 'id', '-un']);
    assert.equal(starts.stdout.trim(), 'dev');
    const check = await azl(fleet[3], ['ensure', '--answers', answers.fleet, '--check']);
    assert.deepEqual([check.code, check.json<{ state: string }>().state], [0, 'compliant']);
  });

  test('an older image is upgraded keeping /home (--check says needs-upgrade, exit 10); ensure never downgrades (exit 13); --check changes nothing (exit 14)', async (t) => {
    if (skip) return t.skip(skip);
    const machine = await newMachine();
    const check = await azl(machine, ['ensure', '--answers', answers.fleet, '--check']);
    assert.deepEqual([check.code, check.json<{ state: string }>().state], [14, 'needs-install']);
    assert.deepEqual(await names(machine), [], '--check registered nothing');
    const pinned = await azl(machine, ['ensure', '--answers', answers.old]);
    assert.equal(pinned.code, 0, pinned.stdout);
    assert.equal(pinned.json<{ installed: { version: string } }>().installed.version, OLD);
    const checked = await azl(machine, ['ensure', '--answers', answers.fleet, '--check']);
    assert.equal(checked.code, 10, checked.stdout);
    const report = checked.json<{ state: string; installed: { version: string }; wanted: { version: string } }>();
    assert.deepEqual([report.state, report.installed.version, report.wanted.version], ['needs-upgrade', OLD, NEW]);
    const work = await wsl(machine, ['-d', 'Contoso', '-u', 'dev', '-e', 'sh', '-c', 'echo keep-me > ~/notes.txt']);
    assert.equal(work.code, 0, work.stderr);
    const upgraded = await azl(machine, ['ensure', '--answers', answers.fleet]);
    assert.equal(upgraded.code, 0, upgraded.stdout + upgraded.stderr);
    const result = upgraded.json<{ state: string; installed: { version: string; catalog: string } }>();
    assert.deepEqual([result.state, result.installed.version, result.installed.catalog], ['upgraded', NEW, 'Contoso-AzureLinux']);
    assert.equal((await wsl(machine, ['-d', 'Contoso', '--', 'cat', '~/notes.txt'])).stdout.trim(), 'keep-me', 'the home folder came along');
    assert.equal((await wsl(machine, ['-d', 'Contoso', '--', 'id', '-un'])).stdout.trim(), 'dev');
    const again = await azl(machine, ['ensure', '--answers', answers.fleet]);
    assert.deepEqual([again.code, again.json<{ state: string }>().state], [0, 'compliant']);
    const newer = await azl(machines[1], ['ensure', '--answers', answers.old]);
    assert.equal(newer.code, 13, newer.stdout);
    assert.equal(newer.json<{ reason: string }>().reason, 'newer-installed');
  });

  test('policy refuses an unapproved image and passwordless sudo (exit 11, key and value named); SYSTEM is refused (exit 12)', async (t) => {
    if (skip) return t.skip(skip);
    const machine = await newMachine();
    const policy = join(work, 'policy-images.json');
    const oldSha = createHash('sha256').update(await readFile(images[OLD])).digest('hex');
    await writeFile(policy, JSON.stringify({ AllowedImages: [`sha256:${oldSha}`] }));
    const unapproved = await azl(machine, ['ensure', '--answers', answers.fleet, '--policy', policy]);
    assert.equal(unapproved.code, 11, unapproved.stdout);
    const refusal = unapproved.json<{ state: string; reason: string; policy: { key: string; value: string } }>();
    assert.deepEqual([refusal.state, refusal.reason, refusal.policy], ['refused', 'policy', { key: 'AllowedImages', value: `[sha256:${oldSha}]` }]);
    const approvedOld = await azl(machine, ['ensure', '--answers', answers.old, '--check', '--policy', policy]);
    assert.equal(approvedOld.json<{ state: string }>().state, 'needs-install', 'the approved image passes the policy');

    await writeFile(policy, JSON.stringify({ RequireSudoPassword: true }));
    const nopasswd = await azl(machine, ['ensure', '--answers', answers.nopasswd], { AZL_WSL_POLICY: policy });
    assert.equal(nopasswd.code, 11);
    assert.deepEqual(nopasswd.json<{ policy: unknown }>().policy, { key: 'RequireSudoPassword', value: '1' });
    assert.match(nopasswd.json<{ message: string }>().message, /the account dev would use sudo without a password/);

    const system = await azl(machine, ['ensure', '--answers', answers.fleet], { AZL_WSL_SIM_IDENTITY: 'system' });
    assert.equal(system.code, 12);
    assert.match(system.json<{ message: string }>().message, /running as SYSTEM[\s\S]*Install behavior" to User/);
    assert.deepEqual(await names(machine), [], 'nothing was registered by any refused run');
  });

  test('inventory and the Intune JSON report images, users and verdicts; stopped distributions stay stopped', async (t) => {
    if (skip) return t.skip(skip);
    const machine = machines[0]; // Contoso-AzureLinux-<NEW> from wsl --install (no install.json, starts as root)
    assert.equal((await azl(machine, ['ensure', '--answers', answers.fleet])).code, 0);
    const policy = join(work, 'policy-compliance.json');
    await writeFile(policy, JSON.stringify({ AllowedImages: ['Contoso-AzureLinux'], MinimumImageVersion: NEW, RequireSudoPassword: true, ForbidRootDefaultUser: true }));
    await wsl(machine, ['--terminate', 'Contoso']);
    const quiet = await azl(machine, ['inventory', '--json', '--policy', policy]);
    assert.equal(quiet.code, 0, quiet.stderr);
    const stopped = (JSON.parse(quiet.stdout) as { distributions: Array<{ name: string; inspected: boolean; compliant: boolean | null }> }).distributions.find((distro) => distro.name === 'Contoso')!;
    assert.deepEqual([stopped.inspected, stopped.compliant], [false, null]);
    assert.match((await wsl(machine, ['-l', '-v'])).stdout, /Contoso\s+Stopped/, 'inventory did not start it');

    const full = await azl(machine, ['inventory', '--json', '--start', '--policy', policy]);
    const inventory = JSON.parse(full.stdout) as { distributions: Array<{ name: string; defaultUser: string; defaultUserIsRoot: boolean; image?: { version: string; catalog: string }; packages?: string[]; compliant: boolean; verdicts: Array<{ rule: string; ok: boolean }> }> };
    const managed = inventory.distributions.find((distro) => distro.name === 'Contoso')!;
    assert.deepEqual([managed.defaultUser, managed.defaultUserIsRoot, managed.image?.version, managed.image?.catalog, managed.compliant], ['dev', false, NEW, 'Contoso-AzureLinux', true]);
    assert.deepEqual(managed.verdicts.map((verdict) => [verdict.rule, verdict.ok]), [['AllowedImages', true], ['MinimumImageVersion', true], ['ForbidRootDefaultUser', true], ['RequireSudoPassword', true]]);
    assert.ok((managed.packages ?? []).some((name) => /^sudo-\d+:/.test(name)), `rpm -qa lists sudo: ${(managed.packages ?? []).slice(0, 5).join(', ')}`);
    const unmanaged = inventory.distributions.find((distro) => distro.name === `Contoso-AzureLinux-${NEW}`)!;
    assert.deepEqual([unmanaged.image, unmanaged.defaultUserIsRoot, unmanaged.compliant], [undefined, true, false]);

    const intune = await azl(machine, ['inventory', '--intune', '--start', '--policy', policy]);
    const flat = JSON.parse(intune.stdout) as Record<string, unknown>;
    assert.equal(intune.stdout.trim().split('\n').length, 1);
    for (const value of Object.values(flat)) assert.ok(['string', 'number', 'boolean'].includes(typeof value), 'flat: one level of plain values');
    assert.deepEqual([flat.AzlWslDistributions, flat.AzlWslManaged, flat.AzlWslCompliant, flat.AzlWslRootDefaultUser, flat.AzlWslImageVersion], [2, 1, false, true, NEW]);
    const compliant = await azl(machines[2], ['inventory', '--intune', '--start', '--policy', policy]);
    assert.deepEqual([JSON.parse(compliant.stdout).AzlWslCompliant, JSON.parse(compliant.stdout).AzlWslPolicyViolations], [true, 0]);
    // Intune evaluates the shipped rules (minimum image = the newer version) on both devices.
    const rules = (JSON.parse(await readFile(fileURLToPath(new URL('../../../../windows/intune/compliance-rules.json', import.meta.url)), 'utf8')) as { Rules: IntuneRule[] }).Rules.map((rule) =>
      rule.SettingName === 'AzlWslImageVersion' ? { ...rule, Operand: NEW } : rule,
    );
    assert.deepEqual(failedRules(rules, JSON.parse(compliant.stdout)), []);
    assert.deepEqual(failedRules(rules, flat).sort(), ['AzlWslCompliant', 'AzlWslRootDefaultUser']);
  });

  test('the diagnostics bundle holds what the helpdesk needs and none of the secrets planted in each source', async (t) => {
    if (skip) return t.skip(skip);
    const machine = machines[2];
    const secrets = {
      wslconfig: 'WslConfigProxyPass1',
      wslconfigToken: 'WslConfigToken2',
      policy: 'PolicyLockedToken3',
      jobLog: 'JobLogBearer4',
      jobProxy: 'JobProxyPass5',
      hash: 'JobLogHash' + 'x'.repeat(80),
      manifestSig: 'ManifestSasSig6',
      sudoers: 'SudoersCommentPass7',
      ensureLog: 'EnsureCatalogSig8',
    };
    await mkdir(machine.env.USERPROFILE!, { recursive: true });
    await writeFile(join(machine.env.USERPROFILE!, '.wslconfig'), `[wsl2]\nmemory=8GB\nkernelCommandLine=proxy=http://bob:${secrets.wslconfig}@proxy.contoso.com:3128\n[experimental]\nregistryToken=${secrets.wslconfigToken}\n`);
    const policy = join(work, 'policy-diagnose.json');
    await writeFile(policy, JSON.stringify({ RequireSudoPassword: true, LockedSettings: { outputDir: '/images', feedToken: secrets.policy } }));
    const jobs = join(machine.env.AZL_WSL_DATA_DIR!, 'logs', 'jobs');
    await mkdir(jobs, { recursive: true });
    await writeFile(join(jobs, '2026-06-01T10-00-00-000Z-build.log'), `Building on this machine.\nAuthorization: Bearer ${secrets.jobLog}\nHTTPS_PROXY=http://carol:${secrets.jobProxy}@proxy:8080\nuser hash $6$salt$${secrets.hash}\n`);
    const manifest = join(work, 'contoso.manifest.json');
    await writeFile(manifest, JSON.stringify({ schemaVersion: 1, plan: { repositories: [{ url: `https://contoso.blob.core.windows.net/repo?sv=2024&sig=${secrets.manifestSig}` }] } }, null, 2));
    const planted = await wsl(machine, ['-d', 'Contoso', '-u', 'root', '-e', 'sh', '-c', `echo 'dev ALL=(ALL) NOPASSWD: ALL # password=${secrets.sudoers}' > /etc/sudoers.d/zz-planted`]);
    assert.equal(planted.code, 0, planted.stderr);
    await azl(machine, ['ensure', '--answers', answers.fleet, '--catalog', `${manifestUrl}?sig=${secrets.ensureLog}`, '--check']);

    const out = join(work, 'bundle.zip');
    const saved = await azl(machine, ['diagnose', '--out', out, '--manifest', manifest, '--start', '--policy', policy]);
    assert.equal(saved.code, 0, saved.stderr);
    const listing = (await run('unzip', ['-Z1', out], {})).stdout.split('\n').filter(Boolean).sort();
    for (const part of ['wsl-version.txt', 'wsl-status.txt', 'wsl-list.txt', 'wslconfig.txt', 'policy.json', 'doctor.json', 'inventory.json', 'logs/ensure.jsonl', 'logs/jobs/2026-06-01T10-00-00-000Z-build.log', 'manifests/contoso.manifest.json', 'README.txt']) {
      assert.ok(listing.includes(`azl-wsl-diagnostics/${part}`), `${part} in ${listing.join(', ')}`);
    }
    const content = (await run('unzip', ['-p', out], {})).stdout;
    for (const part of listing.filter((name) => name.endsWith('.json'))) {
      assert.doesNotThrow(() => JSON.parse(execFileText('unzip', ['-p', out, part])), `${part} is still valid JSON after redaction`);
    }
    for (const [where, secret] of Object.entries(secrets)) assert.ok(!content.includes(secret), `the ${where} secret never reaches the bundle`);
    assert.match(content, /Contoso\s+(Running|Stopped)\s+2/, 'wsl -l -v is there');
    assert.match(content, new RegExp(`"version": "${NEW.replace(/\./g, '\\.')}"`), 'the inventory is there');
    assert.match(content, /proxy\.contoso\.com:3128/, 'redaction keeps the host');
    assert.match(content, /NOPASSWD: ALL # password=\[redacted\]/);
  });
});
