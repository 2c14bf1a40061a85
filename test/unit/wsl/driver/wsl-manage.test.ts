// `--manage --set-default-user`: what each of WSL's answers means (WslClient.cpp Manage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setDefaultUser } from '../../../../wsl/driver/wsl-manage.js';
import { createFakeWsl, type FakeAnswer } from './fake-wsl.js';

/** Runs setDefaultUser against a wsl.exe that gives one answer to `--manage`. */
async function outcome(answer: Omit<FakeAnswer, 'args'>): Promise<unknown> {
  const fake = await createFakeWsl([{ args: ['--manage'], ...answer }]);
  try {
    return await setDefaultUser('Dev', 'jane', { wslPath: fake.wslPath });
  } catch (error) {
    return error;
  } finally {
    await fake.dispose();
  }
}

test('a WSL without --set-default-user (before 2.5) answers with the client-side E_INVALIDARG code line: unsupported', async () => {
  const text = "Invalid command line argument: --set-default-user\r\nPlease use 'wsl.exe --help' to get a list of supported arguments.\r\nError code: Wsl/E_INVALIDARG\r\n";
  assert.equal(await outcome({ text, exit: 255 }), 'unsupported');
  // The same in French: the label and prose change, the path does not.
  const fr = "Argument de ligne de commande non valide : --set-default-user\r\nUtilisez «\u00a0wsl.exe --help' pour obtenir la liste des arguments pris en charge.\r\nCode d'erreur\u00a0: Wsl/E_INVALIDARG\r\n";
  assert.equal(await outcome({ text: fr, exit: 255 }), 'unsupported');
});

test('a WSL without --manage at all answers with no code line: unsupported', async () => {
  assert.equal(await outcome({ text: "Invalid command line argument: --manage\r\nPlease use 'wsl.exe --help' to get a list of supported arguments.\r\n", exit: 255 }), 'unsupported');
});

test('a nested failure (-1, nothing printed) is an error, not "unsupported"', async () => {
  const error = await outcome({ text: '', exit: 255 });
  assert.ok(error instanceof Error && 'code' in error, String(error));
  assert.equal((error as { code: string }).code, 'WSL_FAILED');
  assert.match((error as Error).message, /could not run \/usr\/bin\/id/);
});

test('a service-side E_INVALIDARG is a real failure, and id failing means no such user', async () => {
  const service = await outcome({ text: 'The parameter is incorrect. \r\nError code: Wsl/Service/ConfigureDistro/E_INVALIDARG\r\n', exit: 255 });
  assert.equal((service as { code: string }).code, 'USAGE');
  const unknown = await outcome({ text: '', exit: 1 });
  assert.equal((unknown as { code: string }).code, 'USER_NAME_INVALID');
  assert.equal(await outcome({ text: 'The operation completed successfully. \r\n', exit: 0 }), 'set');
});
