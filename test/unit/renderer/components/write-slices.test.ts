import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WRITE_SLICE_CHARS, writeSlices } from '../../../../renderer/components/write-slices.js';

test('a burst becomes slices no longer than the limit that join back to the same text', () => {
  const text = 'yes 0123456789\r\n'.repeat(20_000);
  const slices = writeSlices(text);
  assert.ok(slices.length > 1);
  assert.ok(slices.every((slice) => slice.length > 0 && slice.length <= WRITE_SLICE_CHARS));
  assert.equal(slices.join(''), text);
  assert.deepEqual(writeSlices('prompt$ '), ['prompt$ ']);
});

test('a character outside the BMP is never cut in half at a slice edge', () => {
  const text = `abc${'😀'.repeat(10)}`;
  const slices = writeSlices(text, 4);
  assert.equal(slices.join(''), text);
  for (const slice of slices) {
    const last = slice.charCodeAt(slice.length - 1);
    assert.ok(!(last >= 0xd800 && last <= 0xdbff), `slice ends in a high surrogate: ${JSON.stringify(slice)}`);
  }
});
