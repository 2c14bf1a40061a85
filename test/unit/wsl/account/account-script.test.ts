import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProgram } from '../../../../common/run-program.js';
import { FIRST_ACCOUNT_SCRIPT, KEEP_ACCOUNT_SCRIPT, type AccountScript } from '../../../../wsl/account/account-script.js';

const SCRIPTS: Array<[string, AccountScript]> = [['first account', FIRST_ACCOUNT_SCRIPT], ['kept account', KEEP_ACCOUNT_SCRIPT]];

test('each part exits with its own code, once, in table order, and with no code a program or the shell uses', () => {
  for (const [name, script] of SCRIPTS) {
    const codes = script.parts.map((part) => part.exitCode);
    assert.equal(new Set(codes).size, codes.length, `${name}: codes are distinct`);
    for (const code of codes) assert.ok(code >= 64 && code < 126, `${name}: ${code} is above sysexits' and below the shell's own`);
    const lines = script.text.split('\n');
    assert.equal(lines[0], 'set -f');
    assert.deepEqual(
      lines.slice(1).map((line) => Number(/\) \|\| exit (\d+)$/.exec(line)?.[1])),
      codes,
      `${name}: the script's part exits are the table's, in its order`,
    );
    const exits = [...script.text.matchAll(/\bexit (\d+)/g)].map((match) => Number(match[1]));
    assert.deepEqual(exits.filter((code) => code !== 1).sort(), [...codes].sort(), `${name}: no other exit code in the text (a part's own 'exit 1' stays in its subshell)`);
  }
});

test('rollback undoes exactly the parts up to the one that failed, and everything when the code names none', () => {
  for (const [name, script] of SCRIPTS) {
    script.parts.forEach((part, index) => {
      const expected = new Set(script.parts.slice(0, index + 1).flatMap((ran) => (ran.undo ? [ran.undo] : [])));
      assert.deepEqual(script.undoAfter(part.exitCode), expected, `${name}: ${part.id}`);
      assert.equal(script.failedPart(part.exitCode), part);
    });
    assert.deepEqual(script.undoAfter(255), new Set(script.parts.flatMap((part) => (part.undo ? [part.undo] : []))), `${name}: wsl.exe failed`);
  }
  assert.deepEqual(FIRST_ACCOUNT_SCRIPT.undoAfter(FIRST_ACCOUNT_SCRIPT.failedPart(96)!.exitCode), new Set(), 'recording the install runs first: nothing else ran');
});

test('the generated scripts are valid for the shells an image may have', async () => {
  for (const [name, script] of SCRIPTS) {
    for (const shell of [['dash'], ['bash', '--posix'], ['busybox', 'sh']]) {
      const checked = await runProgram(shell[0]!, [...shell.slice(1), '-n', '-c', script.text], { name: `${shell.join(' ')} -n` });
      assert.equal(checked.exitCode, 0, `${name} under ${shell.join(' ')}: ${checked.stderr.toString()}`);
    }
  }
});
