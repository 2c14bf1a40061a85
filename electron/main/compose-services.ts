/**
 * The composition root of the desktop app: every service wired by constructor, in one place.
 * Plain Node (no `electron` import), so the web host and the unit tests compose exactly what
 * the Electron shell composes.
 */
import { homedir, userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { OpenFilePurpose, SaveFileRequest, Settings } from '../contract/api.js';
import { AzlError } from '../../common/errors.js';
import { ApiRouter, type ApiHandlers, type BugLogger } from './api-router.js';
import { BuildService } from './build-service.js';
import { standardCatalog, type CatalogSource } from './catalog.js';
import { DistroService } from './distro-service.js';
import { InstallRecords } from './install-records.js';
import { InstallService } from './install-service.js';
import { JobManager } from './job-manager.js';
import { PtyManager, type PtySpawn } from './pty-manager.js';
import { SettingsStore } from './settings-store.js';
import { suggestUserName } from '../../common/account-rules.js';
import type { RepositoryOverrides } from '../../rootfs/plan/repository-overrides.js';
import type { BuildPlan } from '../../rootfs/plan/build-plan.js';
import { DEFAULT_WSL_PATH, type WslCallOptions } from '../../wsl/driver/wsl-runner.js';
import { defaultDistroLocations, type DistroLocations } from '../../wsl/preflight/distro-locations.js';
import { chooseExecutor, type BuilderMode } from '../../wsl/builder/choose-executor.js';
import type { BuildExecutor } from '../../rootfs/executor/build-executor.js';
import { loadAdminPolicy, type AdminPolicy } from '../../wsl/policy/admin-policy.js';
import { refuseLockedChange, settingLocks } from '../../wsl/policy/locked-settings.js';
import { defaultUserVerdicts, refuseIfBroken, repositoryVerdicts } from '../../wsl/policy/policy-rules.js';
import { openRegistry } from '../../wsl/registry/registry.js';
import { collectDiagnostics, writeDiagnosticsZip } from '../../wsl/diagnostics/diagnostics-bundle.js';
import { writeJobLog } from '../../wsl/diagnostics/run-log.js';

export interface ComposeOptions {
  /** The app's own data (install records, settings.json). */
  dataDir: string;
  /** Where built images go unless the user picked another folder (kept in settings.json). */
  outputDir: string;
  /** Where exports go unless the user picked another folder (default: Documents in the home folder). */
  exportDir?: string;
  /** The system's Open and Save dialogs (Electron's `dialog`); absent in the web host. */
  dialogs?: FileDialogs;
  /** Folder with the catalog's profiles (see catalog.ts for the layout). */
  profilesDir: string;
  /** wsl.exe and its environment (the simulator in tests). */
  wsl: Pick<WslCallOptions, 'wslPath' | 'env'>;
  /** node-pty's spawn (injected so this file loads without the native module in unit tests). */
  spawnPty: PtySpawn;
  /** Repository overrides chosen per plan (e.g. by release); default: the profile's own. */
  repositories?: (plan: BuildPlan) => RepositoryOverrides;
  /** Default true; false only for unsigned test repositories. */
  gpgCheck?: boolean;
  cacheDir?: string;
  /** Where builds run (default auto: here when this is Linux with dnf and root, else the WSL builder). */
  builder?: BuilderMode;
  /** Picks the executor for each build and review instead of `builder` (tests inject a fake one). */
  executor?: () => Promise<BuildExecutor>;
  catalog?: CatalogSource[];
  distroLocations?: DistroLocations;
  platform?: NodeJS.Platform;
  osUserName?: string;
  revealPath?: (path: string) => void;
  openWindowsTerminal?: (distro: string) => Promise<void>;
  logBug?: BugLogger;
  /** The admin policy in effect, asked for on every use (default: the Group Policy key, or $AZL_WSL_POLICY). */
  policy?: () => Promise<AdminPolicy>;
  /** Where Help → Save diagnostics writes (default: Downloads, else the data folder). */
  diagnosticsDir?: string;
}

/** The system's file dialogs; each resolves undefined when the user cancels. */
export interface FileDialogs {
  openFile(purpose: OpenFilePurpose, defaultPath?: string): Promise<string | undefined>;
  saveFile(request: SaveFileRequest): Promise<string | undefined>;
}

/** Everything the shell needs: the router to bind to a transport, and one dispose. */
export interface AppServices {
  router: ApiRouter;
  jobs: JobManager;
  distros: DistroService;
  ptys: PtyManager;
  /** Cancels jobs (their engines clean up) and kills every pty. */
  dispose(): Promise<void>;
}

const defaultLog: BugLogger = (channel, error) => console.error(`[azl] ${channel} failed:`, error);

/** Wires the services for one app instance. */
export function composeServices(options: ComposeOptions): AppServices {
  const platform = options.platform ?? process.platform;
  const wslEnv = { ...options.wsl.env };
  const wsl: WslCallOptions = { wslPath: options.wsl.wslPath ?? DEFAULT_WSL_PATH, env: wslEnv };
  const distroLocations = options.distroLocations ?? defaultDistroLocations({ ...process.env, ...wslEnv });
  const records = new InstallRecords(join(options.dataDir, 'installed-distros.json'));
  // The output folder the user chose in an earlier session (settings.json), else the default.
  let outputDir = options.outputDir;
  let exportDir = options.exportDir ?? join(homedir(), 'Documents');
  const settingsStore = new SettingsStore(options.dataDir);
  const settingsLoaded = settingsStore.load().then((stored) => {
    if (stored.outputDir) outputDir = stored.outputDir;
    if (stored.exportDir) exportDir = stored.exportDir;
  });
  const osUserName = options.osUserName ?? wslEnv.USERNAME ?? process.env.USERNAME ?? userInfo().username;
  // Read on every use: Group Policy may change while the app runs. With the simulator's
  // environment this reads its HKLM stand-in, as the CLI does.
  const policyEnv = { ...process.env, ...wslEnv, AZL_WSL_DATA_DIR: process.env.AZL_WSL_DATA_DIR ?? options.dataDir };
  const policy = options.policy ?? (() => loadAdminPolicy({ env: policyEnv, registry: openRegistry({ env: policyEnv }) }));
  let lockedOutputDir: string | undefined;

  // Services report through the router, and the router routes to the services: declared first,
  // assigned once both exist.
  // eslint-disable-next-line prefer-const
  let router: ApiRouter | undefined;
  // A job may have added or changed a distribution: refresh main's list (pushed when it differs).
  const jobs = new JobManager({
    onUpdate: (job) => router?.broadcast('jobs.update', job),
    onLog: (lines) => router?.broadcast('jobs.log', lines),
    onFinished: (job) => {
      distros.refreshInBackground();
      // Kept for Help → Save diagnostics (the newest few, under the data folder).
      void writeJobLog(`${job.kind}-${job.id}`, (jobs.log(job.id) ?? []).map((line) => `[${line.stream}] ${line.text}`), policyEnv);
    },
  });
  const ptys = new PtyManager({
    spawn: options.spawnPty,
    wslPath: wsl.wslPath!,
    env: { ...process.env, ...wslEnv },
    sink: {
      data: (owner, payload) => router?.sendTo(owner, 'pty.data', payload),
      exit: (owner, payload) => router?.sendTo(owner, 'pty.exit', payload),
    },
  });
  const builds = new BuildService({
    catalog: options.catalog ?? standardCatalog(options.profilesDir),
    jobs,
    // A folder the policy fixes wins over the user's (settings.get shows it locked).
    outputDir: () => lockedOutputDir ?? outputDir,
    checkPlan: async (plan) => {
      const current = await policy();
      refuseIfBroken(current, repositoryVerdicts(current, plan.repositories.map((repository) => repository.url)));
    },
    repositories: options.repositories,
    gpgCheck: options.gpgCheck ?? true,
    cacheDir: options.cacheDir,
    // The builder distro's own data (and so the distro) is the CLI's: one builder per machine.
    executor: options.executor ?? (() => chooseExecutor(options.builder ?? 'auto', { wslPath: wsl.wslPath, env: wsl.env })),
  });
  const install = new InstallService({ jobs, records, wsl, distroLocations, policy });
  const distros = new DistroService({
    wsl,
    records,
    distroLocations,
    platform,
    revealPath: options.revealPath,
    openWindowsTerminal: options.openWindowsTerminal,
    onListChanged: (list) => router?.broadcast('distros.changed', list),
    onRefreshFailed: (error) => (options.logBug ?? defaultLog)('distros.refresh', error),
    jobs,
    exportDir: () => exportDir,
    // The next export proposes the folder the user exported to last.
    onExported: (file) => {
      exportDir = dirname(file);
      void settingsStore.save({ exportDir }).catch((error: unknown) => (options.logBug ?? defaultLog)('settings.save', error));
    },
  });
  const settings = async (): Promise<Settings> => {
    const locked = settingLocks(await policy());
    lockedOutputDir = locked.find((lock) => lock.name === 'outputDir')?.value;
    return {
      osUserName,
      suggestedUserName: suggestUserName(osUserName),
      platform,
      outputDir: locked.find((lock) => lock.name === 'outputDir')?.value ?? outputDir,
      exportDir,
      windowsTerminal: platform === 'win32' && options.openWindowsTerminal !== undefined,
      fileDialogs: options.dialogs !== undefined,
      locked,
    };
  };
  const saveDiagnostics = async (): Promise<{ path: string; files: number }> => {
    const downloads = join(homedir(), 'Downloads');
    const dir = options.diagnosticsDir ?? (existsSync(downloads) ? downloads : options.dataDir);
    const path = join(dir, `azl-wsl-diagnostics-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`);
    const manifests = Object.values(await records.all()).flatMap((record) => (record.manifestPath ? [record.manifestPath] : []));
    // Jobs of this session that are still running are not in the log folder yet.
    const running = jobs.list().filter((job) => job.state === 'running');
    const extraLogs = running.map((job) => ({ path: `running/${job.kind}-${job.id}.log`, text: (jobs.log(job.id) ?? []).map((line) => `[${line.stream}] ${line.text}`).join('\n') + '\n' }));
    const entries = await collectDiagnostics({ ...wsl, env: policyEnv, policy: await policy().catch((error: Error) => ({ source: `unreadable: ${error.message}` })), manifests, extraLogs });
    await writeDiagnosticsZip(entries, path);
    return { path, files: entries.length };
  };
  const dialogs = (): FileDialogs => {
    if (!options.dialogs) throw new AzlError('UNSUPPORTED', 'File dialogs exist only in the desktop app.', { hint: 'Type the full path instead.' });
    return options.dialogs;
  };
  const requireJob = (id: string): void => {
    if (!jobs.get(id)) throw new AzlError('NOT_FOUND', 'That job is not known to this session.');
  };

  const handlers: ApiHandlers = {
    'builds.catalog': () => builds.catalog(),
    'builds.inspectProfile': (_client, path) => builds.inspectProfile(path),
    'builds.startReview': (_client, source) => builds.startReview(source),
    'builds.start': async (_client, source, options) => {
      await settingsLoaded;
      await settings(); // brings the policy's output folder up to date
      return builds.start(source, options);
    },
    'install.checkName': (_client, request) => install.checkName(request),
    'install.checkAccount': (_client, draft) => install.checkAccount(draft),
    'install.start': (_client, request) => install.start(request),
    'distros.list': () => distros.list(),
    'distros.refresh': () => distros.refresh(),
    'distros.setDefault': (_client, name) => distros.setDefault(name),
    'distros.setDefaultUser': async (_client, name, user) => {
      const current = await policy();
      refuseIfBroken(current, defaultUserVerdicts(current, user));
      return distros.setDefaultUser(name, user);
    },
    'distros.accounts': (_client, name) => distros.accounts(name),
    'distros.checkExport': async (_client, name, file, format) => {
      await settingsLoaded;
      return distros.checkExport(name, file, format);
    },
    'distros.startExport': async (_client, name, file, format, replace) => {
      await settingsLoaded;
      return distros.startExport(name, file, format, replace);
    },
    'distros.startUpgrade': (_client, request) => distros.startUpgrade(request),
    'distros.startSnapshot': (_client, name, note) => distros.startSnapshot(name, note),
    'distros.snapshots': (_client, name) => distros.snapshots(name),
    'distros.terminate': (_client, name) => distros.terminate(name),
    'distros.unregister': (_client, name, typedName) => distros.unregister(name, typedName),
    'distros.showLocation': (_client, name) => distros.showLocation(name),
    'distros.openInWindowsTerminal': (_client, name) => distros.openInWindowsTerminal(name),
    'pty.open': (client, request) => ptys.open(client.id, request),
    'pty.write': (client, id, data) => ptys.write(client.id, id, data),
    'pty.resize': (client, id, cols, rows) => ptys.resize(client.id, id, cols, rows),
    'pty.ack': (client, id, chars) => ptys.acknowledge(client.id, id, chars),
    'pty.close': (client, id) => ptys.close(client.id, id),
    'jobs.list': () => jobs.list(),
    'jobs.cancel': (_client, id) => {
      requireJob(id);
      jobs.cancel(id);
    },
    'jobs.log': (_client, id) => {
      requireJob(id);
      return jobs.log(id)!;
    },
    'settings.get': async () => {
      await settingsLoaded;
      return settings();
    },
    'settings.update': async (_client, update) => {
      await settingsLoaded;
      refuseLockedChange(await policy(), 'outputDir', update.outputDir);
      if (update.outputDir !== undefined) {
        if (!isAbsolute(update.outputDir)) throw new AzlError('INVALID_ARGUMENT', 'The output folder must be a full path.');
        await settingsStore.save({ outputDir: update.outputDir });
        outputDir = update.outputDir;
      }
      if (update.exportDir !== undefined) {
        if (!isAbsolute(update.exportDir)) throw new AzlError('INVALID_ARGUMENT', 'The export folder must be a full path.');
        await settingsStore.save({ exportDir: update.exportDir });
        exportDir = update.exportDir;
      }
      return settings();
    },
    'diagnostics.save': () => saveDiagnostics(),
    'dialogs.openFile': (_client, purpose, defaultPath) => dialogs().openFile(purpose, defaultPath),
    'dialogs.saveFile': (_client, request) => dialogs().saveFile(request),
  };
  router = new ApiRouter(handlers, options.logBug);
  router.onClientClosed((clientId) => ptys.disposeOwner(clientId));
  // Read the list once at start, so the first window paints from it instead of waiting for wsl.exe.
  distros.refreshInBackground();

  return {
    router,
    jobs,
    distros,
    ptys,
    async dispose() {
      ptys.dispose();
      await jobs.dispose();
    },
  };
}
