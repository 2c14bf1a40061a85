import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAzlError } from '../../../../common/errors.js';
import { parseWslConfig } from '../../../../common/wsl-config-file.js';
import { isValidConfName, mergeWslConf, parseWslConf } from '../../../../wsl/account/wsl-conf.js';

const IMAGE_CONF = `# Shipped by the image
[boot]
systemd=true
command = "echo hi # not a comment"

[automount]
options = "metadata,umask=22"   # trailing comment

[network]
generateResolvConf=false
`;

test('merging [user] default keeps every other section, key and comment byte for byte', () => {
  const merged = mergeWslConf(IMAGE_CONF, { user: { default: 'jane' } });
  assert.ok(merged.startsWith(IMAGE_CONF), 'the original text is kept as-is');
  assert.equal(merged.slice(IMAGE_CONF.length), '\n[user]\ndefault=jane\n');
  const values = parseWslConf(merged);
  assert.equal(values.user.default, 'jane');
  assert.equal(values.boot.systemd, 'true');
  assert.equal(values.boot.command, 'echo hi # not a comment');
  assert.equal(values.automount.options, 'metadata,umask=22');
  assert.equal(values.network.generateresolvconf, 'false');
});

test('the [User] Default WSL reads (the FIRST) is replaced in place, case-insensitively; later duplicates dropped', () => {
  const text = '[User]\nDefault=old\n# keep me\n[boot]\nsystemd=true\n[user]\ndefault=older\n';
  assert.equal(parseWslConf(text).user.default, 'old', 'WSL keeps the first of duplicate keys');
  const merged = mergeWslConf(text, { user: { default: 'jane' } });
  assert.equal(merged, '[User]\ndefault=jane\n# keep me\n[boot]\nsystemd=true\n[user]\n');
  assert.equal(parseWslConf(merged).user.default, 'jane');
  assert.deepEqual(parseWslConfig(merged).warnings, [], 'no duplicate left for WSL to warn about');
});

test('a [user] default WSL would never read (after an invalid line) is refused, nothing changed', () => {
  for (const text of ['[boot]\nsystemd=true\n; comment\n', '[auto-mount]\nenabled=false\n', '\ufeff[boot]\nsystemd=true\n', '[boot]\nsystemd=true\n[ user ]\n']) {
    assert.throws(
      () => mergeWslConf(text, { user: { default: 'jane' } }),
      (error: unknown) => isAzlError(error) && /never take effect/.test(error.message) && /Fix or remove line \d+ of \/etc\/wsl\.conf/.test(error.hint ?? '') && /^WSL's own warning: /.test(error.detail ?? ''),
      JSON.stringify(text),
    );
  }
  // Before the invalid line it is read, so the merge goes there.
  const merged = mergeWslConf('[user]\n[boot]\nsystemd=true\n; comment\n[more]\n', { user: { default: 'jane' } });
  assert.equal(merged, '[user]\ndefault=jane\n[boot]\nsystemd=true\n; comment\n[more]\n');
  assert.equal(parseWslConf(merged).user.default, 'jane');
});

test('values are written so WSL reads them back; names are what WSL can read', () => {
  const merged = mergeWslConf('', { boot: { command: ' echo "a # b" \\ ' } });
  assert.equal(merged, '[boot]\ncommand=" echo \\"a # b\\" \\\\ "\n');
  assert.equal(parseWslConf(merged).boot.command, ' echo "a # b" \\ ');
  assert.ok(isValidConfName('appendWindowsPath'));
  for (const bad of ['default_user', 'auto-mount', 'a.b', '1st', '']) assert.ok(!isValidConfName(bad), bad);
  assert.throws(() => mergeWslConf('[user]\nx = a \\\n', { user: { default: 'jane' } }), /cannot be changed/, 'a continuation at the end would swallow the new key');
});

test('a missing key is added at the end of its section, before the next one', () => {
  const merged = mergeWslConf('[boot]\nsystemd=true\n\n[network]\nhostname=x\n', { boot: { command: 'service ssh start' } });
  assert.equal(merged, '[boot]\nsystemd=true\ncommand=service ssh start\n\n[network]\nhostname=x\n');
});

test('an empty or absent wsl.conf, CRLF files, and refused line breaks', () => {
  assert.equal(mergeWslConf('', { user: { default: 'jane' } }), '[user]\ndefault=jane\n');
  assert.equal(mergeWslConf('[boot]\r\nsystemd=true\r\n', { user: { default: 'jane' } }), '[boot]\r\nsystemd=true\r\n\r\n[user]\r\ndefault=jane\r\n');
  assert.throws(() => mergeWslConf('', { user: { default: 'jane\n[boot]' } }), /line break/);
  assert.throws(() => mergeWslConf('', { 'us]er': { default: 'x' } }), /section/);
});
