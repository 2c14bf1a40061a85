import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeWslConf, parseWslConf } from '../../../../wsl/account/wsl-conf.js';

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

test('an existing [User] Default is replaced in place, case-insensitively, duplicates dropped', () => {
  const text = '[User]\nDefault=old\n# keep me\n[boot]\nsystemd=true\n[user]\ndefault=older\n';
  const merged = mergeWslConf(text, { user: { default: 'jane' } });
  assert.equal(merged, '[User]\n# keep me\n[boot]\nsystemd=true\n[user]\ndefault=jane\n');
  assert.equal(parseWslConf(merged).user.default, 'jane');
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
