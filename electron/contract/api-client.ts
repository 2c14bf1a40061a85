/**
 * Builds the typed `AzlApi` object on top of a transport (Electron's ipcRenderer in the
 * preload, a WebSocket in the web host's shim). The object has one named method per channel
 * and nothing generic, so a page script can never reach an undeclared channel through it.
 */
import type { AzlApi, Result } from './api.js';
import type { EventChannel, EventMap, MethodChannel, MethodMap } from './channels.js';

/** How the client reaches main. */
export interface ApiTransport {
  invoke<K extends MethodChannel>(channel: K, args: MethodMap[K]['args']): Promise<Result<MethodMap[K]['result']>>;
  subscribe<K extends EventChannel>(channel: K, listener: (payload: EventMap[K]) => void): () => void;
}

/** The API object for one transport. */
export function createApiClient(transport: ApiTransport): AzlApi {
  const call = <K extends MethodChannel>(channel: K, ...args: MethodMap[K]['args']): Promise<Result<MethodMap[K]['result']>> =>
    transport.invoke(channel, args);
  const on = <K extends EventChannel>(channel: K) => (listener: (payload: EventMap[K]) => void) => transport.subscribe(channel, listener);
  return {
    builds: {
      catalog: () => call('builds.catalog'),
      inspectProfile: (path) => call('builds.inspectProfile', path),
      startReview: (source) => call('builds.startReview', source),
      start: (source, options) => (options === undefined ? call('builds.start', source) : call('builds.start', source, options)),
    },
    install: {
      checkName: (request) => call('install.checkName', request),
      checkAccount: (draft) => call('install.checkAccount', draft),
      start: (request) => call('install.start', request),
    },
    distros: {
      list: () => call('distros.list'),
      refresh: () => call('distros.refresh'),
      setDefault: (name) => call('distros.setDefault', name),
      setDefaultUser: (name, user) => call('distros.setDefaultUser', name, user),
      accounts: (name) => call('distros.accounts', name),
      checkExport: (name, file, format) => call('distros.checkExport', name, file, format),
      startExport: (name, file, format, replace) => call('distros.startExport', name, file, format, replace),
      startUpgrade: (request) => call('distros.startUpgrade', request),
      startSnapshot: (name, note) => call('distros.startSnapshot', name, note),
      snapshots: (name) => call('distros.snapshots', name),
      terminate: (name) => call('distros.terminate', name),
      unregister: (name, typedName) => call('distros.unregister', name, typedName),
      showLocation: (name) => call('distros.showLocation', name),
      openInWindowsTerminal: (name) => call('distros.openInWindowsTerminal', name),
      onChanged: on('distros.changed'),
    },
    pty: {
      open: (request) => call('pty.open', request),
      write: (id, data) => call('pty.write', id, data),
      resize: (id, cols, rows) => call('pty.resize', id, cols, rows),
      ack: (id, chars) => call('pty.ack', id, chars),
      close: (id) => call('pty.close', id),
      onData: on('pty.data'),
      onExit: on('pty.exit'),
    },
    jobs: {
      list: () => call('jobs.list'),
      cancel: (id) => call('jobs.cancel', id),
      log: (id) => call('jobs.log', id),
      onUpdate: on('jobs.update'),
      onLog: on('jobs.log'),
    },
    settings: {
      get: () => call('settings.get'),
      update: (update) => call('settings.update', update),
    },
    diagnostics: {
      save: () => call('diagnostics.save'),
    },
    dialogs: {
      openFile: (purpose, defaultPath) => (defaultPath === undefined ? call('dialogs.openFile', purpose) : call('dialogs.openFile', purpose, defaultPath)),
      saveFile: (request) => call('dialogs.saveFile', request),
    },
  };
}
