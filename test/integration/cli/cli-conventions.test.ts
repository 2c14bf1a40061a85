/**
 * The CLI conventions that need a real process and real work: Ctrl-C while dnf waits on a
 * repository exits 130 and stops dnf; `build --out FILE.wsl` writes that file (not a folder).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../../../common/run-program.js';
import { canBuildLocally } from '../../../wsl/builder/choose-executor.js';
import { ensureFixtureRepos, type FixtureRepos } from '../../fixtures/fixture-repos.js';
import { startHeldRepository } from '../../fixtures/held-repository.js';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));
const profile = fileURLToPath(new URL('../../../rootfs/samples/azl4/images.toml', import.meta.url));
/** Shared with other runs of this test: a warm dnf and root cache makes the build a few seconds. */
const buildCache = fileURLToPath(new URL('../../../.cache/cli-build-cache', import.meta.url));
const skip = (await canBuildLocally()) ? false : 'building and resolving locally need Linux, root and dnf';

let repos: FixtureRepos;
before(async () => {
  if (!skip) repos = await ensureFixtureRepos();
});

test('Ctrl-C while dnf waits on a repository: dnf is stopped, the CLI says it was cancelled and exits 130', { skip, timeout: 120_000 }, async () => {
  const held = await startHeldRepository(repos.azl4);
  const cache = await mkdtemp(join(tmpdir(), 'azl-cli-sigint-'));
  try {
    const child = spawn(
      process.execPath,
      [cli, 'plan', '--transform', '--builder', 'local', '--cache-dir', cache, '--profile', profile, '--image', 'wsl', '--set-repo', `${held.url},gpgkey=file://${repos.gpgKey}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await held.firstRequest;
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /cancelled/);
    assert.ok(stderr.endsWith('\n'));
    // dnf hung up on the held request: it was stopped, not left behind (else this never resolves).
    await held.abandoned;
  } finally {
    held.release();
    await held.close();
    await rm(cache, { recursive: true, force: true });
  }
});

test('build --out FILE.wsl writes that file and its manifest beside it; no folder named FILE.wsl', { skip, timeout: 300_000 }, async () => {
  const out = await mkdtemp(join(tmpdir(), 'azl-cli-out-'));
  try {
    const target = join(out, 'My-Dev.wsl');
    const result = await runProgram(
      process.execPath,
      [cli, 'build', '--builder', 'local', '--cache-dir', buildCache, '--profile', profile, '--image', 'wsl', '--set-repo', `file://${repos.azl4},gpgkey=file://${repos.gpgKey}`, '--out', target],
      { name: 'azl-wsl build' },
    );
    assert.equal(result.exitCode, 0, result.stderr.toString('utf8'));
    assert.ok((await stat(target)).isFile(), 'My-Dev.wsl is a file');
    assert.deepEqual((await readdir(out)).sort(), ['My-Dev.cdx.json', 'My-Dev.manifest.json', 'My-Dev.sha256', 'My-Dev.wsl']);
    assert.match(result.stdout.toString('utf8'), new RegExp(`Image: +${target.replace(/[.]/g, '\\.')}\\n`));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
