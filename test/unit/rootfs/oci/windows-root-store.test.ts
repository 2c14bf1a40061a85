import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  WINDOWS_ROOT_STORE_COMMAND,
  parseRootStoreOutput,
  windowsRootStoreCaFiles,
  writeStorePems,
} from '../../../../rootfs/oci/windows-root-store.js';
import { loadCaCertificates } from '../../../../rootfs/oci/http-transport.js';
import type { RunResult } from '../../../../common/run-program.js';

// The export script's output format (CRLF, as powershell.exe prints it): two private roots, one
// of them in both stores, one public root Node already bundles (in both stores), a line that is
// not a certificate, PowerShell noise, and a store that could not be read.
const FIXTURE = fileURLToPath(new URL('./fixtures/windows-root-store-output.txt', import.meta.url));
const CONTOSO_1 = '78c59979ea00ebfd7efe36b9904941aa38317bcebe19b46909909471dcc72346';
const CONTOSO_2 = '3f29e8046142dc32f7cc76d0dcda381851a4ef91ccd3b17c709ca105eca6fd59';

function derDigest(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

function fakeRun(stdout: string, exitCode = 0) {
  const calls: Array<{ program: string; args: readonly string[] }> = [];
  const run = async (program: string, args: readonly string[]): Promise<RunResult> => {
    calls.push({ program, args });
    return { exitCode, signal: null, stdout: Buffer.from(stdout), stderr: Buffer.alloc(0) };
  };
  return { run, calls };
}

test('the store output parses into certificates deduplicated by the SHA-256 of their DER', async () => {
  const text = await readFile(FIXTURE, 'utf8');
  const all = parseRootStoreOutput(text);
  assert.equal(all.certificates.length, 3, 'two private roots and the public one, each once');
  assert.deepEqual(all.certificates[0].stores, ['CurrentUser', 'LocalMachine']);
  assert.equal(all.skipped, 1, 'the line that is not a certificate');
  assert.deepEqual(all.errors, [{ store: 'LocalMachine', message: 'Access is denied.' }]);
  for (const cert of all.certificates) assert.equal(derDigest(cert.pem), cert.sha256, 'the PEM is the same DER');

  const extra = parseRootStoreOutput(text, { excludeBundled: true });
  assert.deepEqual(extra.certificates.map((cert) => cert.sha256), [CONTOSO_1, CONTOSO_2], 'roots Node bundles are left out');
  assert.match(extra.certificates[0].subject, /Contoso Inspection Root 1/);
});

test('the PEM files are named by digest, readable as --ca-file PEMs, and stale ones go away', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-winroots-'));
  try {
    await writeFile(join(dir, `${'0'.repeat(64)}.pem`), 'old');
    const { certificates } = parseRootStoreOutput(await readFile(FIXTURE, 'utf8'), { excludeBundled: true });
    const paths = await writeStorePems(dir, certificates);
    assert.deepEqual((await readdir(dir)).sort(), [`${CONTOSO_1}.pem`, `${CONTOSO_2}.pem`].sort());
    const pems = await loadCaCertificates(paths);
    assert.deepEqual(pems.map(derDigest), [CONTOSO_1, CONTOSO_2]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('on Windows PowerShell runs with an argument array and the extra roots come back as files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-winroots-'));
  try {
    const { run, calls } = fakeRun(await readFile(FIXTURE, 'utf8'));
    const logs: string[] = [];
    const files = await windowsRootStoreCaFiles({ dir, platform: 'win32', run, log: (text) => logs.push(text) });
    assert.equal(files.length, 2);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].program, 'powershell.exe');
    assert.deepEqual(calls[0].args.slice(0, 3), ['-NoProfile', '-NonInteractive', '-Command']);
    assert.equal(calls[0].args, WINDOWS_ROOT_STORE_COMMAND.args);
    assert.ok(logs.some((line) => /LocalMachine root store could not be read: Access is denied/.test(line)));
    assert.ok(logs.some((line) => /Trusting 2 root certificates from the Windows store/.test(line)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('not on Windows: nothing runs and no CA is added', async () => {
  const { run, calls } = fakeRun('AZL-WSL-CERT CurrentUser AAAA');
  for (const platform of ['linux', 'darwin'] as const) {
    assert.deepEqual(await windowsRootStoreCaFiles({ dir: join(tmpdir(), 'azl-never-created'), platform, run }), []);
  }
  assert.equal(calls.length, 0);
});

test('a failing export is logged and yields no CAs instead of failing the build', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-winroots-'));
  try {
    const logs: string[] = [];
    const failed = fakeRun('', 1);
    assert.deepEqual(await windowsRootStoreCaFiles({ dir, platform: 'win32', run: failed.run, log: (text) => logs.push(text) }), []);
    assert.match(logs.join('\n'), /exit code 1/);
    const missing = async (): Promise<RunResult> => {
      throw new Error('powershell.exe was not found');
    };
    assert.deepEqual(await windowsRootStoreCaFiles({ dir, platform: 'win32', run: missing, log: (text) => logs.push(text) }), []);
    assert.match(logs.join('\n'), /could not be read \(powershell\.exe was not found\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
