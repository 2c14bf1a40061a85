/**
 * The Electron main process: the only file that imports 'electron'. It creates one locked-down
 * window, serves the built renderer over app://, binds the API router to ipcMain with sender
 * checks, and disposes everything on quit. All logic lives in plain Node modules beside it.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node-pty';
import { catalogProfilesDir } from './catalog.js';
import { composeServices } from './compose-services.js';
import { mayCloseWindow } from './close-guard.js';
import { registerIpcHandlers, isTrustedSender } from './ipc-handlers.js';
import { CONTENT_SECURITY_POLICY } from './security-policy.js';
import type { ApiClient } from './api-router.js';
import type { PtySpawn } from './pty-manager.js';
import type { EventChannel, EventMap } from '../contract/channels.js';
import { CHANNEL_PREFIX } from '../contract/channels.js';
import { runProgram } from '../../common/run-program.js';

const APP_SCHEME = 'app';
const APP_HOST = 'azl';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

// Must run before ready: app:// behaves like https (secure origin, fetch, CSP 'self').
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** The app's files: app.asar when packaged; the project when run from out/electron/main/main.mjs. */
const appDir = app.isPackaged ? app.getAppPath() : join(import.meta.dirname, '..', '..', '..');
const rendererDir = normalize(join(appDir, 'renderer', 'dist'));
/** The catalog's profiles: extraResources when packaged (see electron-builder.yml), rootfs/samples in a checkout. */
const profilesDir = catalogProfilesDir({ packaged: app.isPackaged, resourcesPath: process.resourcesPath, appDir });

/** The Open dialog's title and filters for each kind of file the wizard asks for. */
const OPEN_DIALOGS: Record<'profile' | 'image', { title: string; filters: Array<{ name: string; extensions: string[] }> }> = {
  profile: { title: 'Choose a profile file', filters: [{ name: 'Image profiles', extensions: ['toml', 'kiwi', 'xml', 'json'] }] },
  image: { title: 'Choose a WSL image', filters: [{ name: 'WSL images', extensions: ['wsl', 'gz', 'tgz', 'tar'] }] },
};

const services = composeServices({
  dataDir: app.getPath('userData'),
  outputDir: join(app.getPath('documents'), 'Azure Linux WSL images'),
  exportDir: app.getPath('documents'),
  dialogs: {
    async openFile(purpose, defaultPath) {
      const options = { ...OPEN_DIALOGS[purpose], defaultPath, properties: ['openFile' as const] };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    async saveFile({ defaultPath, format }) {
      const extension = format === 'wsl' ? 'wsl' : 'tar.gz';
      const options = { title: 'Export to', defaultPath, filters: [{ name: format === 'wsl' ? 'WSL image' : 'gzip tar archive', extensions: [extension] }] };
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
  },
  profilesDir,
  wsl: { wslPath: process.env.AZL_WSL_EXE, env: {} },
  spawnPty: spawn as unknown as PtySpawn,
  revealPath: (path) => shell.showItemInFolder(path),
  openWindowsTerminal: async (distro) => {
    await runProgram('wt.exe', ['wsl.exe', '-d', distro], { name: 'windows terminal' });
  },
});

let mainWindow: BrowserWindow | undefined;

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '..', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  mainWindow = window;
  const webContents = window.webContents;
  const client: ApiClient = {
    id: `window-${webContents.id}`,
    send<K extends EventChannel>(channel: K, payload: EventMap[K]) {
      if (!webContents.isDestroyed()) webContents.send(CHANNEL_PREFIX + channel, payload);
    },
  };
  services.router.connect(client);

  // No navigation away from the app and no new windows, whatever the page asks.
  webContents.on('will-navigate', (event) => event.preventDefault());
  webContents.on('will-redirect', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // The renderer's beforeunload objects while it shows a running job: main asks (close-guard.ts).
  // preventDefault here overrides the page's objection and lets the window close.
  webContents.on('will-prevent-unload', (event) => {
    if (mayCloseWindow(services.jobs, (question) => dialog.showMessageBoxSync(window, question))) event.preventDefault();
  });
  window.on('closed', () => {
    services.router.disconnect(client.id); // disposes the window's ptys
    mainWindow = undefined;
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(() => {
  // Serve renderer/dist under app://azl/, never a file outside it.
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)));
    if (url.host !== APP_HOST || !file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // The app needs no camera, microphone, notifications or geolocation.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  registerIpcHandlers(ipcMain, services.router, {
    isTrustedSender: (event) => isTrustedSender(event, { webContentsId: mainWindow?.webContents.id, origin: APP_ORIGIN }),
    clientFor: (event) => ({
      id: `window-${event.sender.id}`,
      send: (channel, payload) => mainWindow?.webContents.send(CHANNEL_PREFIX + channel, payload),
    }),
  });
  createWindow();
});

app.on('window-all-closed', () => app.quit());
let disposed = false;
app.on('will-quit', (event) => {
  if (disposed) return;
  event.preventDefault();
  disposed = true;
  void services.dispose().finally(() => app.quit());
});
