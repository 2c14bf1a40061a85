import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAnswerFile, parseAnswerText } from '../../../../wsl/answers/answer-file.js';
import type { AzlError } from '../../../../common/errors.js';

const SAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'answers', 'sample.yaml');
const HASH = '$6$saltsalt$' + 'b'.repeat(86);
const SHA = 'a'.repeat(64);
const GOOD = `name: Dev\nimage:\n  path: img.wsl\nuser: jane\npasswordHash: '${HASH}'\n`;

const refusal = (text: string): AzlError => {
  try {
    parseAnswerText(text, '/srv/answers.yaml');
  } catch (error) {
    assert.equal((error as AzlError).code, 'ANSWER_FILE_INVALID');
    return error as AzlError;
  }
  assert.fail('the answer file should have been refused');
};

test('the documented sample parses into an install request', async () => {
  const answers = await parseAnswerFile(SAMPLE);
  assert.equal(answers.name, 'AzureLinux-Dev');
  assert.equal(answers.location, join(dirname(SAMPLE), 'wsl', 'AzureLinux-Dev'));
  assert.deepEqual(answers.image, { kind: 'path', path: join(dirname(SAMPLE), 'azurelinux-4.0-wsl.wsl'), sha256: '0f343b0931126a20f133d67c2b018a3b5aa9a1b8d9c5a1c3d0e5a6f7b8c9d0e1' });
  assert.equal(answers.method, 'auto');
  assert.equal(answers.account.user, 'jane');
  assert.equal(answers.account.password?.kind, 'hash');
  assert.equal(answers.account.sudo, 'password');
  assert.deepEqual(answers.account.groups, ['docker']);
  assert.equal(answers.account.sshPublicKeys?.length, 1);
  assert.deepEqual(answers.account.wslConfExtra, { boot: { systemd: 'true' }, interop: { appendWindowsPath: 'false' } });
});

test('JSON works, password: none defaults to passwordless sudo, url needs sha256', () => {
  const json = parseAnswerText(JSON.stringify({ name: 'Dev', image: { url: 'https://x.example/a.wsl', sha256: SHA }, user: 'jane', password: 'none' }), '/srv/a.json');
  assert.deepEqual(json.image, { kind: 'url', url: 'https://x.example/a.wsl', sha256: SHA });
  assert.deepEqual(json.account.password, { kind: 'none' });
  assert.equal(json.account.sudo, 'nopasswd');
  assert.match(refusal(`name: Dev\nimage:\n  url: https://x.example/a.wsl\nuser: jane\npassword: none\n`).message, /sha256.*required/);
});

test('a plaintext password is refused, naming the key and the line, without echoing it', () => {
  const error = refusal(`name: Dev\nimage:\n  path: img.wsl\nuser: jane\npassword: hunter2\n`);
  assert.match(error.message, /^\/srv\/answers\.yaml:5: a plaintext "password"/);
  assert.match(error.hint!, /passwordHash/);
  assert.doesNotMatch(JSON.stringify(error.toJSON()), /hunter2/);
});

test('unknown keys are refused with their line, at the top and inside image', () => {
  assert.match(refusal(GOOD + 'usr: typo\n').message, /:6: unknown key "usr"/);
  assert.match(refusal(`name: Dev\nimage:\n  path: img.wsl\n  sha265: ${SHA}\nuser: jane\npassword: none\n`).message, /:4: unknown key "sha265" in "image"/);
});

test('bad hash, bad sha256, bad names and contradictions are refused', () => {
  assert.match(refusal(GOOD.replace(HASH, '$1$abc$def')).message, /:5: "passwordHash" is not a SHA-512/);
  assert.match(refusal(GOOD.replace('  path: img.wsl\n', `  path: img.wsl\n  sha256: 1234\n`)).message, /:4: "image.sha256" must be 64/);
  assert.match(refusal(GOOD.replace('name: Dev', 'name: legacy')).message, /:1: "legacy" is not a valid distribution name/);
  assert.match(refusal(GOOD.replace('path: img.wsl', 'url: http://x.example/a.wsl')).message, /https/);
  assert.match(refusal(`name: Dev\nimage:\n  path: img.wsl\nuser: jane\n`).message, /passwordHash.*password: none/);
  assert.match(refusal(`name: Dev\nimage:\n  path: img.wsl\nuser: jane\npassword: none\nsudo: password\n`).message, /:6: a passwordless account cannot use sudo/);
  assert.match(refusal('name: [unclosed\n').message, /not valid YAML/);
  assert.match(refusal(GOOD + 'wslConf:\n  user:\n    default: root\n').message, /not wslConf.user/);
});

test('a missing answer file is a clear error', async () => {
  await assert.rejects(parseAnswerFile('/nonexistent/answers.yaml'), { code: 'ANSWER_FILE_INVALID', message: /cannot be read/ });
});

test('image.catalog with optional version and sha256; image.version with a path; one source only', () => {
  const catalog = parseAnswerText(`name: Dev\nimage:\n  catalog: Contoso-AzureLinux\n  version: 4.0\n  sha256: ${SHA.toUpperCase()}\nuser: jane\npassword: none\n`, '/srv/a.yaml');
  assert.deepEqual(catalog.image, { kind: 'catalog', catalog: 'Contoso-AzureLinux', version: '4.0', sha256: SHA }, 'a version YAML reads as a number stays as written');
  const path = parseAnswerText(GOOD.replace('  path: img.wsl\n', '  path: img.wsl\n  version: 4.0.20260601\n'), '/srv/a.yaml');
  assert.equal(path.image.version, '4.0.20260601');
  assert.match(refusal(`name: Dev\nimage:\n  catalog: Contoso\n  path: x.wsl\nuser: jane\npassword: none\n`).message, /takes one of "path", "url" or "catalog"/);
  assert.match(refusal(`name: Dev\nimage:\n  catalog: Contoso/evil\nuser: jane\npassword: none\n`).message, /:3: "image.catalog" must be a catalog flavor or entry name/);
  assert.match(refusal(`name: Dev\nimage:\n  catalog: Contoso\n  version: "4 0"\nuser: jane\npassword: none\n`).message, /:4: "image.version" must be a version/);
});

test('every value the installer would refuse is refused here, before anything registers, naming file:line', () => {
  const cases: Array<[string, RegExp]> = [
    [GOOD + 'uid: 0\n', /answers\.yaml:6: "uid" 0 is not a uid for a person's account/],
    [GOOD + 'uid: 70000\n', /answers\.yaml:6: "uid" 70000/],
    [GOOD.replace('user: jane', 'user: Root!'), /answers\.yaml:4: "user": A user name starts with/],
    [GOOD.replace('user: jane', 'user: root'), /answers\.yaml:4: "user": "root" is a system account/],
    [GOOD + 'wslConf:\n  boot:\n    command: "echo a\\n[user]\\ndefault=root"\n', /answers\.yaml:8: wslConf\.boot\.command must be on one line/],
    [GOOD + 'groups:\n  - docker\n  - "Bad Group"\n', /answers\.yaml:8: "Bad Group" is not a valid group name/],
    [GOOD + 'sshPublicKeys:\n  - "not a key"\n', /answers\.yaml:7: an entry of "sshPublicKeys" is not a single/],
    [GOOD.replace('name: Dev', 'name: ".."'), /answers\.yaml:1: "\.\." is not a valid distribution name/],
    [GOOD.replace('name: Dev', 'name: NUL'), /answers\.yaml:1: "NUL" is not a valid distribution name/],
  ];
  for (const [text, pattern] of cases) assert.match(refusal(text).message, pattern);
});

test('an unclosed quote is reported on the line it opens, not at the end of the file', () => {
  assert.match(refusal('name: Dev\nimage:\n  path: img.wsl\nuser: "jane\npassword: none\n\n\n').message, /answers\.yaml:4: not valid YAML or JSON \(Missing closing "quote\)/);
});
