/**
 * The one reader of the INI files WSL reads inside a distribution, `/etc/wsl.conf` and
 * `/etc/wsl-distribution.conf`, with the rules of WSL's own parser
 * (microsoft/WSL src/shared/configfile/configfile.cpp, as init calls it: invalid lines are NOT
 * skipped). Used by the image validator, the installer's wsl.conf editor and the wsl.exe
 * simulator, so all three read a file exactly as WSL does:
 *
 * - The file is read byte by byte (WSL's init reads it in musl's C locale): section and key
 *   names are ASCII `[A-Za-z][A-Za-z0-9]*`, so `[auto-mount]`, `[ user ]`, `default_user`,
 *   `my key`, a `;` comment and a UTF-8 byte order mark are invalid.
 * - The first invalid line ends the parse with a warning; nothing after it is read.
 * - `#` starts a comment, also after a value, unless it is inside quotes. `"` toggles quoting
 *   (the quotes themselves are dropped) and quoted spaces are kept; unquoted trailing spaces are
 *   trimmed. `\\`, `\"`, `\b`, `\n`, `\t` are escapes, a backslash at the end of a line
 *   continues the value on the next line, any other escape is an invalid line.
 * - Names compare case-insensitively. A known key given twice keeps its FIRST value, with a
 *   warning; an unknown key is a warning. Booleans are `true`/`false` (any case) or `1`/`0`;
 *   integers are C `strtol(…, 0)` (hex, octal, decimal) within 32 bits; a bad value warns and
 *   keeps the default.
 *
 * Warnings come back as data (`id` + inserts, WSL's message names) so each user prints them in
 * its own words: the simulator in wsl.exe's localized texts, the validator in English.
 */

/** How WSL reads a key's value. */
export type WslConfigKeyType = 'string' | 'boolean' | 'integer' | { oneOf: readonly string[] };

/** Key names as WSL spells them (`section.key`, compared case-insensitively) → their type. */
export type WslConfigSchema = Readonly<Record<string, WslConfigKeyType>>;

/**
 * `/etc/wsl.conf` as WSL's init reads it when an instance starts (src/linux/init/
 * WslDistributionConfig.cpp). Any other key there makes WSL warn "Unknown key".
 */
export const WSL_CONF_SCHEMA: WslConfigSchema = {
  'automount.enabled': 'boolean',
  'automount.root': 'string',
  'automount.options': 'string',
  'automount.mountFsTab': 'boolean',
  'automount.ldconfig': 'boolean',
  'automount.cgroups': { oneOf: ['v1', 'v2'] },
  'filesystem.umask': 'integer',
  'interop.appendWindowsPath': 'boolean',
  'interop.enabled': 'boolean',
  'network.generateHosts': 'boolean',
  'network.generateResolvConf': 'boolean',
  'network.hostname': 'string',
  'time.useWindowsTimezone': 'boolean',
  'fileServer.enabled': 'boolean',
  'fileServer.logFile': 'string',
  'fileServer.logLevel': 'integer',
  'fileServer.logTruncate': 'boolean',
  'gpu.enabled': 'boolean',
  'gpu.appendLibPath': 'boolean',
  'user.default': 'string',
  'boot.command': 'string',
  'boot.systemd': 'boolean',
  'boot.initTimeout': 'integer',
  'boot.protectBinfmt': 'boolean',
  'general.guiApplications': 'boolean',
};

/** `/etc/wsl-distribution.conf` as read when a distribution is registered (src/linux/init/main.cpp). */
export const DISTRIBUTION_CONF_REGISTER_SCHEMA: WslConfigSchema = {
  'shortcut.icon': 'string',
  'shortcut.enabled': 'boolean',
  'oobe.defaultName': 'string',
  'windowsterminal.profileTemplate': 'string',
  'windowsterminal.enabled': 'boolean',
};

/** `/etc/wsl-distribution.conf` as read before the first interactive shell (src/linux/init/init.cpp). */
export const DISTRIBUTION_CONF_OOBE_SCHEMA: WslConfigSchema = {
  'oobe.command': 'string',
  'oobe.defaultUid': 'integer',
};

/** Every key WSL reads from `/etc/wsl-distribution.conf`, at one time or the other. */
export const DISTRIBUTION_CONF_SCHEMA: WslConfigSchema = { ...DISTRIBUTION_CONF_REGISTER_SCHEMA, ...DISTRIBUTION_CONF_OOBE_SCHEMA };

/** Where WSL's warnings say the files are. */
export const WSL_CONF_PATH = '/etc/wsl.conf';
export const DISTRIBUTION_CONF_PATH = '/etc/wsl-distribution.conf';

/** WSL's warning message names (Resources.resw) with their inserts, in order. */
export type WslConfigWarning =
  | { id: 'configInvalidSection' | 'configInvalidKey'; file: string; line: number }
  | { id: 'configExpected'; expected: string; file: string; line: number }
  | { id: 'configInvalidEscape'; character: string; file: string; line: number }
  | { id: 'configUnknownKey'; key: string; file: string; line: number }
  | { id: 'configKeyDuplicated'; key: string; file: string; line: number; firstKey: string; firstLine: number }
  | { id: 'configInvalidBoolean' | 'configInvalidInteger'; value: string; key: string; file: string; line: number }
  | { id: 'configInvalidEnum'; value: string; key: string; file: string; line: number; validValues: string };

/** One `key = value` that was read. */
export interface WslConfigEntry {
  /** `section.key` as written in the file (the section part empty for a key before any section). */
  name: string;
  /** Lower-case section and key, for lookups. */
  section: string;
  key: string;
  /** The value after unquoting and escapes (UTF-8 decoded; cut at a NUL byte, as a C string is). */
  text: string;
  /** The value as its schema type, or undefined when WSL rejected it (and kept the default). */
  value: string | boolean | number | undefined;
  /** The line WSL's messages give (WSL counts a CRLF line end twice after a value or section). */
  line: number;
  /** First and last physical line (1-based) the entry spans (more than one with `\` continuations). */
  startLine: number;
  endLine: number;
  /** False for a duplicate of an earlier key or a key outside the schema: WSL ignores it. */
  used: boolean;
}

/** A `[section]` header that was read. */
export interface WslConfigSection {
  /** Lower-case name. */
  name: string;
  /** Physical line (1-based). */
  line: number;
}

/** Where and why WSL stopped reading. */
export interface WslConfigStop {
  warning: WslConfigWarning;
  /** Physical line (1-based) of the invalid line; everything from here on is unread. */
  line: number;
}

export interface WslConfigOptions {
  /** The path WSL's warnings name. */
  path?: string;
  /** Known keys; without it every key is known and read as a string. */
  schema?: WslConfigSchema;
  /** Skip invalid lines instead of stopping (WSL does this only for .wslconfig, never in a distro). */
  skipInvalidLines?: boolean;
}

/** What WSL made of a file. */
export interface WslConfigFile {
  /** Every `key = value` read, in file order, duplicates and unknown keys included. */
  entries: WslConfigEntry[];
  sections: WslConfigSection[];
  /** Warnings in the order WSL emits them. */
  warnings: WslConfigWarning[];
  /** Set when an invalid line ended the parse. */
  stop?: WslConfigStop;
  /** The used entry for a key (the first one WSL accepted), case-insensitively. */
  get(name: string): WslConfigEntry | undefined;
  /** A string key's value; undefined when absent or empty. */
  string(name: string): string | undefined;
  /** A boolean key's value, or `fallback` when absent or invalid (as WSL keeps its default). */
  boolean(name: string, fallback: boolean): boolean;
  /** An integer key's value; undefined when absent or invalid. */
  integer(name: string): number | undefined;
}

const EOF = -1;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Escapes WSL understands in a value (besides `\` + line end). */
const ESCAPES: Readonly<Record<number, number>> = { [BACKSLASH]: BACKSLASH, [QUOTE]: QUOTE, 0x62: 0x08, 0x6e: NEWLINE, 0x74: TAB };

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isAlnum(c: number): boolean {
  return isAlpha(c) || (c >= 0x30 && c <= 0x39);
}

function isHSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** WSL's ParseBool: `1`, `0`, or `true` / `false` in any case. */
export function parseWslBoolean(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (text === '1' || lower === 'true') return true;
  if (text === '0' || lower === 'false') return false;
  return undefined;
}

/** C `strtol(text, &end, 0)` that must consume everything and fit an `int`, as WSL requires. */
export function parseWslInteger(text: string): number | undefined {
  const match = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const digits = match[2];
  let magnitude: bigint;
  if (/^0[xX]/.test(digits)) magnitude = BigInt(`0x${digits.slice(2)}`);
  else if (digits.length > 1 && digits.startsWith('0')) magnitude = BigInt(`0o${digits.slice(1)}`);
  else magnitude = BigInt(digits);
  const value = match[1] === '-' ? -magnitude : magnitude;
  return value < BigInt(INT_MIN) || value > BigInt(INT_MAX) ? undefined : Number(value);
}

/** Byte reader with one character of push-back and a physical line count. */
class ByteReader {
  private position = 0;
  /** Line feeds consumed so far. */
  newlines = 0;
  atEnd = false;

  constructor(private readonly bytes: Uint8Array) {}

  get(): number {
    if (this.position >= this.bytes.length) {
      this.atEnd = true;
      return EOF;
    }
    const c = this.bytes[this.position++];
    if (c === NEWLINE) this.newlines++;
    return c;
  }

  unget(c: number): void {
    if (c === EOF) return;
    this.position--;
    if (c === NEWLINE) this.newlines--;
  }

  /** Physical line (1-based) of `c`, the character read last (or EOF). */
  lineOfLast(c: number): number {
    return c === NEWLINE ? this.newlines : this.newlines + 1;
  }
}

function decode(bytes: number[]): string {
  const nul = bytes.indexOf(0);
  return Buffer.from(nul === -1 ? bytes : bytes.slice(0, nul)).toString('utf8');
}

function asciiName(bytes: number[]): string {
  return String.fromCharCode(...bytes);
}

/** Reads a wsl.conf / wsl-distribution.conf the way WSL does. */
export function parseWslConfig(input: string | Uint8Array, options: WslConfigOptions = {}): WslConfigFile {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const file = options.path ?? WSL_CONF_PATH;
  const schema = options.schema;
  const known = schema ? new Map(Object.entries(schema).map(([name, type]) => [name.toLowerCase(), { name, type }])) : undefined;
  const reader = new ByteReader(bytes);
  const entries: WslConfigEntry[] = [];
  const sections: WslConfigSection[] = [];
  const warnings: WslConfigWarning[] = [];
  const firstByKey = new Map<string, WslConfigEntry>();
  let stop: WslConfigStop | undefined;

  let line = 0;
  let trailingComment = false;
  let section: number[] = [];
  let ch = 0;

  /** Records an invalid line; returns true when the parse must end (always, unless skipping). */
  const invalid = (warning: WslConfigWarning): boolean => {
    warnings.push(warning);
    const physical = reader.lineOfLast(ch);
    if (!options.skipInvalidLines) {
      stop = { warning, line: physical };
      return true;
    }
    // Skip the rest of the line; the line feed ends it and is counted at the next line.
    while (ch !== EOF && ch !== NEWLINE) ch = reader.get();
    return false;
  };

  const accept = (nameBytes: number[], text: string, startLine: number): void => {
    const name = asciiName(nameBytes);
    const dot = name.indexOf('.');
    const entry: WslConfigEntry = {
      name,
      section: dot === -1 ? '' : name.slice(0, dot).toLowerCase(),
      key: (dot === -1 ? name : name.slice(dot + 1)).toLowerCase(),
      text,
      value: undefined,
      line,
      startLine,
      // The value ended at a line feed (already counted), a CR, a `#` or the end of the file.
      endLine: reader.lineOfLast(ch),
      used: false,
    };
    entries.push(entry);
    const lower = name.toLowerCase();
    const type = known ? known.get(lower)?.type : 'string';
    if (type === undefined) {
      warnings.push({ id: 'configUnknownKey', key: name, file, line });
      return;
    }
    const first = firstByKey.get(lower);
    if (first) {
      warnings.push({ id: 'configKeyDuplicated', key: name, file, line, firstKey: first.name, firstLine: first.line });
      return;
    }
    entry.used = true;
    firstByKey.set(lower, entry);
    if (type === 'string') entry.value = text;
    else if (type === 'boolean') {
      entry.value = parseWslBoolean(text);
      if (entry.value === undefined) warnings.push({ id: 'configInvalidBoolean', value: text, key: name, file, line });
    } else if (type === 'integer') {
      entry.value = parseWslInteger(text);
      if (entry.value === undefined) warnings.push({ id: 'configInvalidInteger', value: text, key: name, file, line });
    } else {
      const match = type.oneOf.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
      entry.value = match;
      if (match === undefined) {
        const validValues = [...type.oneOf].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join(', ');
        warnings.push({ id: 'configInvalidEnum', value: text, key: name, file, line, validValues });
      }
    }
  };

  /** `[name]` (the `[` already read); returns false when the parse must end. */
  const readSection = (): boolean => {
    const headerLine = reader.newlines + 1;
    ch = reader.get();
    if (!isAlpha(ch)) return !invalid({ id: 'configInvalidSection', file, line });
    const name: number[] = [];
    do {
      name.push(ch);
      ch = reader.get();
    } while (isAlnum(ch));
    if (ch !== CLOSE_BRACKET) return !invalid({ id: 'configExpected', expected: "']'", file, line });
    do ch = reader.get();
    while (isHSpace(ch));
    if (ch === HASH) trailingComment = true;
    else if (ch !== EOF && ch !== NEWLINE && ch !== CARRIAGE_RETURN) return !invalid({ id: 'configExpected', expected: "' ' or '\\n'", file, line });
    section = name;
    sections.push({ name: asciiName(name).toLowerCase(), line: headerLine });
    return true;
  };

  /** `key = value` (the key's first letter in `ch`); returns false when the parse must end. */
  const readKeyValue = (): boolean => {
    const startLine = reader.newlines + 1;
    const name = section.length > 0 ? [...section, 0x2e] : [];
    do {
      name.push(ch);
      ch = reader.get();
    } while (isAlnum(ch));
    while (isHSpace(ch)) ch = reader.get();
    if (ch !== EQUALS) return !invalid({ id: 'configExpected', expected: "'='", file, line });
    do ch = reader.get();
    while (isHSpace(ch));
    const value: number[] = [];
    let trimmedLength = 0;
    let inQuote = false;
    while (ch !== EOF && ch !== NEWLINE && ch !== CARRIAGE_RETURN) {
      if (ch === QUOTE) inQuote = !inQuote;
      else if (ch === BACKSLASH) {
        const next = reader.get();
        if (next === NEWLINE) line++;
        else if (next !== CARRIAGE_RETURN) {
          const escaped = ESCAPES[next];
          if (escaped === undefined) {
            const character = next === EOF ? '\uffff' : String.fromCharCode(next);
            return !invalid({ id: 'configInvalidEscape', character, file, line });
          }
          value.push(escaped);
        }
      } else if (ch === HASH && !inQuote) {
        trailingComment = true;
        break;
      } else value.push(ch);
      if (!isHSpace(ch)) trimmedLength = value.length;
      ch = reader.get();
    }
    if (inQuote) return !invalid({ id: 'configExpected', expected: '"', file, line });
    accept(name, decode(value.slice(0, trimmedLength)), startLine);
    return true;
  };

  // One pass over the file. Each turn of the outer loop starts a new line; like WSL, a line
  // ended by a trailing comment is counted when the comment is skipped.
  parse: for (;;) {
    if (!trailingComment) line++;
    for (;;) {
      if (ch === HASH) {
        do {
          ch = reader.get();
          if (ch === CARRIAGE_RETURN) ch = reader.get();
          if (ch === NEWLINE) line++;
        } while (ch !== NEWLINE && ch !== EOF);
        trailingComment = false;
      }
      if (reader.atEnd) break parse;
      do ch = reader.get();
      while (isHSpace(ch));
      if (ch === EOF || ch === HASH) continue;
      if (ch === CARRIAGE_RETURN) {
        const next = reader.get();
        if (next === NEWLINE) line++;
        else reader.unget(next);
        continue;
      }
      if (ch === NEWLINE) {
        line++;
        continue;
      }
      if (ch === OPEN_BRACKET) {
        if (!readSection()) break parse;
        continue parse;
      }
      if (!isAlpha(ch)) {
        if (invalid({ id: 'configInvalidKey', file, line })) break parse;
        continue parse;
      }
      if (!readKeyValue()) break parse;
      continue parse;
    }
  }

  const get = (name: string): WslConfigEntry | undefined => firstByKey.get(name.toLowerCase());
  return {
    entries,
    sections,
    warnings,
    stop,
    get,
    string(name) {
      const entry = get(name);
      return entry === undefined || entry.text === '' ? undefined : entry.text;
    },
    boolean(name, fallback) {
      const entry = get(name);
      return typeof entry?.value === 'boolean' ? entry.value : fallback;
    },
    integer(name) {
      const entry = get(name);
      return typeof entry?.value === 'number' ? entry.value : undefined;
    },
  };
}

/** WSL's English (en-US) text of a warning, as wsl.exe prints it after `wsl: `. */
export function formatWslConfigWarning(warning: WslConfigWarning): string {
  const at = `${warning.file}:${warning.line}`;
  switch (warning.id) {
    case 'configInvalidSection':
      return `Invalid section name in ${at}`;
    case 'configInvalidKey':
      return `Invalid key name in ${at}`;
    case 'configExpected':
      return `Expected ${warning.expected} in ${at}`;
    case 'configInvalidEscape':
      return `Invalid escaped character: '${warning.character}' in ${at}`;
    case 'configUnknownKey':
      return `Unknown key '${warning.key}' in ${at}`;
    case 'configKeyDuplicated':
      return `Duplicated config key '${warning.key}' in ${at} (Conflicting key: '${warning.firstKey}' in ${warning.file}:${warning.firstLine})`;
    case 'configInvalidBoolean':
      return `Invalid boolean value '${warning.value}' for key '${warning.key}' in ${at}`;
    case 'configInvalidInteger':
      return `Invalid integer value '${warning.value}' for key '${warning.key}' in ${at}`;
    case 'configInvalidEnum':
      return `Invalid value '${warning.value}' for config key '${warning.key}' in ${at} (Valid values: ${warning.validValues})`;
  }
}
