import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from '../../../../common/run-program.js';
import { toolVersion } from '../../../../common/tool-version.js';
import { JOB_RUNNER_PATH } from '../../../../rootfs/executor/job-spec.js';
import { buildEngineBundle } from '../../../../wsl/builder/engine-bundle.js';

test('the engine a builder runs reads the same version as the CLI, from the one package.json the bundle carries', async () => {
  const bundle = await buildEngineBundle();
  try {
    const printed = await runChecked(process.execPath, [join(bundle.dir, JOB_RUNNER_PATH), '--version'], { name: 'job-runner --version' });
    assert.equal(printed.stdout.toString('utf8').trim(), toolVersion());
    const files = await readdir(bundle.dir, { recursive: true });
    assert.deepEqual(files.filter((file) => file.endsWith('package.json')), [join('rootfs', 'package.json')]);
  } finally {
    await rm(bundle.dir, { recursive: true, force: true });
  }
});
