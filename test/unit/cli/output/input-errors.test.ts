import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inputErrorFrom } from '../../../../cli/output/input-errors.js';
import { reportError } from '../../../../cli/output/report-error.js';

function fileError(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: failed, open '${path}'`), { code, path, syscall: 'open' });
}

test('file errors with a path become sentences; other errors stay bugs', () => {
  assert.equal(inputErrorFrom(fileError('ENOENT', '/a/b'))?.message, '/a/b does not exist.');
  assert.equal(inputErrorFrom(fileError('EACCES', '/etc/shadow'))?.code, 'INPUT_UNREADABLE');
  assert.match(inputErrorFrom(fileError('EACCES', '/etc/shadow'))!.message, /permission denied/);
  assert.match(inputErrorFrom(fileError('EISDIR', '/tmp'))!.message, /is a folder/);
  assert.equal(inputErrorFrom(new Error('boom')), undefined);
  assert.equal(inputErrorFrom(Object.assign(new Error('x'), { code: 'ECONNRESET' })), undefined);

  let text = '';
  const code = reportError(fileError('EACCES', '/root/key.pub'), { json: false, debug: false, write: (chunk) => void (text += chunk) });
  assert.equal(code, 1);
  assert.equal(text, 'azl-wsl: /root/key.pub cannot be opened: permission denied.\nNext step: Check its permissions, or run as a user who can read it.\n');
});
