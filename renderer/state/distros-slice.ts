/** The registered distributions as main last reported them, and the actions on them. */
import type { ApiError, DistroAccounts, DistroInfo, ExportCheck, ExportFormat, JobInfo, Result, SnapshotSummary, UpgradeRequest } from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';

export interface DistroNotice {
  kind: 'success' | 'error';
  text: string;
  error?: ApiError;
}

export interface DistrosSlice {
  distros: DistroInfo[];
  distrosLoaded: boolean;
  distrosError?: ApiError;
  /** The outcome of the last action, shown above the list. */
  distroNotice?: DistroNotice;
  /** Main's last known list (answered at once, without waiting for wsl.exe). */
  loadDistros(): Promise<void>;
  /** Asks main to read the list from wsl.exe now (Refresh, window focus). */
  refreshDistros(): Promise<void>;
  /** A list main pushed because it changed. */
  applyDistros(distros: DistroInfo[]): void;
  /** The answer to a list call made elsewhere (the page's first one, made before the store existed). */
  takeDistros(result: Result<DistroInfo[]>): void;
  /** Each action resolves with its error (undefined on success); the buttons' errors also show above the list. */
  setDefaultDistro(name: string): Promise<ApiError | undefined>;
  /** Dialog actions: the dialog shows the error itself, the list only the success. */
  setDefaultUser(name: string, user: string): Promise<ApiError | undefined>;
  /** Main's answer about an export target (empty file: the default one), or the error. */
  checkExport(name: string, file: string, format: ExportFormat): Promise<Result<ExportCheck>>;
  /** Starts an export job; its progress arrives as job updates, its end as a notice. */
  startExport(name: string, file: string, format: ExportFormat, replace: boolean): Promise<Result<JobInfo>>;
  /** Called for every finished export job: the list says where the file went. */
  exportJobFinished(job: JobInfo): void;
  /** Starts an upgrade job; progress as job updates, the outcome as a notice. */
  startUpgrade(request: UpgradeRequest): Promise<Result<JobInfo>>;
  /** Starts a snapshot job. */
  startSnapshot(name: string, note: string): Promise<Result<JobInfo>>;
  /** A distribution's snapshots, newest first. */
  distroSnapshots(name: string): Promise<Result<SnapshotSummary[]>>;
  /** Called for every finished upgrade or snapshot job: the list says what happened. */
  lifecycleJobFinished(job: JobInfo): void;
  /** The users of a distribution and who it starts as (the default-user dialog). */
  distroAccounts(name: string): Promise<Result<DistroAccounts>>;
  terminateDistro(name: string): Promise<ApiError | undefined>;
  unregisterDistro(name: string, typedName: string): Promise<ApiError | undefined>;
  showDistroLocation(name: string): Promise<ApiError | undefined>;
  openInWindowsTerminal(name: string): Promise<ApiError | undefined>;
  /** Forgets the notice (the user moved on to another view). */
  clearDistroNotice(): void;
}

export const createDistrosSlice: SliceCreator<DistrosSlice> = (set, get, api) => {
  /**
   * Runs one action, records its outcome as a notice, and shows the list main refreshed after
   * it. A dialog's error stays in the dialog (`where: 'dialog'`), so the page shows it only once.
   */
  const act = async <T>(call: Promise<Result<T>>, success: (value: T) => string, where: 'page' | 'dialog' = 'page'): Promise<ApiError | undefined> => {
    const result = await call;
    if (result.ok) set({ distroNotice: { kind: 'success', text: success(result.value) } });
    else if (where === 'page') set({ distroNotice: { kind: 'error', text: result.error.message, error: result.error } });
    await get().loadDistros();
    return result.ok ? undefined : result.error;
  };
  const show = (result: Result<DistroInfo[]>): void => {
    if (result.ok) set({ distros: result.value, distrosLoaded: true, distrosError: undefined });
    else set({ distrosError: result.error, distrosLoaded: true });
  };
  return {
    distros: [],
    distrosLoaded: false,
    async loadDistros() {
      show(await api.distros.list());
    },
    async refreshDistros() {
      show(await api.distros.refresh());
    },
    applyDistros: (distros) => set({ distros, distrosLoaded: true, distrosError: undefined }),
    takeDistros: (result) => show(result),
    setDefaultDistro: (name) => act(api.distros.setDefault(name), () => `${name} is now the default distribution.`),
    setDefaultUser: (name, user) => act(api.distros.setDefaultUser(name, user), () => `${name} now starts as ${user}.`, 'dialog'),
    checkExport: (name, file, format) => api.distros.checkExport(name, file, format),
    async startExport(name, file, format, replace) {
      const result = await api.distros.startExport(name, file, format, replace);
      if (result.ok && !get().jobs[result.value.id]) get().applyJobUpdate(result.value);
      return result;
    },
    exportJobFinished(job) {
      if (job.kind !== 'export' || job.state !== 'succeeded' || !job.exported) return;
      const megabytes = (job.exported.bytes / 1024 ** 2).toFixed(1);
      set({ distroNotice: { kind: 'success', text: `${job.distro ?? 'The distribution'} was exported to ${job.exported.path} (${megabytes} MB).` } });
    },
    async startUpgrade(request) {
      const result = await api.distros.startUpgrade(request);
      if (result.ok && !get().jobs[result.value.id]) get().applyJobUpdate(result.value);
      return result;
    },
    async startSnapshot(name, note) {
      const result = await api.distros.startSnapshot(name, note);
      if (result.ok && !get().jobs[result.value.id]) get().applyJobUpdate(result.value);
      return result;
    },
    distroSnapshots: (name) => api.distros.snapshots(name),
    lifecycleJobFinished(job) {
      if (job.state !== 'succeeded') return;
      if (job.kind === 'upgrade' && job.upgraded) {
        set({ distroNotice: { kind: 'success', text: `${job.upgraded.distro} now runs ${job.upgraded.image}${job.upgraded.defaultUser ? ` and starts as ${job.upgraded.defaultUser}` : ''}; the snapshot ${job.upgraded.snapshotId} was taken first.` } });
      } else if (job.kind === 'snapshot' && job.snapshot) {
        set({ distroNotice: { kind: 'success', text: `Snapshot ${job.snapshot.id} of ${job.snapshot.distro} taken (${(job.snapshot.sizeBytes / 1024 ** 2).toFixed(1)} MB).` } });
      }
    },
    distroAccounts: (name) => api.distros.accounts(name),
    terminateDistro: (name) => act(api.distros.terminate(name), () => `${name} was stopped.`),
    unregisterDistro: (name, typedName) => act(api.distros.unregister(name, typedName), () => `${name} and its disk were removed.`, 'dialog'),
    showDistroLocation: (name) => act(api.distros.showLocation(name), (path) => `${name} is stored in ${path}`),
    openInWindowsTerminal: (name) => act(api.distros.openInWindowsTerminal(name), () => `Opened ${name} in Windows Terminal.`),
    clearDistroNotice: () => set({ distroNotice: undefined }),
  };
};
