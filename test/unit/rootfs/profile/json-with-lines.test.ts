import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AzlError } from '../../../../common/errors.js';
import { parseJsonWithLines, type JsonNode } from '../../../../rootfs/profile/json-with-lines.js';

function entry(node: JsonNode, key: string): JsonNode {
  assert.equal(node.kind, 'object');
  return (node as Extract<JsonNode, { kind: 'object' }>).entries.get(key)!;
}

test('every value keeps its line; values are JSON.parse’s, later duplicate keys win', () => {
  const text = '{\n  "Name": "x",\n  "Packages": [\n    "bash",\n    "tar"\n  ],\n  "Size": 1.5e3, "On": true, "Off": null,\n  "Name": "y"\n}\n';
  const root = parseJsonWithLines(text, 'c.json');
  assert.equal(root.line, 1);
  assert.deepEqual(entry(root, 'Name'), { kind: 'string', line: 8, value: 'y' });
  const packages = entry(root, 'Packages') as Extract<JsonNode, { kind: 'array' }>;
  assert.equal(packages.line, 3);
  assert.deepEqual(packages.items.map((item) => [item.line, (item as { value: string }).value]), [[4, 'bash'], [5, 'tar']]);
  assert.deepEqual(entry(root, 'Size'), { kind: 'number', line: 7, value: 1500 });
  assert.deepEqual(entry(root, 'On'), { kind: 'boolean', line: 7, value: true });
  assert.deepEqual(entry(root, 'Off'), { kind: 'null', line: 7 });
});

test('what JSON.parse refuses is a syntax error at its line: trailing commas, comments, text after the value, an empty file', () => {
  for (const [text, line] of [
    ['{\n  "a": 1,\n}\n', 3],
    ['{\n  "a": 1 // no comments\n}\n', 2],
    ['{"a": 1}\n\nx', 3],
    ['', 1],
    ['{\n "a": "bad \\q escape"\n}', 2],
  ] as const) {
    assert.throws(() => parseJsonWithLines(text, 'c.json'), (error: unknown) => {
      assert.ok(error instanceof AzlError);
      assert.equal(error.code, 'PROFILE_SYNTAX');
      assert.match(error.message, new RegExp(`^c\\.json:${line} is not valid JSON: `), JSON.stringify(text));
      return true;
    });
  }
});
