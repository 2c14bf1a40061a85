import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzlError } from '../../../../common/errors.js';
import { runRpmTool } from '../../../../rootfs/build/rpm-tools.js';

test('rpm’s runner: an empty database answers queries; erasing what is not installed is a known failure a caller can expect, else an error', async () => {
  const root = await mkdtemp(join(tmpdir(), 'azl-rpm-tools-'));
  try {
    const dbArgs = ['--root', root, '--dbpath', '/var/lib/rpm'];
    await runRpmTool('rpmdb', [...dbArgs, '--initdb'], { name: 'rpmdb --initdb' });
    assert.equal((await runRpmTool('rpm', [...dbArgs, '-qa'], { name: 'rpm -qa' })).stdout.toString(), '');
    const erased = await runRpmTool('rpm', [...dbArgs, '-e', 'no-such-package'], { name: 'rpm -e', expectedErrors: ['NOT_INSTALLED'] });
    assert.equal(erased.knownError, 'NOT_INSTALLED');
    await assert.rejects(runRpmTool('rpm', [...dbArgs, '-e', 'no-such-package'], { name: 'rpm -e' }), (error: unknown) => error instanceof AzlError && error.code === 'PROGRAM_FAILED' && /not installed/.test(error.detail ?? ''));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
