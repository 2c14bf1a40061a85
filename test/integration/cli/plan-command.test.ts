/**
 * `azl-wsl plan` as a process: with --wsl it asks the fixture repository (dnf, here) and prints
 * the WSL plan and parity report as JSON; without --wsl it needs no dnf at all.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../../../common/run-program.js';
import { canBuildLocally } from '../../../wsl/builder/choose-executor.js';
import type { BuildPlan } from '../../../rootfs/plan/build-plan.js';
import type { ParityReport } from '../../../rootfs/transform/parity-report.js';
import type { SourcePlanSummary } from '../../../rootfs/executor/build-executor.js';
import { ensureFixtureRepos, type FixtureRepos } from '../../fixtures/fixture-repos.js';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));
const profile = fileURLToPath(new URL('../../../rootfs/samples/azl4/images.toml', import.meta.url));
const skip = (await canBuildLocally()) ? false : 'resolving locally needs Linux, root and dnf';

let repos: FixtureRepos;
before(async () => {
  if (!skip) repos = await ensureFixtureRepos();
});

async function azl(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runProgram(process.execPath, [cli, ...args], { env, name: 'azl-wsl' });
  return { code: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

test('plan --transform --json prints the WSL plan, the parity report (WALinuxAgent and why) and the source counts', { skip }, async () => {
  const cache = await mkdtemp(join(tmpdir(), 'azl-plan-cli-'));
  try {
    const result = await azl([
      'plan', '--transform', '--json', '--builder', 'local', '--cache-dir', cache,
      '--profile', profile, '--image', 'marketplace-gen2',
      '--set-repo', `file://${repos.azl4},gpgkey=file://${repos.gpgKey}`,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout) as { plan: BuildPlan; parity: ParityReport; sourcePlan: SourcePlanSummary };
    assert.equal(output.plan.imageType.value, 'wsl');
    assert.equal(output.sourcePlan.imageType, 'oem');
    assert.ok(output.sourcePlan.packages.image > 0);
    const agent = output.parity.entries.find((entry) => entry.subject === 'WALinuxAgent');
    assert.equal(agent?.action, 'removed-package');
    assert.match(agent?.reason ?? '', /Azure VM agent/);
    assert.ok(output.parity.entries.some((entry) => entry.action === 'swapped-package' && entry.replacement === 'azurelinux-release-wsl'));

    const human = await azl(['plan', '--transform', '--builder', 'local', '--cache-dir', cache, '--profile', profile, '--image', 'marketplace-gen2', '--set-repo', `file://${repos.azl4},gpgkey=file://${repos.gpgKey}`]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /removed `WALinuxAgent`: the Azure VM agent/);
    assert.match(human.stdout, /Source profile marketplace-gen2 \(type oem/);
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
});

test('plan without --transform needs no dnf: the source plan, unchanged', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'azl-plan-nopath-'));
  try {
    const result = await azl(['plan', '--json', '--profile', profile, '--image', 'marketplace-gen2'], { ...process.env, PATH: empty });
    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as BuildPlan & { parity?: unknown };
    assert.equal(plan.imageType.value, 'oem');
    assert.ok(plan.packages.image.some((ref) => ref.name === 'WALinuxAgent'), 'nothing transformed');
    const misuse = await azl(['plan', '--builder', 'wsl', '--profile', profile], { ...process.env, PATH: empty });
    assert.equal(misuse.code, 2);
    assert.match(misuse.stderr, /--builder only applies with --transform/);
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});
