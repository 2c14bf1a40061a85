/** The distro list and its actions, over the wsl engine's driver verbs. */
import { constants } from 'node:fs';
import { access, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, win32 } from 'node:path';
import type { DistroAccounts, DistroInfo, ExportCheck, ExportFormat, JobInfo, SnapshotSummary, UpgradeRequest } from '../contract/api.js';
import { AzlError } from '../../common/errors.js';
import type { InstallRecords } from './install-records.js';
import type { JobManager } from './job-manager.js';
import { runStep } from '../../common/progress.js';
import { isPersonUid } from '../../common/account-rules.js';
import { execChecked } from '../../wsl/driver/wsl-exec.js';
import { parsePasswd } from '../../wsl/account/validate-account.js';
import type { WslCallOptions } from '../../wsl/driver/wsl-runner.js';
import { findDistro, listDistros } from '../../wsl/driver/wsl-list.js';
import { setDefaultDistro } from '../../wsl/driver/wsl-set-default.js';
import { setDefaultUser } from '../../wsl/driver/wsl-manage.js';
import { readPasswd } from '../../wsl/account/setup-first-account.js';
import { exportDistro } from '../../wsl/driver/wsl-export.js';
import { terminateDistro } from '../../wsl/driver/wsl-terminate.js';
import { unregisterDistro } from '../../wsl/driver/wsl-unregister.js';
import type { DistroLocations } from '../../wsl/preflight/distro-locations.js';
import { readManifest } from '../../rootfs/manifest/image-manifest.js';
import { upgradeDistro } from '../../wsl/lifecycle/upgrade-distro.js';
import { snapshotStoreFor, takeSnapshot } from '../../wsl/lifecycle/take-snapshot.js';
import type { SnapshotInfo } from '../../wsl/lifecycle/snapshot-store.js';

export interface DistroServiceOptions {
  wsl: WslCallOptions;
  records: InstallRecords;
  distroLocations: DistroLocations;
  platform: NodeJS.Platform;
  /** Shows a folder in the OS file manager (Electron's shell.showItemInFolder); absent in the web host. */
  revealPath?: (path: string) => void;
  /** Opens Windows Terminal on a distribution (Windows only). */
  openWindowsTerminal?: (distro: string) => Promise<void>;
  /** Called with the new list whenever a refresh finds it different from the last one. */
  onListChanged: (distros: DistroInfo[]) => void;
  /** Background refreshes that fail keep the last list; this hears why (main's log). */
  onRefreshFailed?: (error: unknown) => void;
  /** Export jobs run here (progress, cancel). */
  jobs: JobManager;
  /** Where exports go by default (Documents, or the folder the user chose); relative names go there too. */
  exportDir: () => string;
  /** Hears each finished export's file (main remembers its folder for the next one). */
  onExported?: (file: string) => void;
}

/** How often a running export's file size is read for its progress line. */
const EXPORT_PROGRESS_INTERVAL_MS = 500;

const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { wsl: '.wsl', 'tar.gz': '.tar.gz' };

function isFullPath(path: string): boolean {
  return isAbsolute(path) || win32.isAbsolute(path);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** What the renderer needs of a snapshot. */
function snapshotSummary(info: SnapshotInfo): SnapshotSummary {
  return {
    id: info.id,
    distro: info.distro,
    createdAt: info.createdAt,
    ...(info.note ? { note: info.note } : {}),
    reason: info.reason,
    sizeBytes: info.sizeBytes,
    ...(info.defaultUser ? { defaultUser: info.defaultUser } : {}),
  };
}

/** Today as YYYY-MM-DD, for default export names (a backup per day reads well in a folder). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * List, set default, set default user, export, terminate, unregister, locate.
 *
 * Main owns the truth about the list: it keeps the last one `wsl.exe -l -v` gave (a call costs
 * a process start, hundreds of ms) and answers `list()` from it, so a window paints at once.
 * `refresh()` asks wsl.exe again (at start, on focus, after every job and action, when asked)
 * and pushes the new list through `onListChanged` when it differs.
 */
async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export class DistroService {
  private snapshot?: DistroInfo[];
  private inFlight?: Promise<DistroInfo[]>;
  private queued?: Promise<DistroInfo[]>;

  constructor(private readonly options: DistroServiceOptions) {}

  /** The last known list; reads wsl.exe only when there is none yet. */
  async list(): Promise<DistroInfo[]> {
    return this.snapshot ?? this.refresh();
  }

  /**
   * Reads the list from wsl.exe and replaces the snapshot. A call made while a read runs gets
   * one more read after it (that read may have started before the change the caller knows of);
   * any number of such calls share that one read.
   */
  refresh(): Promise<DistroInfo[]> {
    if (this.inFlight) {
      this.queued ??= this.inFlight
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.refresh();
        });
      return this.queued;
    }
    const read = this.read().then(
      (distros) => {
        this.inFlight = undefined;
        const changed = this.snapshot === undefined || JSON.stringify(this.snapshot) !== JSON.stringify(distros);
        this.snapshot = distros;
        if (changed) this.options.onListChanged(distros);
        return distros;
      },
      (error: unknown) => {
        this.inFlight = undefined;
        throw error;
      },
    );
    this.inFlight = read;
    return read;
  }

  /** A refresh nobody waits for: a failure keeps the last list and is only logged. */
  refreshInBackground(): void {
    this.refresh().catch((error: unknown) => this.options.onRefreshFailed?.(error));
  }

  private async read(): Promise<DistroInfo[]> {
    const [entries, records, locations] = await Promise.all([
      listDistros(this.options.wsl),
      this.options.records.all(),
      this.options.distroLocations.list().catch(() => []),
    ]);
    return Promise.all(
      entries.map(async (entry): Promise<DistroInfo> => {
        const info: DistroInfo = { name: entry.name, state: entry.state, version: entry.version, isDefault: entry.isDefault };
        const location = locations.find((candidate) => candidate.name.toLowerCase() === entry.name.toLowerCase());
        if (location) info.location = location.basePath;
        const record = records[entry.name.toLowerCase()];
        if (record?.manifestPath) {
          // A moved or deleted manifest only loses the extra columns, never the distro row.
          const manifest = await readManifest(record.manifestPath).catch(() => undefined);
          if (manifest) {
            info.ours = {
              imagePath: record.imagePath,
              profile: `${manifest.profile.imageName} / ${manifest.profile.profileName}`,
              imageName: manifest.output.file,
              builtAt: manifest.builtAt,
              packageCount: manifest.packages.length,
            };
          }
        }
        return info;
      }),
    );
  }

  async setDefault(name: string): Promise<void> {
    await setDefaultDistro(await this.existing(name), this.options.wsl);
    await this.refreshAfterChange();
  }

  async setDefaultUser(name: string, user: string): Promise<void> {
    const distro = await this.existing(name);
    const passwd = await readPasswd(distro, this.options.wsl);
    if (!passwd.some((entry) => entry.name === user)) {
      throw new AzlError('USER_NAME_INVALID', `There is no user "${user}" in ${distro}.`, { hint: 'Check the spelling, or create the account first.' });
    }
    const outcome = await setDefaultUser(distro, user, this.options.wsl);
    if (outcome === 'unsupported') {
      throw new AzlError('UNSUPPORTED', 'This version of WSL cannot change the default user.', { hint: 'Update WSL with "wsl --update", or set [user] default in /etc/wsl.conf.' });
    }
    await this.refreshAfterChange();
  }

  /** The users of a distribution and who it starts as, in one wsl.exe call (as its default user: passwd is world-readable). */
  async accounts(name: string): Promise<DistroAccounts> {
    const distro = await this.existing(name);
    const result = await execChecked({ ...this.options.wsl, distro, name: 'read accounts', command: ['sh', '-c', 'id -un && cat /etc/passwd'] });
    const [defaultUser = 'root', ...passwd] = result.stdout.toString('utf8').split('\n');
    const users = parsePasswd(passwd.join('\n')).filter((entry) => entry.uid === 0 || isPersonUid(entry.uid));
    return { users: users.map((entry) => ({ name: entry.name, uid: entry.uid })).sort((a, b) => a.uid - b.uid), defaultUser: defaultUser.trim() };
  }

  /**
   * Where an export would go and whether it can: an empty name is the default file in the export
   * folder, a relative name goes into that folder, a name without an extension gets the format's.
   * Problems are sentences for the dialog, found before anything is sent to wsl.exe.
   */
  async checkExport(name: string, file: string, format: ExportFormat): Promise<ExportCheck> {
    const folder = this.options.exportDir();
    const extension = EXPORT_EXTENSIONS[format];
    const trimmed = file.trim();
    let path: string;
    if (trimmed === '') {
      path = join(folder, `${name}-${today()}${extension}`);
      for (let n = 2; await exists(path); n++) path = join(folder, `${name}-${today()}-${n}${extension}`);
    } else {
      path = isFullPath(trimmed) ? trimmed : join(folder, trimmed);
    }
    const check = (problem?: string, replaces = false): ExportCheck => ({ path, folder, replaces, ...(problem ? { problem } : {}) });
    if ((await stat(path).catch(() => undefined))?.isDirectory()) return check(`${path} is a folder. Add a file name, such as ${join(path, `${name}${extension}`)}.`);
    // A name without an extension gets the format's ("backup" → "backup.wsl").
    if (!/\.(wsl|tar\.gz|tgz|tar|gz)$/i.test(basename(path))) path += extension;
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) return check(`${path} is a folder. Add a file name, such as ${join(path, `${name}${extension}`)}.`);
    if (!path.toLowerCase().endsWith(extension)) {
      return check(`The file name ends in ${/(\.[^.\\/]+)$/.exec(path)?.[1] ?? 'another extension'}, but the format is ${extension}. Change the name or the format.`);
    }
    const parent = dirname(path);
    const parentInfo = await stat(parent).catch(() => undefined);
    if (!parentInfo) return check(`The folder ${parent} does not exist. Create it first, or choose another folder.`);
    if (!parentInfo.isDirectory()) return check(`${parent} is a file, not a folder.`);
    try {
      await access(parent, constants.W_OK);
    } catch {
      return check(`You cannot write to the folder ${parent}. Choose a folder of your own, such as your Documents.`);
    }
    return check(undefined, Boolean(info));
  }

  /**
   * `wsl --export` as a job. The driver writes a temporary name beside the target (named here, so
   * its growth is the progress) and renames it into place only when it succeeded: a failed or
   * cancelled export leaves no partial file and never damages a file it was going to replace,
   * which it does only when `replace` says so. A `.wsl` is a gzip tar, so both formats are tar.gz.
   */
  async startExport(name: string, file: string, format: ExportFormat, replace = false): Promise<JobInfo> {
    const distro = await this.existing(name);
    const target = await this.checkExport(distro, file, format);
    if (target.problem) throw new AzlError('OUTPUT_UNWRITABLE', target.problem, { hint: 'Choose another file; nothing was exported.' });
    // An existing file is replaced only when the user said so (the driver refuses otherwise).
    if (target.replaces && !replace) throw new AzlError('OUTPUT_EXISTS', `${target.path} already exists.`, { hint: 'Choose another name, or confirm that the export replaces it; nothing was changed.' });
    const partial = join(dirname(target.path), `.${basename(target.path, EXPORT_EXTENSIONS[format])}.azl-export-${randomBytes(6).toString('hex')}${EXPORT_EXTENSIONS[format]}`);
    return this.options.jobs.start('export', `Export ${distro}`, async (context) => {
      try {
        await runStep(context, 'export', `Exporting ${distro} to ${basename(target.path)}`, async (report) => {
          // wsl.exe says nothing while it writes: the file's growth is the progress.
          const timer = setInterval(() => {
            void stat(partial).then((info) => report(undefined, `${formatBytes(info.size)} written`), () => undefined);
          }, EXPORT_PROGRESS_INTERVAL_MS);
          try {
            await exportDistro({ ...this.options.wsl, signal: context.signal, name: distro, file: target.path, format: 'tar.gz', replace, temporaryFile: partial });
          } finally {
            clearInterval(timer);
          }
        });
      } catch (error) {
        await rm(partial, { force: true }).catch(() => undefined);
        throw error;
      }
      const bytes = (await stat(target.path)).size;
      context.log(`Exported ${distro} to ${target.path} (${formatBytes(bytes)}).`);
      this.options.onExported?.(target.path);
      return { distro, exported: { path: target.path, bytes } };
    });
  }

  async terminate(name: string): Promise<void> {
    await terminateDistro(await this.existing(name), this.options.wsl);
    await this.refreshAfterChange();
  }

  /** Deletes the distribution and its disk, only when the user typed its exact name. */
  async unregister(name: string, typedName: string): Promise<void> {
    if (typedName !== name) {
      throw new AzlError('CONFIRMATION_MISMATCH', `Type "${name}" exactly to confirm; the distribution was not removed.`);
    }
    const distro = await this.existing(name);
    await unregisterDistro(distro, this.options.wsl);
    await this.options.records.remove(distro);
    await this.refreshAfterChange();
  }

  async showLocation(name: string): Promise<string> {
    const distro = await this.existing(name);
    const location = (await this.options.distroLocations.list()).find((entry) => entry.name.toLowerCase() === distro.toLowerCase());
    if (!location) throw new AzlError('NOT_FOUND', `WSL does not say where ${distro} is stored.`, { hint: 'Look under %LOCALAPPDATA%\\Packages or the folder chosen at install.' });
    this.options.revealPath?.(location.basePath);
    return location.basePath;
  }

  async openInWindowsTerminal(name: string): Promise<void> {
    if (this.options.platform !== 'win32' || !this.options.openWindowsTerminal) {
      throw new AzlError('UNSUPPORTED', 'Windows Terminal is only available on Windows.', { hint: 'Use "Open terminal" to get a terminal inside this app.' });
    }
    await this.options.openWindowsTerminal(await this.existing(name));
  }

  /** After an action the caller's next `list()` must already show its effect. */
  private async refreshAfterChange(): Promise<void> {
    await this.refresh().catch((error: unknown) => this.options.onRefreshFailed?.(error));
  }

  /**
   * `azl-wsl upgrade` as a job: the engine's steps are the job's steps. Cancel is honoured
   * until the old registration is about to be replaced (the engine rolls back, the distribution
   * is as it was); after that the upgrade finishes, as a crash there would be finished.
   */
  async startUpgrade(request: UpgradeRequest): Promise<JobInfo> {
    const distro = await this.existing(request.name);
    if (!(await exists(request.image))) throw new AzlError('ARCHIVE_INVALID', `The image ${request.image} does not exist.`, { hint: 'Choose the new .wsl image; nothing was changed.' });
    return this.options.jobs.start('upgrade', `Upgrade ${distro}`, async (context) => {
      const result = await upgradeDistro({ ...this.options.wsl, signal: context.signal, onProgress: context.onProgress, distro, file: request.image, keep: request.keep });
      if (result.recovered) context.log(result.recovered);
      context.log(`Upgraded ${distro}; the snapshot ${result.snapshot.id} was taken first.`);
      for (const change of result.etcChanges) context.log(`Review: ${change.path} (${change.kind === 'changed' ? 'changed' : 'not in the new image'}) was not carried over.`);
      return {
        distro,
        upgraded: {
          distro,
          image: result.image.name ?? basename(result.image.file),
          ...(result.defaultUser ? { defaultUser: result.defaultUser } : {}),
          snapshotId: result.snapshot.id,
          carried: result.carried,
          etcChanges: result.etcChanges,
          ...(result.recovered ? { recovered: result.recovered } : {}),
        },
      };
    });
  }

  /** `azl-wsl snapshot` as a job. */
  async startSnapshot(name: string, note: string): Promise<JobInfo> {
    const distro = await this.existing(name);
    return this.options.jobs.start('snapshot', `Snapshot ${distro}`, async (context) => {
      const info = await takeSnapshot({ ...this.options.wsl, signal: context.signal, onProgress: context.onProgress, distro, ...(note.trim() ? { note: note.trim() } : {}) });
      context.log(`Snapshot ${info.id} of ${distro} taken (${formatBytes(info.sizeBytes)}).`);
      return { distro, snapshot: snapshotSummary(info) };
    });
  }

  /** The distribution's snapshots, newest first. */
  async snapshots(name: string): Promise<SnapshotSummary[]> {
    return (await snapshotStoreFor(this.options.wsl).list(name)).map(snapshotSummary);
  }

  private async existing(name: string): Promise<string> {
    const entry = await findDistro(name, this.options.wsl);
    if (!entry) {
      // Removed outside the app: the snapshot still shows it, so read the list again.
      this.refreshInBackground();
      throw new AzlError('DISTRO_NOT_FOUND', `There is no WSL distribution named "${name}".`, { hint: 'Refresh the list; it may have been removed outside the app.' });
    }
    return entry.name;
  }
}
