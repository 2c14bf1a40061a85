import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePasswd, validateAccountRequest } from '../../../../wsl/account/validate-account.js';
import type { AccountRequest } from '../../../../wsl/account/account-options.js';

const PASSWD = parsePasswd('root:x:0:0:root:/root:/bin/bash\nbin:x:1:1::/:/sbin/nologin\nalice:x:1000:1000::/home/alice:/bin/bash\n');
const HASH = '$6$saltsalt$' + 'a'.repeat(86);
const base: AccountRequest = { user: 'jane', password: { kind: 'plain', value: 'correct horse' }, sudo: 'password', uid: 1001 };
const code = (request: AccountRequest): string | undefined => {
  try {
    validateAccountRequest(request, PASSWD);
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

test('good requests pass', () => {
  assert.equal(code(base), undefined);
  assert.equal(code({ ...base, password: { kind: 'hash', value: HASH } }), undefined);
  assert.equal(code({ ...base, password: { kind: 'none' }, sudo: 'nopasswd', sshPublicKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0 jane@laptop'] }), undefined);
});

test('bad names, taken names and uids, bad passwords, and the passwordless-sudo trap are refused', () => {
  assert.equal(code({ ...base, user: 'Jane' }), 'USER_NAME_INVALID');
  assert.equal(code({ ...base, user: 'root' }), 'USER_NAME_INVALID');
  assert.equal(code({ ...base, user: 'wheel' }), 'USER_NAME_INVALID');
  assert.equal(code({ ...base, user: 'alice' }), 'USER_EXISTS');
  assert.equal(code({ ...base, uid: 1000 }), 'USER_EXISTS');
  assert.equal(code({ ...base, uid: 0 }), 'USAGE');
  assert.equal(code({ ...base, password: { kind: 'plain', value: 'two\nlines' } }), 'PASSWORD_INVALID');
  assert.equal(code({ ...base, password: { kind: 'plain', value: '' } }), 'PASSWORD_INVALID');
  assert.equal(code({ ...base, password: { kind: 'hash', value: '$1$md5$abc' } }), 'PASSWORD_INVALID');
  assert.equal(code({ ...base, password: { kind: 'none' }, sudo: 'password' }), 'PASSWORD_INVALID');
  assert.equal(code({ ...base, groups: ['Bad Group'] }), 'USAGE');
  assert.equal(code({ ...base, sshPublicKeys: ['ssh-ed25519 AAAA\nssh-rsa BBBB'] }), 'USAGE');
  assert.equal(code({ ...base, wslConfExtra: { boot: { command: 'a\nb' } } }), 'USAGE');
});

test('a refused password never appears in the error', () => {
  try {
    validateAccountRequest({ ...base, password: { kind: 'plain', value: 'hunter2\nx' } }, PASSWD);
    assert.fail('should refuse');
  } catch (error) {
    assert.doesNotMatch(JSON.stringify(error) + String(error), /hunter2/);
  }
});
