// WSL's configfile.cpp rules, one behaviour per test (src/shared/configfile/configfile.cpp at
// the commit named in test/wsl-simulator/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DISTRIBUTION_CONF_SCHEMA,
  WSL_CONF_SCHEMA,
  formatWslConfigWarning,
  parseWslConfig,
  parseWslInteger,
  type WslConfigFile,
} from '../../../common/wsl-config-file.js';

const wslConf = (text: string | Buffer): WslConfigFile => parseWslConfig(text, { schema: WSL_CONF_SCHEMA });
const warningsOf = (config: WslConfigFile): string[] => config.warnings.map(formatWslConfigWarning);

test('sections and keys compare case-insensitively; values are typed by the schema', () => {
  const config = wslConf('[Boot]\nSystemD = TRUE\ncommand = service ssh start\n[user]\ndefault=jane\n[filesystem]\numask = 0x12\n');
  assert.equal(config.boolean('boot.systemd', false), true);
  assert.equal(config.string('BOOT.COMMAND'), 'service ssh start');
  assert.equal(config.string('user.default'), 'jane');
  assert.equal(config.integer('filesystem.umask'), 0x12);
  assert.equal(config.get('boot.systemd')?.name, 'Boot.SystemD');
  assert.deepEqual(config.warnings, []);
  assert.equal(config.stop, undefined);
});

test('`systemd = true # comment` is true: `#` starts a comment after a value, outside quotes', () => {
  const config = wslConf('[boot]\nsystemd = true # comment\ncommand = "echo a # b"   # really a comment\n');
  assert.equal(config.get('boot.systemd')?.text, 'true');
  assert.equal(config.boolean('boot.systemd', false), true);
  assert.equal(config.string('boot.command'), 'echo a # b');
  assert.equal(parseWslConfig('[a]\nb=x#y\n').string('a.b'), 'x', 'no space is needed before #');
});

test('the first invalid line ends the parse with a warning: nothing after it is read', () => {
  const config = wslConf('[boot]\nsystemd=true\n; a semicolon comment\n[user]\ndefault=jane\n');
  assert.deepEqual(warningsOf(config), ['Invalid key name in /etc/wsl.conf:3']);
  assert.equal(config.stop?.line, 3);
  assert.equal(config.boolean('boot.systemd', false), true, 'lines before it count');
  assert.equal(config.string('user.default'), undefined, 'lines after it never do');
});

test('invalid names: a UTF-8 BOM, [auto-mount], [ user ], keys with _ or a space', () => {
  const cases: Array<[string | Buffer, string]> = [
    [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[user]\ndefault=jane\n')]), 'Invalid key name in /etc/wsl.conf:1'],
    ['[auto-mount]\nenabled=false\n', "Expected ']' in /etc/wsl.conf:1"],
    ['[ user ]\ndefault=jane\n', 'Invalid section name in /etc/wsl.conf:1'],
    ['[user]\ndefault_user=jane\n', "Expected '=' in /etc/wsl.conf:2"],
    ['[user]\nmy user = jane\n', "Expected '=' in /etc/wsl.conf:2"],
    ['[user] x\ndefault=jane\n', "Expected ' ' or '\\n' in /etc/wsl.conf:1"],
    ['[user]\n1default=jane\n', 'Invalid key name in /etc/wsl.conf:2'],
    ['[user]\ndefault\n', "Expected '=' in /etc/wsl.conf:2"],
  ];
  for (const [text, warning] of cases) {
    const config = wslConf(text);
    assert.deepEqual(warningsOf(config), [warning], String(text));
    assert.equal(config.string('user.default'), undefined, String(text));
    assert.ok(config.stop);
  }
});

test('a key given twice keeps its FIRST value, with a warning', () => {
  const config = wslConf('[user]\ndefault=first\n[USER]\nDefault=second\n');
  assert.equal(config.string('user.default'), 'first');
  assert.deepEqual(warningsOf(config), ["Duplicated config key 'USER.Default' in /etc/wsl.conf:4 (Conflicting key: 'user.default' in /etc/wsl.conf:2)"]);
  assert.deepEqual(config.entries.map((entry) => entry.used), [true, false]);
});

test('quotes keep spaces and are dropped; unquoted trailing spaces are trimmed', () => {
  const config = parseWslConfig('[a]\nb =   " x y "  \nc = plain   \nd = a"  "b\ne=\n');
  assert.equal(config.get('a.b')?.text, ' x y ');
  assert.equal(config.get('a.c')?.text, 'plain');
  assert.equal(config.get('a.d')?.text, 'a  b');
  assert.equal(config.get('a.e')?.text, '');
  assert.equal(config.string('a.e'), undefined, 'an empty value is no value');
});

test('backslash escapes and line continuation; any other escape is an invalid line', () => {
  const config = parseWslConfig('[a]\nb = tab\\there \\"q\\" back\\\\slash\\nnl\\bbs\nc = one \\\n    two\nd = 3\n');
  assert.equal(config.get('a.b')?.text, 'tab\there "q" back\\slash\nnl\bbs');
  assert.equal(config.get('a.c')?.text, 'one     two', 'the next line, leading spaces and all, joins the value');
  assert.equal(config.get('a.d')?.line, 5, 'a continuation counts its line');
  assert.equal(parseWslConfig('[a]\nb = c:\\temp\n').get('a.b')?.text, 'c:\temp', 'a Windows path turns into a tab');
  const invalid = parseWslConfig('[a]\nb = c:\\xtemp\nd = 1\n');
  assert.deepEqual(warningsOf(invalid), ["Invalid escaped character: 'x' in /etc/wsl.conf:2"]);
  assert.equal(invalid.get('a.b'), undefined);
  assert.equal(invalid.get('a.d'), undefined);
});

test('an unterminated quote is an invalid line', () => {
  const config = parseWslConfig('[a]\nb = "open\nc = 1\n');
  assert.deepEqual(warningsOf(config), ['Expected " in /etc/wsl.conf:2']);
  assert.equal(config.get('a.c'), undefined);
});

test('CRLF: values end at the CR, a backslash before CRLF does not continue, and WSL counts CRLF lines twice', () => {
  const config = wslConf('[boot]\r\nsystemd=maybe\r\ncommand=a \\\r\nb=1\r\n');
  assert.equal(config.get('boot.systemd')?.text, 'maybe');
  assert.equal(config.string('boot.command'), 'a ', 'the value ends at the line end (the space before the backslash kept), the next line is a key of its own');
  assert.deepEqual(warningsOf(config), [
    "Invalid boolean value 'maybe' for key 'boot.systemd' in /etc/wsl.conf:3",
    "Unknown key 'boot.b' in /etc/wsl.conf:6",
  ]);
  assert.deepEqual(
    config.entries.map((entry) => [entry.name, entry.startLine, entry.endLine]),
    [
      ['boot.systemd', 2, 2],
      ['boot.command', 3, 3],
      ['boot.b', 4, 4],
    ],
    'physical lines are exact',
  );
});

test('with a schema: unknown keys and bad values warn, and the default stays', () => {
  const config = wslConf('rootkey = 1\n[boot]\nsystemd = yes\ninitTimeout = 08\n[automount]\ncgroups = v3\n[network]\nmtu = 1400\n');
  assert.deepEqual(warningsOf(config), [
    "Unknown key 'rootkey' in /etc/wsl.conf:1",
    "Invalid boolean value 'yes' for key 'boot.systemd' in /etc/wsl.conf:3",
    "Invalid integer value '08' for key 'boot.initTimeout' in /etc/wsl.conf:4",
    "Invalid value 'v3' for config key 'automount.cgroups' in /etc/wsl.conf:6 (Valid values: v1, v2)",
    "Unknown key 'network.mtu' in /etc/wsl.conf:8",
  ]);
  assert.equal(config.boolean('boot.systemd', false), false);
  assert.equal(config.integer('boot.initTimeout'), undefined);
  const distribution = parseWslConfig('[oobe]\ndefaultUid = 1000\ncommand = /usr/lib/wsl/first-run.sh\n', { schema: DISTRIBUTION_CONF_SCHEMA, path: '/etc/wsl-distribution.conf' });
  assert.equal(distribution.integer('oobe.defaultuid'), 1000);
  assert.deepEqual(distribution.warnings, []);
});

test('integers are strtol base 0 within 32 bits; booleans are 1/0/true/false', () => {
  assert.equal(parseWslInteger('0x1F'), 31);
  assert.equal(parseWslInteger('017'), 15);
  assert.equal(parseWslInteger('-5'), -5);
  assert.equal(parseWslInteger('+7'), 7);
  assert.equal(parseWslInteger('2147483647'), 2147483647);
  for (const bad of ['', '08', '0x', '2147483648', '1.5', '12abc', ' ']) assert.equal(parseWslInteger(bad), undefined, bad);
  const config = parseWslConfig('[a]\nt=1\nf=FALSE\n', { schema: { 'a.t': 'boolean', 'a.f': 'boolean' } });
  assert.equal(config.boolean('a.t', false), true);
  assert.equal(config.boolean('a.f', true), false);
});

test('comments, blank lines and indentation; non-ASCII bytes pass through values', () => {
  const config = parseWslConfig('# header\n\n   [a]   # trailing\n\t key = café  # x\n#last');
  assert.equal(config.string('a.key'), 'café');
  assert.deepEqual(config.sections, [{ name: 'a', line: 3 }]);
  assert.equal(config.stop, undefined);
  const umlaut = parseWslConfig('[a]\nkäse = 1\n');
  assert.deepEqual(warningsOf(umlaut), ["Expected '=' in /etc/wsl.conf:2"], 'names are ASCII letters and digits only');
});

test('skipInvalidLines (the .wslconfig mode) reads on past an invalid line', () => {
  const config = parseWslConfig('[boot]\n; comment\nsystemd=true\n[ user ]\n[user]\ndefault=jane\n', { skipInvalidLines: true });
  assert.equal(config.stop, undefined);
  assert.equal(config.string('boot.systemd'), 'true');
  assert.equal(config.string('user.default'), 'jane');
  assert.equal(config.warnings.length, 2);
});
