import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../../../common/run-program.js';
import { WINDOWS_ROOTS_DIR, resolveBuildNetwork } from '../../../../wsl/builder/build-network.js';

const FIXTURE = fileURLToPath(new URL('../../rootfs/oci/fixtures/windows-root-store-output.txt', import.meta.url));

function exporter(stdout: string) {
  const programs: string[] = [];
  const run = async (program: string): Promise<RunResult> => {
    programs.push(program);
    return { exitCode: 0, signal: null, stdout: Buffer.from(stdout), stderr: Buffer.alloc(0) };
  };
  return { run, programs };
}

test('on Windows the store roots follow the --ca-file PEMs; --no-windows-ca (false) leaves them out', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'azl-net-'));
  try {
    const output = await readFile(FIXTURE, 'utf8');
    const on = exporter(output);
    // HTTPS_PROXY is set, so the WinHTTP fallback (netsh) is never asked.
    const env = { HTTPS_PROXY: 'http://proxy.corp:8080' };
    const network = await resolveBuildNetwork({ env, platform: 'win32', dataDir, caFiles: ['/x/corp.pem'], runExport: on.run, caIntoImage: true });
    assert.equal(network.caFiles[0], '/x/corp.pem');
    assert.equal(network.caFiles.length, 3);
    assert.ok(network.caFiles.slice(1).every((file) => file.startsWith(join(dataDir, WINDOWS_ROOTS_DIR))));
    assert.equal(network.proxy?.httpsProxy, 'http://proxy.corp:8080');
    assert.equal(network.caIntoImage, true);

    const off = exporter(output);
    const without = await resolveBuildNetwork({ env, platform: 'win32', dataDir, caFiles: ['/x/corp.pem'], windowsCa: false, runExport: off.run });
    assert.deepEqual(without.caFiles, ['/x/corp.pem']);
    assert.equal(off.programs.length, 0);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('elsewhere the Windows store is never consulted, even when asked for', async () => {
  const ask = exporter('AZL-WSL-CERT CurrentUser AAAA');
  const network = await resolveBuildNetwork({ env: {}, platform: 'linux', windowsCa: true, runExport: ask.run });
  assert.deepEqual(network.caFiles, []);
  assert.equal(ask.programs.length, 0);
});
