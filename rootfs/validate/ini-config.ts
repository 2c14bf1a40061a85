/**
 * Parses the INI files WSL reads (`/etc/wsl.conf`, `/etc/wsl-distribution.conf`) into
 * lower-cased `section.key` names, as WSL's configfile.cpp compares them case-insensitively.
 */
export interface IniConfig {
  /** `section.key` (lower case) → value without quotes. */
  values: Map<string, string>;
  /** Lines that are neither a section, a `key = value`, a comment nor blank. */
  badLines: string[];
}

/** Parses INI text. */
export function parseIni(text: string): IniConfig {
  const values = new Map<string, string>();
  const badLines: string[] = [];
  let section: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1].trim().toLowerCase();
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0 || section === undefined) {
      badLines.push(line);
      continue;
    }
    let value = line.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    values.set(`${section}.${line.slice(0, equals).trim().toLowerCase()}`, value);
  }
  return { values, badLines };
}
