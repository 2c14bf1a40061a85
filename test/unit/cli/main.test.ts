import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { main } from '../../../cli/main.js';

/** Runs the CLI in-process and captures what it prints. */
async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    signal: new AbortController().signal,
    isTTY: false,
    env: {},
    stdin: Readable.from([]),
  });
  return { code, stdout, stderr };
}

test('no command prints the help and exits 2 (usage)', async () => {
  const result = await runCli([]);
  assert.equal(result.code, 2);
  assert.match(result.stdout, /Usage: azl-wsl <command>/);
  for (const name of ['plan', 'build', 'validate']) assert.match(result.stdout, new RegExp(`\\n  ${name}\\s`));
});

test('every command has --help with its options', async () => {
  for (const [name, option] of [['plan', '--kiwi-profile'], ['build', '--no-gpgcheck'], ['validate', '--arch']]) {
    const result = await runCli([name, '--help']);
    assert.equal(result.code, 0, name);
    assert.match(result.stdout, new RegExp(`Usage: azl-wsl ${name}`));
    assert.ok(result.stdout.includes(option), `${name} --help mentions ${option}`);
  }
});

test('an unknown command or option is a usage error (exit 2) with the next step', async () => {
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const badOption = await runCli(['plan', '--profiel', 'x']);
  assert.equal(badOption.code, 2);
  assert.match(badOption.stderr, /--profiel/);
  assert.match(badOption.stderr, /azl-wsl plan --help/);
  assert.doesNotMatch(badOption.stderr, /\n\s+at /, 'no stack trace');
});

test('a missing required option is a usage error, reported as JSON with --json', async () => {
  const result = await runCli(['plan', '--json']);
  assert.equal(result.code, 2);
  const parsed = JSON.parse(result.stdout.trim());
  assert.equal(parsed.kind, 'error');
  assert.equal(parsed.error.code, 'USAGE');
  assert.match(parsed.error.message, /--profile is required/);
});

test('a missing profile file is a failure (exit 1) with one clear sentence', async () => {
  const result = await runCli(['plan', '--profile', '/nonexistent/images.toml']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /nonexistent\/images\.toml/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('--version prints the tool version', async () => {
  const result = await runCli(['--version']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^azl-wsl \d+\.\d+\.\d+\n$/);
});
