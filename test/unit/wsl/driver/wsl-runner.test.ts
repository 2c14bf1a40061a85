import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWsl, type WslLogEntry } from '../../../../wsl/driver/wsl-runner.js';
import { codeForToken, wslFailure } from '../../../../wsl/driver/wsl-errors.js';
import { importDistro } from '../../../../wsl/driver/wsl-import.js';
import { listDistros } from '../../../../wsl/driver/wsl-list.js';
import { getWslVersion } from '../../../../wsl/driver/wsl-version.js';
import { setDefaultUser } from '../../../../wsl/driver/wsl-manage.js';
import { execChecked } from '../../../../wsl/driver/wsl-exec.js';
import { decodeWslText, parseWslErrorCode } from '../../../../wsl/driver/wsl-text.js';
import { AzlError } from '../../../../common/errors.js';
import { createFakeWsl } from './fake-wsl.js';
import { recorded } from './wsl-output-fixtures.js';

test('runWsl: failure exit, decoded text, raw stdout, token, WSL_UTF8=1, stdin never logged', async () => {
  const fake = await createFakeWsl([{ args: ['--import'], output: 'error-already-exists-fr.utf16le.txt', exit: 255 }]);
  try {
    const log: WslLogEntry[] = [];
    const result = await runWsl(['--import', 'X', '/tmp/x', 'f.tar'], { name: 'import', wslPath: fake.wslPath, logger: (e) => log.push(e), stdin: 'SECRET-stdin' });
    assert.equal(result.failed, true);
    assert.equal(result.exitCode, 255);
    assert.equal(result.error?.token, 'ERROR_ALREADY_EXISTS');
    assert.match(result.text, /existe déjà/);
    assert.deepEqual(result.stdout, recorded('error-already-exists-fr.utf16le.txt'));
    const [call] = await fake.calls();
    assert.equal(call.utf8, '1');
    assert.equal(call.stdin, 'SECRET-stdin');
    assert.deepEqual(log, [{ name: 'import', args: ['--import', 'X', '/tmp/x', 'f.tar'], exitCode: 255, token: 'ERROR_ALREADY_EXISTS' }]);
    assert.doesNotMatch(JSON.stringify(log), /SECRET/);
  } finally {
    await fake.dispose();
  }
});

test('a Linux program exit code is not a wsl.exe failure and its bytes pass untouched', async () => {
  const fake = await createFakeWsl([{ args: ['-d'], text: 'raw\x00bytes\n', exit: 3 }]);
  try {
    const result = await runWsl(['-d', 'X', '-e', 'false'], { name: 'exec', wslPath: fake.wslPath });
    assert.equal(result.failed, false);
    assert.equal(result.exitCode, 3);
    assert.deepEqual(result.stdout, Buffer.from('raw\x00bytes\n'));
    assert.equal(result.error, undefined);
  } finally {
    await fake.dispose();
  }
});

test('wsl.exe missing becomes WSL_MISSING with what to do', async () => {
  await assert.rejects(runWsl(['--version'], { name: 'version', wslPath: '/nonexistent/wsl.exe' }), (error: AzlError) => {
    assert.equal(error.code, 'WSL_MISSING');
    assert.match(error.hint!, /wsl --install/);
    return true;
  });
});

const EXPECTED_CODES: Array<[string, string]> = [
  ['error-already-exists-de.utf8.txt', 'DISTRO_EXISTS'],
  ['error-distro-not-found-en.utf16le.txt', 'DISTRO_NOT_FOUND'],
  ['error-invalid-name-en.utf16le.txt', 'DISTRO_NAME_INVALID'],
  ['error-location-in-use-en.utf16le.txt', 'LOCATION_IN_USE'],
  ['error-vhdx-exists-fr.utf8.txt', 'LOCATION_IN_USE'],
  ['error-virtualization-en-old.utf16le.txt', 'WSL_VIRTUALIZATION_OFF'],
  ['error-hcs-service-en.utf16le.txt', 'WSL_FEATURE_MISSING'],
  ['error-policy-de.utf16le.txt', 'WSL_POLICY_DISABLED'],
  ['error-import-failed-en.utf16le.txt', 'ARCHIVE_INVALID'],
  ['error-not-a-distro-fr.utf16le.txt', 'ARCHIVE_INVALID'],
  ['error-file-not-found-en.utf8.txt', 'ARCHIVE_INVALID'],
  ['error-user-not-found-en.utf16le.txt', 'USER_NOT_FOUND'],
  ['error-path-not-found-zh.utf16le.txt', 'LOCATION_UNUSABLE'],
];

test('each token maps to its AzlError code with one sentence, a hint and the raw text as detail', () => {
  for (const [file, code] of EXPECTED_CODES) {
    const text = decodeWslText(recorded(file));
    const error = wslFailure({ exitCode: 4294967295, failed: true, text, stdout: Buffer.alloc(0), stderr: '', error: parseWslErrorCode(text) }, 'Importing X');
    assert.equal(error.code, code, file);
    assert.ok(error.hint && error.hint.length > 10, file);
    assert.equal(error.detail, text.trim(), file);
  }
  const virt = wslFailure({ exitCode: -1, failed: true, text: '', stdout: Buffer.alloc(0), stderr: '', error: { token: 'HCS_E_HYPERV_NOT_INSTALLED', path: 'x/HCS_E_HYPERV_NOT_INSTALLED', message: '' } }, 'x');
  assert.equal(virt.hint, 'Turn on virtualization in the firmware settings and enable the Virtual Machine Platform feature, then restart Windows.');
  assert.equal(codeForToken('E_INVALIDARG', 'Wsl/E_INVALIDARG'), 'USAGE');
  assert.equal(codeForToken('SOMETHING_NEW'), 'WSL_FAILED');
});

test('verbs: VHD without --vhd, empty list, inbox wsl, set-default-user unsupported, Linux failure', async () => {
  const fake = await createFakeWsl([
    { args: ['--import'], output: 'error-vhd-hint-en.utf16le.txt', exit: 255 },
    { args: ['-l', '-v'], output: 'list-empty-en.utf16le.txt', exit: 255 },
    { args: ['-l', '-q'], text: '', exit: 0 },
    { args: ['--version'], output: 'version-inbox-rejected.utf16le.txt', exit: 255 },
    { args: ['--manage'], text: "Invalid command line argument: --manage\r\n", exit: 255 },
    { args: ['-d', 'X', '-u', 'root', '-e', 'useradd'], text: 'useradd: group wheel does not exist\n', exit: 6 },
  ]);
  const opts = { wslPath: fake.wslPath };
  try {
    await assert.rejects(importDistro({ ...opts, name: 'X', location: '/tmp/x', file: '/tmp/disk.vhdx' }), { code: 'ARCHIVE_INVALID', message: /virtual disk/ });
    assert.deepEqual(await listDistros(opts), []);
    assert.deepEqual(await getWslVersion(opts), { kind: 'inbox' });
    assert.equal(await setDefaultUser('X', 'jane', opts), 'unsupported');
    await assert.rejects(execChecked({ ...opts, distro: 'X', user: 'root', command: ['useradd', 'jane'] }), { code: 'PROGRAM_FAILED', detail: /group wheel/ });
  } finally {
    await fake.dispose();
  }
});
