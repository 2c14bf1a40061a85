/**
 * Every error class the engines throw reaches the app as its own code, never as INTERNAL
 * ("Something went wrong inside the app"): thrown through the API router, as a service would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AZL_ERROR_CODES, AzlError } from '../../../../common/errors.js';
import { RegistryError } from '../../../../rootfs/oci/registry-error.js';
import { TransportFailure } from '../../../../rootfs/oci/http-transport.js';
import { PolicyRefusal } from '../../../../wsl/policy/policy-rules.js';
import { AccountClashError } from '../../../../wsl/account/validate-account.js';
import { ApiRouter, type ApiClient, type ApiHandlers } from '../../../../electron/main/api-router.js';
import type { ApiError } from '../../../../electron/contract/api.js';

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const ENGINE_FOLDERS = ['common', 'rootfs', 'wsl'];

/** One instance of every exported error class of the engines (a new class must be added here). */
const ENGINE_ERRORS: Record<string, () => Error & { code: string }> = {
  AzlError: () => new AzlError('WINDOWS_REGISTRY_FAILED', 'reg.exe query HKCU\\Software\\Policies failed.'),
  RegistryError: () => new RegistryError('IMAGE_NOT_FOUND', 'mcr.microsoft.com has no azurelinux/base/core:9.9.', { hint: 'Check the tag.' }),
  TransportFailure: () => new TransportFailure(false, 'PROXY_REFUSED', 'The proxy proxy.contoso:3128 refused the connection (HTTP 502).', { hint: 'Check HTTPS_PROXY.' }),
  PolicyRefusal: () => new PolicyRefusal('AllowedRepositories', '[https://mirror.contoso]', 'the repository is not allowed', 'HKLM'),
  AccountClashError: () => new AccountClashError('uid', 'dev', 1001, 'uid 1000 is taken by dev.', 'Keep dev, or create another account at uid 1001.'),
};

/** Exported classes under the engine folders that extend Error or one of them. */
async function engineErrorClasses(): Promise<string[]> {
  const declarations: Array<{ name: string; base: string }> = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(join(REPOSITORY, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const match of (await readFile(join(REPOSITORY, path), 'utf8')).matchAll(/^export class (\w+) extends (\w+)/gm)) declarations.push({ name: match[1]!, base: match[2]! });
      }
    }
  };
  for (const folder of ENGINE_FOLDERS) await walk(folder);
  const errors = new Set(['Error']);
  for (let grown = true; grown; ) {
    grown = false;
    for (const { name, base } of declarations) if (errors.has(base) && !errors.has(name)) grown = errors.add(name).size > 0;
  }
  errors.delete('Error');
  return [...errors].sort();
}

/** Calls one method whose service throws `error`; returns the failure the app receives. */
async function throughRouter(error: unknown): Promise<ApiError> {
  const logged: unknown[] = [];
  const handlers = { 'builds.catalog': () => Promise.reject(error) } as unknown as ApiHandlers;
  const router = new ApiRouter(handlers, (_channel, bug) => logged.push(bug));
  const client: ApiClient = { id: 'test', send: () => undefined };
  const result = await router.call(client, 'builds.catalog', []);
  assert.equal(result.ok, false);
  if (result.ok) throw new Error('unreachable');
  assert.equal(logged.length, result.error.code === 'INTERNAL' ? 1 : 0, 'only bugs are logged as bugs');
  return result.error;
}

test('the table names every error class the engines export', async () => {
  assert.deepEqual(await engineErrorClasses(), Object.keys(ENGINE_ERRORS).sort());
});

test('every engine error class arrives with its own code, sentence and hint, never as INTERNAL', async () => {
  for (const [name, make] of Object.entries(ENGINE_ERRORS)) {
    const error = make();
    const received = await throughRouter(error);
    assert.equal(received.code, error.code, name);
    assert.equal(received.message, error.message, name);
    assert.equal(received.hint, (error as { hint?: string }).hint, name);
  }
});

test('every code keeps its meaning, also on an error that lost its class (another realm, a bundle); other errors are bugs', async () => {
  for (const code of AZL_ERROR_CODES) {
    assert.equal((await throughRouter(new AzlError(code, `failed with ${code}`))).code, code);
    assert.equal((await throughRouter(Object.assign(new Error(`failed with ${code}`), { code }))).code, code);
  }
  const bug = await throughRouter(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }));
  assert.equal(bug.code, 'INTERNAL');
  assert.equal(bug.detail, 'ENOENT: no such file');
});
