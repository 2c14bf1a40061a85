/** The distro list and its actions, over the wsl engine's driver verbs. */
import type { DistroInfo, ExportFormat } from '../contract/api.js';
import { ApiFailure } from '../contract/result.js';
import type { InstallRecords } from './install-records.js';
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
}

/**
 * List, set default, set default user, export, terminate, unregister, locate.
 *
 * Main owns the truth about the list: it keeps the last one `wsl.exe -l -v` gave (a call costs
 * a process start, hundreds of ms) and answers `list()` from it, so a window paints at once.
 * `refresh()` asks wsl.exe again (at start, on focus, after every job and action, when asked)
 * and pushes the new list through `onListChanged` when it differs.
 */
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
      throw new ApiFailure('USER_NAME_INVALID', `There is no user "${user}" in ${distro}.`, { hint: 'Check the spelling, or create the account first.' });
    }
    const outcome = await setDefaultUser(distro, user, this.options.wsl);
    if (outcome === 'unsupported') {
      throw new ApiFailure('UNSUPPORTED', 'This version of WSL cannot change the default user.', { hint: 'Update WSL with "wsl --update", or set [user] default in /etc/wsl.conf.' });
    }
    await this.refreshAfterChange();
  }

  /** `wsl --export` as gzip tar: a `.wsl` file is exactly that. */
  async exportTo(name: string, file: string, format: ExportFormat): Promise<string> {
    const expected = format === 'wsl' ? '.wsl' : '.tar.gz';
    if (!file.toLowerCase().endsWith(expected)) {
      throw new ApiFailure('INVALID_ARGUMENT', `The export file name must end in ${expected}.`, { hint: `Add ${expected} to the file name.` });
    }
    await exportDistro({ ...this.options.wsl, name: await this.existing(name), file, format: 'tar.gz' });
    await this.refreshAfterChange();
    return file;
  }

  async terminate(name: string): Promise<void> {
    await terminateDistro(await this.existing(name), this.options.wsl);
    await this.refreshAfterChange();
  }

  /** Deletes the distribution and its disk, only when the user typed its exact name. */
  async unregister(name: string, typedName: string): Promise<void> {
    if (typedName !== name) {
      throw new ApiFailure('CONFIRMATION_MISMATCH', `Type "${name}" exactly to confirm; the distribution was not removed.`);
    }
    const distro = await this.existing(name);
    await unregisterDistro(distro, this.options.wsl);
    await this.options.records.remove(distro);
    await this.refreshAfterChange();
  }

  async showLocation(name: string): Promise<string> {
    const distro = await this.existing(name);
    const location = (await this.options.distroLocations.list()).find((entry) => entry.name.toLowerCase() === distro.toLowerCase());
    if (!location) throw new ApiFailure('NOT_FOUND', `WSL does not say where ${distro} is stored.`, { hint: 'Look under %LOCALAPPDATA%\\Packages or the folder chosen at install.' });
    this.options.revealPath?.(location.basePath);
    return location.basePath;
  }

  async openInWindowsTerminal(name: string): Promise<void> {
    if (this.options.platform !== 'win32' || !this.options.openWindowsTerminal) {
      throw new ApiFailure('UNSUPPORTED', 'Windows Terminal is only available on Windows.', { hint: 'Use "Open terminal" to get a terminal inside this app.' });
    }
    await this.options.openWindowsTerminal(await this.existing(name));
  }

  /** After an action the caller's next `list()` must already show its effect. */
  private async refreshAfterChange(): Promise<void> {
    await this.refresh().catch((error: unknown) => this.options.onRefreshFailed?.(error));
  }

  private async existing(name: string): Promise<string> {
    const entry = await findDistro(name, this.options.wsl);
    if (!entry) {
      // Removed outside the app: the snapshot still shows it, so read the list again.
      this.refreshInBackground();
      throw new ApiFailure('DISTRO_NOT_FOUND', `There is no WSL distribution named "${name}".`, { hint: 'Refresh the list; it may have been removed outside the app.' });
    }
    return entry.name;
  }
}
