/** The registered distributions as main last reported them, and the actions on them. */
import type { ApiError, DistroAccounts, DistroInfo, ExportCheck, ExportFormat, JobInfo, JobKind, Result, SnapshotSummary, UpgradeRequest } from '../../electron/contract/api.js';
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
  /** Starts an upgrade job; progress as job updates, the outcome as a notice. */
  startUpgrade(request: UpgradeRequest): Promise<Result<JobInfo>>;
  /** Starts a snapshot job. */
  startSnapshot(name: string, note: string): Promise<Result<JobInfo>>;
  /** A distribution's snapshots, newest first. */
  distroSnapshots(name: string): Promise<Result<SnapshotSummary[]>>;
  /** The list's part of the job-finished hook: a succeeded export, upgrade or snapshot says what it did above the list. */
  distroJobFinished(job: JobInfo): void;
  /** The users of a distribution and who it starts as (the default-user dialog). */
  distroAccounts(name: string): Promise<Result<DistroAccounts>>;
  terminateDistro(name: string): Promise<ApiError | undefined>;
  unregisterDistro(name: string, typedName: string): Promise<ApiError | undefined>;
  showDistroLocation(name: string): Promise<ApiError | undefined>;
  openInWindowsTerminal(name: string): Promise<ApiError | undefined>;
  /** Forgets the notice (the user moved on to another view). */
  clearDistroNotice(): void;
}

const megabytes = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);

/** What the list says when a job started from a card succeeds, per kind of job. */
const SUCCESS_NOTICES: Partial<Record<JobKind, (job: JobInfo) => string | undefined>> = {
  export: ({ exported, distro }) => exported && `${distro ?? 'The distribution'} was exported to ${exported.path} (${megabytes(exported.bytes)} MB).`,
  upgrade: ({ upgraded }) =>
    upgraded && `${upgraded.distro} now runs ${upgraded.image}${upgraded.defaultUser ? ` and starts as ${upgraded.defaultUser}` : ''}; the snapshot ${upgraded.snapshotId} was taken first.`,
  snapshot: ({ snapshot }) => snapshot && `Snapshot ${snapshot.id} of ${snapshot.distro} taken (${megabytes(snapshot.sizeBytes)} MB).`,
};

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
    startExport: async (name, file, format, replace) => get().adoptJob(await api.distros.startExport(name, file, format, replace)),
    startUpgrade: async (request) => get().adoptJob(await api.distros.startUpgrade(request)),
    startSnapshot: async (name, note) => get().adoptJob(await api.distros.startSnapshot(name, note)),
    distroSnapshots: (name) => api.distros.snapshots(name),
    distroJobFinished(job) {
      const text = job.state === 'succeeded' ? SUCCESS_NOTICES[job.kind]?.(job) : undefined;
      if (text) set({ distroNotice: { kind: 'success', text } });
    },
    distroAccounts: (name) => api.distros.accounts(name),
    terminateDistro: (name) => act(api.distros.terminate(name), () => `${name} was stopped.`),
    unregisterDistro: (name, typedName) => act(api.distros.unregister(name, typedName), () => `${name} and its disk were removed.`, 'dialog'),
    showDistroLocation: (name) => act(api.distros.showLocation(name), (path) => `${name} is stored in ${path}`),
    openInWindowsTerminal: (name) => act(api.distros.openInWindowsTerminal(name), () => `Opened ${name} in Windows Terminal.`),
    clearDistroNotice: () => set({ distroNotice: undefined }),
  };
};
