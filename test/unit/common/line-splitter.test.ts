import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../../common/line-splitter.js';

function split(chunks: Array<Buffer | string>, carriageReturn = false): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), { carriageReturn });
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  splitter.end();
  return lines;
}

test('a line that straddles two reads is one line; the last line without a newline is kept', () => {
  assert.deepEqual(split(['Install', 'ing : bash 1/3\nInstalling : tar', ' 2/3\r\nlast words']), ['Installing : bash 1/3', 'Installing : tar 2/3', 'last words']);
  assert.deepEqual(split(['one\n', '\n', 'three\n']), ['one', '', 'three'], 'empty lines are lines; a final newline adds none');
});

test('a UTF-8 character cut between two reads arrives whole', () => {
  const bytes = Buffer.from('grüße — ok\n', 'utf8');
  const cut = bytes.indexOf(0xbc); // the second byte of ü
  assert.deepEqual(split([bytes.subarray(0, cut), bytes.subarray(cut, cut + 8), bytes.subarray(cut + 8)]), ['grüße — ok']);
});

test('carriage returns end progress lines when asked, and a CR LF split across reads is one line end', () => {
  assert.deepEqual(split(['10%\r20%\r', '\n30%\r'], true), ['10%', '20%', '30%']);
  assert.deepEqual(split(['10%\r20%\n'], false), ['10%\r20%']);
});
