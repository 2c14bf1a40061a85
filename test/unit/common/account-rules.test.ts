import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPassword, checkUserName, isSha512CryptHash, suggestUserName, MAX_PASSWORD_BYTES } from '../../../common/account-rules.js';

test('user names follow ^[a-z_][a-z0-9_-]{0,31}$', () => {
  for (const good of ['jane', '_svc', 'a', 'dev-1', 'x'.repeat(32)]) assert.equal(checkUserName(good), undefined, good);
  for (const bad of ['Jane', '1abc', '-x', 'a b', 'a.b', 'x'.repeat(33), 'é']) {
    assert.equal(checkUserName(bad)?.rule, 'user-pattern', bad);
  }
  assert.equal(checkUserName('')?.rule, 'user-empty');
});

test('system and existing accounts are refused', () => {
  assert.equal(checkUserName('root')?.rule, 'user-reserved');
  assert.equal(checkUserName('daemon')?.rule, 'user-reserved');
  assert.equal(checkUserName('jane', ['bob', 'jane'])?.rule, 'user-exists');
});

test('passwords: never empty unless allowed, no NUL/CR/LF, confirmation must match', () => {
  assert.equal(checkPassword('')?.rule, 'password-empty');
  assert.equal(checkPassword('', { allowEmpty: true }), undefined);
  assert.equal(checkPassword('a\nroot:x')?.rule, 'password-control');
  assert.equal(checkPassword('a\rb')?.rule, 'password-control');
  assert.equal(checkPassword('a\0b')?.rule, 'password-control');
  assert.equal(checkPassword('x'.repeat(MAX_PASSWORD_BYTES)), undefined);
  assert.equal(checkPassword('x'.repeat(MAX_PASSWORD_BYTES + 1))?.rule, 'password-long');
  assert.equal(checkPassword('é'.repeat(MAX_PASSWORD_BYTES / 2 + 1))?.rule, 'password-long', 'bytes of UTF-8 count, not characters');
  assert.equal(checkPassword('a:b c'), undefined, 'colons and spaces are fine: chpasswd splits at the first colon');
  assert.equal(checkPassword('one', { confirmation: 'two' })?.rule, 'password-mismatch');
});

test('messages never contain the password', () => {
  const secret = 'hunter2\nx';
  assert.ok(!JSON.stringify(checkPassword(secret)).includes('hunter2'));
});

test('suggests a valid name from the Windows user name', () => {
  assert.equal(suggestUserName('Jane.Doe'), 'jane_doe');
  assert.equal(suggestUserName('José'), 'jose');
  assert.equal(suggestUserName('123'), undefined);
  assert.equal(suggestUserName('Root'), 'root1');
  assert.equal(suggestUserName('jane', ['jane']), 'jane1');
  assert.equal(suggestUserName(undefined), undefined);
});

test('recognises SHA-512 crypt hashes', () => {
  const hash = '$6$saltsalt$' + 'a'.repeat(86);
  assert.ok(isSha512CryptHash(hash));
  assert.ok(!isSha512CryptHash('$1$abc$def'));
  assert.ok(!isSha512CryptHash('plaintext'));
});

test('the next free uid is the first unused one from 1000 up; people\'s uids are 1000–59999', async () => {
  const { nextFreeUid, isPersonUid } = await import('../../../common/account-rules.js');
  assert.equal(nextFreeUid([0, 1, 65534]), 1000);
  assert.equal(nextFreeUid([0, 1000, 1001, 1003]), 1002);
  assert.equal(isPersonUid(1000), true);
  assert.equal(isPersonUid(999), false);
  assert.equal(isPersonUid(60000), false);
});
