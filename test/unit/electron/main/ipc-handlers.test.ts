import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiRouter, type ApiClient, type ApiHandlers } from '../../../../electron/main/api-router.js';
import { isTrustedSender, registerIpcHandlers, type IpcInvokeEventLike, type IpcMainLike } from '../../../../electron/main/ipc-handlers.js';
import { CHANNEL_PREFIX, METHOD_CHANNELS } from '../../../../electron/contract/channels.js';
import { AzlError } from '../../../../common/errors.js';
import type { Result } from '../../../../electron/contract/api.js';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** A fake ipcMain that records handlers and lets the test invoke them like a renderer would. */
function fakeIpcMain(): IpcMainLike & { invoke(event: IpcInvokeEventLike, channel: string, ...args: unknown[]): Promise<Result<unknown>>; channels: Map<string, Listener> } {
  const channels = new Map<string, Listener>();
  return {
    channels,
    handle: (channel, listener) => void channels.set(channel, listener),
    removeHandler: (channel) => void channels.delete(channel),
    async invoke(event, channel, ...args) {
      const listener = channels.get(CHANNEL_PREFIX + channel);
      assert.ok(listener, `no handler for ${channel}`);
      return (await listener(event, ...args)) as Result<unknown>;
    },
  };
}

const APP_ORIGIN = 'app://azl';
const trustedEvent: IpcInvokeEventLike = { sender: { id: 7 }, senderFrame: { url: `${APP_ORIGIN}/index.html` } };

function setup(overrides: Partial<ApiHandlers> = {}) {
  const calls: unknown[][] = [];
  const handlers = new Proxy(overrides as ApiHandlers, {
    get(target, key: string) {
      if (key in target) return target[key as keyof ApiHandlers];
      return (_client: ApiClient, ...args: unknown[]) => {
        calls.push([key, ...args]);
        return key === 'distros.list' ? [] : undefined;
      };
    },
  });
  const bugs: unknown[] = [];
  const router = new ApiRouter(handlers, (_channel, error) => bugs.push(error));
  const ipcMain = fakeIpcMain();
  const client: ApiClient = { id: 'window-7', send: () => {} };
  const unregister = registerIpcHandlers(ipcMain, router, {
    isTrustedSender: (event) => isTrustedSender(event, { webContentsId: 7, origin: APP_ORIGIN }),
    clientFor: () => client,
  });
  return { ipcMain, calls, bugs, unregister };
}

test('every API method gets exactly one handler, and unregistering removes them all', () => {
  const { ipcMain, unregister } = setup();
  assert.equal(ipcMain.channels.size, METHOD_CHANNELS.length);
  unregister();
  assert.equal(ipcMain.channels.size, 0);
});

test('a call from another webContents, an iframe origin or a navigated page is refused before any service runs', async () => {
  const { ipcMain, calls } = setup();
  const refused = [
    { sender: { id: 8 }, senderFrame: { url: `${APP_ORIGIN}/index.html` } },
    { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } },
    { sender: { id: 7 }, senderFrame: { url: 'file:///etc/passwd' } },
    { sender: { id: 7 }, senderFrame: null },
  ];
  for (const event of refused) {
    const result = await ipcMain.invoke(event, 'distros.unregister', 'Ubuntu', 'Ubuntu');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'FORBIDDEN_SENDER');
  }
  assert.deepEqual(calls, []);
});

test('a trusted call with valid arguments reaches the service and returns its value', async () => {
  const { ipcMain, calls } = setup();
  const result = await ipcMain.invoke(trustedEvent, 'distros.setDefault', 'AzureLinux-Dev');
  assert.deepEqual(result, { ok: true, value: undefined });
  assert.deepEqual(calls, [['distros.setDefault', 'AzureLinux-Dev']]);
});

test('bad arguments are refused as INVALID_ARGUMENT and never reach the service', async () => {
  const { ipcMain, calls } = setup();
  const cases: Array<[string, unknown[]]> = [
    ['distros.setDefault', [42]],
    ['distros.setDefault', ['']],
    ['distros.setDefault', ['a', 'extra']],
    ['pty.open', [{ distro: 'X', cols: 80 }]],
    ['pty.open', [{ distro: 'X', cols: 80, rows: 24, shell: '/bin/sh' }]],
    ['pty.resize', ['abc', 1.5, 2]],
    ['builds.start', [{ kind: 'script', path: '/tmp/x' }]],
    ['install.start', [{ image: '/x.wsl', name: 'n', method: 'import', account: { user: 'u', password: 'p', sudo: 'always' } }]],
    ['distros.startExport', ['X', '/tmp/x.zip', 'zip']],
    ['distros.startExport', ['X', '', 'wsl']],
    ['install.checkName', ['AzureLinux-4', undefined]],
    ['install.checkName', [{ name: 'X', method: 'auto', allowOfficialName: 'yes' }]],
    ['install.start', [{ image: '/x.wsl', name: 'n', method: 'import', existingAccount: { user: 'jdoe', password: '' } }]],
    ['install.start', [{ image: '/x.wsl', name: 'n', method: 'import', account: { user: 'u', password: 'p', sudo: 'password', uid: 12 } }]],
    ['dialogs.openFile', ['anything']],
    ['jobs.cancel', ['../../etc']],
  ];
  for (const [channel, args] of cases) {
    const result = await ipcMain.invoke(trustedEvent, channel, ...args);
    assert.equal(result.ok, false, `${channel} ${JSON.stringify(args)} should be refused`);
    assert.equal(!result.ok && result.error.code, 'INVALID_ARGUMENT');
  }
  assert.deepEqual(calls, []);
});

test('an expected engine failure keeps its code, sentence and hint; a bug becomes INTERNAL and is logged', async () => {
  const { ipcMain, bugs } = setup({
    'distros.terminate': () => {
      throw new AzlError('DISTRO_NOT_FOUND', 'There is no WSL distribution named "X".', { hint: 'Refresh the list.' });
    },
    'distros.setDefault': () => {
      throw new TypeError('cannot read properties of undefined');
    },
  });
  const expected = await ipcMain.invoke(trustedEvent, 'distros.terminate', 'X');
  assert.deepEqual(expected, { ok: false, error: { code: 'DISTRO_NOT_FOUND', message: 'There is no WSL distribution named "X".', hint: 'Refresh the list.' } });
  assert.equal(bugs.length, 0);
  const bug = await ipcMain.invoke(trustedEvent, 'distros.setDefault', 'X');
  assert.equal(!bug.ok && bug.error.code, 'INTERNAL');
  assert.equal(bugs.length, 1);
});

test('the router refuses a channel that is not part of the API', async () => {
  const router = new ApiRouter({} as ApiHandlers);
  const result = await router.call({ id: 'c', send: () => {} }, 'shell.openExternal', ['https://example.com']);
  assert.equal(!result.ok && result.error.code, 'INVALID_ARGUMENT');
});
