// Builds obey AllowedRepositories (profile repositories and --repo/--set-repo alike), refused
// before dnf or the builder is touched and before any output exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../../../common/run-program.js';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));
const profile = fileURLToPath(new URL('../../../rootfs/samples/azl4/images.toml', import.meta.url));

test('a build or transform plan using an unapproved repository is refused, naming the policy key, value and repository', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-build-policy-'));
  try {
    const policy = join(dir, 'policy.json');
    await writeFile(policy, JSON.stringify({ AllowedRepositories: ['https://packages.contoso.com/azurelinux/'] }));
    const out = join(dir, 'out');
    const run = async (args: string[]) => {
      const result = await runProgram(process.execPath, [cli, ...args], { env: { ...process.env, AZL_WSL_POLICY: policy } });
      return { code: result.exitCode, stderr: result.stderr.toString('utf8') };
    };
    const built = await run(['build', '--profile', profile, '--image', 'wsl', '--out', out]);
    assert.equal(built.code, 1);
    assert.match(built.stderr, /policy AllowedRepositories = \[https:\/\/packages\.contoso\.com\/azurelinux\/\]: the build would use https:\/\/packages\.microsoft\.com\/azurelinux\/4\.0\//);
    assert.ok(!existsSync(out), 'no output folder');
    const mirrored = await run(['build', '--profile', profile, '--image', 'wsl', '--out', out, '--set-repo', 'https://packages.contoso.com/azurelinux/4.0/base', '--builder', 'wsl', '--wsl', '/nonexistent/wsl.exe']);
    assert.doesNotMatch(mirrored.stderr, /AllowedRepositories/, 'an approved mirror passes the policy (and then fails on the missing wsl.exe)');
    const planned = await run(['plan', '--profile', profile, '--image', 'wsl', '--transform', '--repo', 'https://evil.example/repo']);
    assert.match(planned.stderr, /AllowedRepositories/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
