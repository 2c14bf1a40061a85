import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../../../../electron/main/security-policy.js';

test('the renderer page carries the same CSP as the session header, minus what a meta tag cannot hold', async () => {
  const html = await readFile(new URL('../../../../renderer/index.html', import.meta.url), 'utf8');
  const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.ok(meta, 'index.html has a CSP meta tag');
  const headerWithoutFrameAncestors = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
  assert.equal(meta, headerWithoutFrameAncestors);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/, 'no inline or remote scripts');
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval/);
});
