/**
 * The user's settings (the output folder for built images, the export folder), kept across sessions in `settings.json`
 * under the app's data folder. A missing, unreadable or hand-broken file means defaults, never
 * a failed start; unknown keys are kept so an older app does not drop a newer one's settings.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

/** What is persisted; every key optional (absent = the app's default). */
export interface StoredSettings {
  outputDir?: string;
  /** The folder exports go into by default (the last one the user exported to). */
  exportDir?: string;
}

/** The file name under the data folder. */
export const SETTINGS_FILE = 'settings.json';

/** Reads and writes `settings.json` in one data folder. */
export class SettingsStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, SETTINGS_FILE);
  }

  /** The stored settings; values that are not usable (a relative path, a number) are left out. */
  async load(): Promise<StoredSettings> {
    const raw = await this.readRaw();
    const settings: StoredSettings = {};
    if (typeof raw.outputDir === 'string' && isAbsolute(raw.outputDir)) settings.outputDir = raw.outputDir;
    if (typeof raw.exportDir === 'string' && isAbsolute(raw.exportDir)) settings.exportDir = raw.exportDir;
    return settings;
  }

  /** Merges `update` into the file (written whole to a temporary file, then renamed over it). */
  async save(update: StoredSettings): Promise<void> {
    const merged = { ...(await this.readRaw()), ...update };
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(merged, null, 2)}\n`);
    await rename(temp, this.file);
  }

  private async readRaw(): Promise<Record<string, unknown>> {
    try {
      const value: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
}
