/**
 * WSL's INI reader (src/shared/configfile/configfile.cpp) for /etc/wsl.conf and
 * /etc/wsl-distribution.conf: `section.key` case-insensitive, `#` comments, `"quoted"` values
 * with `\` escapes, unknown keys ignored; bools true/false (any case) or 1/0, ints like strtol
 * base 0; a bad value is a `wsl:` warning and the default.
 */
export interface ConfigValue {
  value: string;
  line: number;
}

/** Parsed `section.key` (lower-case) → last value. */
export type ConfigFile = Map<string, ConfigValue>;

const ESCAPES: Record<string, string> = { b: '\b', n: '\n', t: '\t', '\\': '\\', '"': '"' };

/** Parses INI text. */
export function parseConfig(text: string): ConfigFile {
  const result: ConfigFile = new Map();
  let section = '';
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]]*)\]/.exec(line);
    if (header) {
      section = header[1].trim().toLowerCase();
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || section === '') return;
    const key = line.slice(0, eq).trim().toLowerCase();
    result.set(`${section}.${key}`, { value: parseValue(line.slice(eq + 1)), line: index + 1 });
  });
  return result;
}

function parseValue(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') {
      quoted = !quoted;
      continue;
    }
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[++i];
      out += ESCAPES[next] ?? next;
      continue;
    }
    if (ch === '#' && !quoted) break;
    out += ch;
  }
  return quoted ? out : out.trim();
}

/** What to do with a malformed value: WSL warns on stderr and keeps the default. */
export type ConfigWarning = (kind: 'boolean' | 'integer', value: string, key: string, line: number) => void;

/** A boolean key: true/false in any case, or 1/0. */
export function configBoolean(config: ConfigFile, key: string, fallback: boolean, warn: ConfigWarning): boolean {
  const entry = config.get(key);
  if (!entry) return fallback;
  const value = entry.value.toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  warn('boolean', entry.value, key, entry.line);
  return fallback;
}

/** An integer key parsed like strtol(value, nullptr, 0): 0x hex, leading-0 octal, decimal. */
export function configInteger(config: ConfigFile, key: string, warn: ConfigWarning): number | undefined {
  const entry = config.get(key);
  if (!entry) return undefined;
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(entry.value.trim());
  if (!match) {
    warn('integer', entry.value, key, entry.line);
    return undefined;
  }
  const digits = match[2];
  const magnitude = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : parseInt(digits, 10);
  return match[1] === '-' ? -magnitude : magnitude;
}

/** A string key, if present. */
export function configString(config: ConfigFile, key: string): string | undefined {
  const entry = config.get(key);
  return entry === undefined || entry.value === '' ? undefined : entry.value;
}
