/**
 * WSL's own catalog format, `DistributionInfo.json` (microsoft/WSL distributions/,
 * src/windows/common/Distribution.h): `ModernDistributions` maps a flavor to its entries
 * `{Name, FriendlyName, Default, Amd64Url: {Url, Sha256}, Arm64Url}`; legacy `Distributions`
 * and the top-level `Default` are kept untouched when a manifest is rewritten.
 *
 * Two details of how wsl.exe reads a manifest shape how this module writes one:
 * - a local (`file://`) manifest is read byte by byte as characters, so anything outside ASCII
 *   would arrive mangled: non-ASCII text is written as `\uXXXX` escapes;
 * - a field of the wrong type fails the whole manifest (and every `wsl --install` with it), so
 *   parsing is as strict as WSL's and names the first bad field.
 */
import { AzlError } from '../../common/errors.js';
import { isWslDistroName } from '../../common/distro-names.js';

export interface ManifestArchive {
  Url: string;
  /** Hex SHA-256 of the file; WSL also accepts a `0x` prefix and either case. */
  Sha256: string;
}

export interface ModernDistribution {
  Name: string;
  FriendlyName: string;
  Default?: boolean;
  Amd64Url?: ManifestArchive;
  Arm64Url?: ManifestArchive;
}

export interface DistributionManifest {
  ModernDistributions?: Record<string, ModernDistribution[]>;
  /** Legacy (Store/appx) entries: never written by azl-wsl, kept as they are. */
  Distributions?: unknown[];
  /** Legacy default for a bare `wsl --install`. */
  Default?: string;
}

/** The manifest's conventional file name, as in microsoft/WSL. */
export const MANIFEST_FILE_NAME = 'DistributionInfo.json';

/** The keys validate-modern.py allows in an entry. */
const ENTRY_KEYS = ['Name', 'FriendlyName', 'Default', 'Amd64Url', 'Arm64Url'];
const SHA256_PATTERN = /^(0x)?[0-9a-fA-F]{64}$/;

export interface ManifestFinding {
  flavor: string;
  name?: string;
  message: string;
}

function invalid(source: string, message: string): AzlError {
  return new AzlError('CATALOG_INVALID', `The catalog ${source} is not a valid WSL distribution manifest: ${message}`, {
    hint: 'Fix the manifest (or rebuild it with "azl-wsl catalog add"); wsl.exe refuses the whole file over one bad field.',
  });
}

function archive(value: unknown, where: string, source: string): ManifestArchive | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(source, `${where} must be an object with Url and Sha256.`);
  const record = value as Record<string, unknown>;
  if (typeof record.Url !== 'string') throw invalid(source, `${where}.Url must be text.`);
  if (record.Sha256 !== undefined && typeof record.Sha256 !== 'string') throw invalid(source, `${where}.Sha256 must be text.`);
  return { Url: record.Url, Sha256: (record.Sha256 as string | undefined) ?? '' };
}

/** Parses manifest text with WSL's types; `source` names it in errors. */
export function parseManifest(text: string, source: string): DistributionManifest {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalid(source, `not JSON (${(error as Error).message}).`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(source, 'the top level must be an object.');
  const record = value as Record<string, unknown>;
  const manifest: DistributionManifest = {};
  if (record.Distributions !== undefined) {
    if (!Array.isArray(record.Distributions)) throw invalid(source, '"Distributions" must be a list.');
    manifest.Distributions = record.Distributions;
  }
  if (record.Default !== undefined) {
    if (typeof record.Default !== 'string') throw invalid(source, '"Default" must be text.');
    manifest.Default = record.Default;
  }
  if (record.ModernDistributions !== undefined) {
    const modern = record.ModernDistributions;
    if (modern === null || typeof modern !== 'object' || Array.isArray(modern)) throw invalid(source, '"ModernDistributions" must be an object of flavors.');
    manifest.ModernDistributions = {};
    for (const [flavor, entries] of Object.entries(modern as Record<string, unknown>)) {
      if (!Array.isArray(entries)) throw invalid(source, `flavor "${flavor}" must be a list of entries.`);
      manifest.ModernDistributions[flavor] = entries.map((entry, index) => {
        const where = `ModernDistributions.${flavor}[${index}]`;
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw invalid(source, `${where} must be an object.`);
        const fields = entry as Record<string, unknown>;
        for (const key of ['Name', 'FriendlyName']) {
          if (fields[key] !== undefined && typeof fields[key] !== 'string') throw invalid(source, `${where}.${key} must be text.`);
        }
        if (fields.Default !== undefined && fields.Default !== null && typeof fields.Default !== 'boolean') throw invalid(source, `${where}.Default must be true or false.`);
        const parsed: ModernDistribution = { Name: (fields.Name as string | undefined) ?? '', FriendlyName: (fields.FriendlyName as string | undefined) ?? '' };
        if (typeof fields.Default === 'boolean') parsed.Default = fields.Default;
        const amd64 = archive(fields.Amd64Url, `${where}.Amd64Url`, source);
        const arm64 = archive(fields.Arm64Url, `${where}.Arm64Url`, source);
        if (amd64) parsed.Amd64Url = amd64;
        if (arm64) parsed.Arm64Url = arm64;
        return parsed;
      });
    }
  }
  return manifest;
}

/**
 * The rules Microsoft's validate-modern.py applies to each entry, as errors: a Name, a
 * FriendlyName, the Name starting with its flavor (and usable as a distribution name), at
 * least one URL, each URL ending in `.wsl` with a 64-digit SHA-256, no unexpected keys
 * (checked on the raw JSON by `checkRawEntryKeys`), and exactly one Default per flavor.
 */
export function checkManifest(manifest: DistributionManifest): ManifestFinding[] {
  const findings: ManifestFinding[] = [];
  const seen = new Map<string, string>();
  for (const [flavor, entries] of Object.entries(manifest.ModernDistributions ?? {})) {
    for (const entry of entries) {
      const name = entry.Name;
      if (!name) {
        findings.push({ flavor, message: 'an entry has no Name.' });
        continue;
      }
      const add = (message: string): void => void findings.push({ flavor, name, message });
      if (!entry.FriendlyName) add('it has no FriendlyName.');
      if (!name.startsWith(flavor)) add(`its Name must start with the flavor "${flavor}".`);
      // WSL registers a catalog entry under its Name, so the Name must be a valid distribution name.
      if (!isWslDistroName(name)) add('its Name is not a valid WSL distribution name (1–256 letters, digits, ".", "_", "-").');
      const other = seen.get(name.toLowerCase());
      if (other !== undefined) add(`its Name is also used in flavor "${other}" (names are compared case-insensitively).`);
      seen.set(name.toLowerCase(), flavor);
      if (!entry.Amd64Url && !entry.Arm64Url) add('it has no Amd64Url or Arm64Url.');
      for (const [label, url] of [['Amd64Url', entry.Amd64Url], ['Arm64Url', entry.Arm64Url]] as const) {
        if (!url) continue;
        if (!url.Url.endsWith('.wsl')) add(`its ${label} does not point to a .wsl file: ${url.Url}`);
        if (!SHA256_PATTERN.test(url.Sha256)) add(`its ${label}.Sha256 is not 64 hexadecimal digits.`);
      }
    }
    const defaults = entries.filter((entry) => entry.Default === true).length;
    if (defaults !== 1) findings.push({ flavor, message: defaults === 0 ? `no entry of "${flavor}" is the Default.` : `${defaults} entries of "${flavor}" are marked Default; exactly one must be.` });
  }
  return findings;
}

/** Keys in raw manifest entries that validate-modern.py refuses (WSL itself ignores them). */
export function checkRawEntryKeys(text: string): ManifestFinding[] {
  const findings: ManifestFinding[] = [];
  const raw = JSON.parse(text.replace(/^\uFEFF/, '')) as { ModernDistributions?: Record<string, Array<Record<string, unknown>>> };
  for (const [flavor, entries] of Object.entries(raw.ModernDistributions ?? {})) {
    for (const entry of entries ?? []) {
      for (const key of Object.keys(entry ?? {})) {
        if (!ENTRY_KEYS.includes(key)) findings.push({ flavor, name: typeof entry.Name === 'string' ? entry.Name : undefined, message: `unexpected key "${key}".` });
      }
    }
  }
  return findings;
}

/** One line per finding, for errors and `catalog list`. */
export function formatFindings(findings: readonly ManifestFinding[]): string {
  return findings.map((finding) => `${finding.flavor}${finding.name ? `/${finding.name}` : ''}: ${finding.message}`).join('\n');
}

/** Lower-case hex without WSL's optional `0x`, for comparing digests. */
export function normalizeSha256(sha256: string): string {
  return sha256.replace(/^0x/i, '').toLowerCase();
}

/** The manifest as written: 4-space indent like Microsoft's file, ASCII only, final newline. */
export function serializeManifest(manifest: DistributionManifest): string {
  const ordered: Record<string, unknown> = {};
  if (manifest.ModernDistributions) {
    const modern: Record<string, unknown[]> = {};
    for (const [flavor, entries] of Object.entries(manifest.ModernDistributions)) {
      modern[flavor] = entries.map((entry) => {
        const out: Record<string, unknown> = { Name: entry.Name, FriendlyName: entry.FriendlyName, Default: entry.Default === true };
        if (entry.Amd64Url) out.Amd64Url = { Url: entry.Amd64Url.Url, Sha256: entry.Amd64Url.Sha256 };
        if (entry.Arm64Url) out.Arm64Url = { Url: entry.Arm64Url.Url, Sha256: entry.Arm64Url.Sha256 };
        return out;
      });
    }
    ordered.ModernDistributions = modern;
  }
  if (manifest.Distributions !== undefined) ordered.Distributions = manifest.Distributions;
  if (manifest.Default !== undefined) ordered.Default = manifest.Default;
  return asciiJson(JSON.stringify(ordered, null, 4)) + '\n';
}

/** Escapes every non-ASCII character as `\uXXXX` (valid JSON, and safe for wsl.exe's byte-wise read). */
export function asciiJson(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The entry WSL's archive field for this machine: Arm64Url on arm64, else Amd64Url. */
export function archiveForArch(entry: ModernDistribution, arch: string = process.arch): ManifestArchive | undefined {
  return arch === 'arm64' ? entry.Arm64Url : entry.Amd64Url;
}
