import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { COMMANDS, BUILT_IN_WORDS } from '../../../../cli/main.js';
import { bashCompletion, powershellCompletion } from '../../../../cli/output/shell-completion.js';

/** What bash's completion function offers for a command line (the cursor at its end). */
function bashComplete(script: string, line: string): string[] {
  const words = line.split(' ');
  const program = [
    script,
    `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_azl_wsl_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8', cwd: new URL('../../../../', import.meta.url).pathname });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').filter(Boolean).sort();
}

const bash = bashCompletion(COMMANDS, BUILT_IN_WORDS);

test('bash completion, from the command table: commands, options, option values and actions', () => {
  assert.deepEqual(bashComplete(bash, 'azl-wsl bu'), ['build', 'builder']);
  assert.deepEqual(bashComplete(bash, 'azl-wsl build --for'), ['--format']);
  assert.deepEqual(bashComplete(bash, 'azl-wsl build --format '), ['tar', 'tar.gz', 'tar.xz', 'wsl']);
  assert.deepEqual(bashComplete(bash, 'azl-wsl plan --builder '), ['auto', 'local', 'wsl']);
  assert.deepEqual(bashComplete(bash, 'azl-wsl builder '), ['refresh', 'remove', 'status']);
  assert.deepEqual(bashComplete(bash, 'azl-wsl completion '), ['bash', 'powershell']);
  assert.deepEqual(bashComplete(bash, 'azl-wsl help ins'), ['install']);
  assert.deepEqual(bashComplete(bash, 'azl-wsl install --name '), [], 'a typed value: nothing to offer');
  assert.ok(bashComplete(bash, 'azl-wsl build --profile rootfs/samples/azl4/ima').includes('rootfs/samples/azl4/images.toml'), 'files for --profile');
  // Every option of every command completes (nobody keeps a list by hand).
  for (const command of COMMANDS) {
    const offered = bashComplete(bash, `azl-wsl ${command.name} --`);
    for (const option of Object.keys(command.options)) assert.ok(offered.includes(`--${option}`), `${command.name} --${option}`);
    assert.ok(offered.includes('--help'));
  }
});

test('PowerShell completion names every command, option and choice, in a script with balanced braces', () => {
  const script = powershellCompletion(COMMANDS, BUILT_IN_WORDS);
  assert.match(script, /^# azl-wsl completion for PowerShell/);
  assert.match(script, /Register-ArgumentCompleter -Native -CommandName 'azl-wsl'/);
  for (const command of COMMANDS) {
    assert.match(script, new RegExp(`'${command.name}' = @\\{ options = @\\(`));
    for (const option of Object.keys(command.options)) assert.ok(script.includes(`'--${option}'`), `${command.name} --${option}`);
  }
  assert.match(script, /'--format' = @\('wsl', 'tar\.gz', 'tar\.xz', 'tar'\)/);
  const count = (pattern: RegExp) => (script.match(pattern) ?? []).length;
  assert.equal(count(/\{/g), count(/\}/g));
  assert.equal(count(/\(/g), count(/\)/g));
});
