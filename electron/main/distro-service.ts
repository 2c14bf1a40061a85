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
  /** Called after every change, so every window refreshes its list. */
  onChanged: () => void;
}

/** List, set default, set default user, export, terminate, unregister, locate. */
export class DistroService {
  constructor(private readonly options: DistroServiceOptions) {}

  async list(): Promise<DistroInfo[]> {
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
    this.options.onChanged();
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
    this.options.onChanged();
  }

  /** `wsl --export` as gzip tar: a `.wsl` file is exactly that. */
  async exportTo(name: string, file: string, format: ExportFormat): Promise<string> {
    const expected = format === 'wsl' ? '.wsl' : '.tar.gz';
    if (!file.toLowerCase().endsWith(expected)) {
      throw new ApiFailure('INVALID_ARGUMENT', `The export file name must end in ${expected}.`, { hint: `Add ${expected} to the file name.` });
    }
    await exportDistro({ ...this.options.wsl, name: await this.existing(name), file, format: 'tar.gz' });
    this.options.onChanged();
    return file;
  }

  async terminate(name: string): Promise<void> {
    await terminateDistro(await this.existing(name), this.options.wsl);
    this.options.onChanged();
  }

  /** Deletes the distribution and its disk, only when the user typed its exact name. */
  async unregister(name: string, typedName: string): Promise<void> {
    if (typedName !== name) {
      throw new ApiFailure('CONFIRMATION_MISMATCH', `Type "${name}" exactly to confirm; the distribution was not removed.`);
    }
    const distro = await this.existing(name);
    await unregisterDistro(distro, this.options.wsl);
    await this.options.records.remove(distro);
    this.options.onChanged();
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

  private async existing(name: string): Promise<string> {
    const entry = await findDistro(name, this.options.wsl);
    if (!entry) {
      throw new ApiFailure('DISTRO_NOT_FOUND', `There is no WSL distribution named "${name}".`, { hint: 'Refresh the list; it may have been removed outside the app.' });
    }
    return entry.name;
  }
}
