/**
 * Which distributions this app installed, and from which image: WSL itself does not remember,
 * and the distro list shows the image, profile and build date of ours.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface InstallRecord {
  imagePath: string;
  manifestPath?: string;
  installedAt: string;
}

/** A small JSON file of records, keyed by distribution name (lower-cased: WSL names ignore case). */
export class InstallRecords {
  constructor(private readonly file: string) {}

  async all(): Promise<Record<string, InstallRecord>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, InstallRecord>;
    } catch {
      return {};
    }
  }

  async get(name: string): Promise<InstallRecord | undefined> {
    return (await this.all())[name.toLowerCase()];
  }

  async set(name: string, record: InstallRecord): Promise<void> {
    const records = await this.all();
    records[name.toLowerCase()] = record;
    await this.save(records);
  }

  async remove(name: string): Promise<void> {
    const records = await this.all();
    if (!(name.toLowerCase() in records)) return;
    delete records[name.toLowerCase()];
    await this.save(records);
  }

  private async save(records: Record<string, InstallRecord>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(records, null, 2));
    await rename(temp, this.file);
  }
}
