/**
 * A small line-preserving INI editor for /etc/wsl.conf.
 *
 * `echo … > /etc/wsl.conf` wipes the image's settings (users.md pitfall 5), so setting the
 * default user is a merge: every other line, comment, section and key stays byte-for-byte,
 * only the keys being set are replaced or added. Section and key names compare
 * case-insensitively, as WSL's own parser does (wsl-spec.md §1.1).
 */

export type WslConfValues = Record<string, Record<string, string>>;

interface Line {
  text: string;
  section?: string; // lower-case section name this line belongs to (for keys) or opens
  key?: string; // lower-case key for key lines
  opensSection?: boolean;
}

const SECTION_LINE = /^\s*\[([^\]]+)\]\s*(?:[#;].*)?$/;
const KEY_LINE = /^\s*([^=#;\s][^=]*?)\s*=(.*)$/;

function scan(text: string): Line[] {
  const lines: Line[] = [];
  let section: string | undefined;
  for (const raw of text.split('\n')) {
    const sectionMatch = SECTION_LINE.exec(raw);
    if (sectionMatch) {
      section = sectionMatch[1].trim().toLowerCase();
      lines.push({ text: raw, section, opensSection: true });
      continue;
    }
    const keyMatch = /^\s*[#;]/.test(raw) ? null : KEY_LINE.exec(raw);
    lines.push(keyMatch && section !== undefined ? { text: raw, section, key: keyMatch[1].toLowerCase() } : { text: raw, section });
  }
  return lines;
}

/** Reads a value the way WSL does: trims, strips a trailing `# comment`, unquotes "…" with `\` escapes. */
function readValue(raw: string): string {
  const value = raw.trim();
  if (value.startsWith('"')) {
    let out = '';
    for (let i = 1; i < value.length; i++) {
      if (value[i] === '\\' && i + 1 < value.length) out += value[++i];
      else if (value[i] === '"') break;
      else out += value[i];
    }
    return out;
  }
  return value.replace(/\s+#.*$/, '').trim();
}

/** Writes a value, quoting it only when WSL would otherwise misread it. */
function writeValue(value: string): string {
  if (/^[^\s"#;\\][^"#;\\]*$/.test(value) && value.trim() === value) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Parses wsl.conf into lower-case sections and keys (later keys win, as in WSL). */
export function parseWslConf(text: string): WslConfValues {
  const values: WslConfValues = {};
  for (const line of scan(text.replace(/\r\n/g, '\n'))) {
    if (line.key === undefined || line.section === undefined) continue;
    const raw = KEY_LINE.exec(line.text)![2];
    (values[line.section] ??= {})[line.key] = readValue(raw);
  }
  return values;
}

/** Validates names for sections and keys we write (they come from answer files and UIs). */
export function isValidConfName(name: string): boolean {
  return /^[A-Za-z0-9_.-]+$/.test(name);
}

/**
 * Returns `text` with every `updates[section][key]` set: an existing key line is replaced in
 * place, a missing key is added after the last line of its section, a missing section is
 * appended. Everything else is kept, including comments and unknown keys.
 */
export function mergeWslConf(text: string, updates: WslConfValues): string {
  const crlf = text.includes('\r\n');
  const lines = scan(text.replace(/\r\n/g, '\n'));
  // A file ending in "\n" scans to a trailing empty line; keep it as the final terminator.
  const endsWithNewline = lines.length > 0 && lines[lines.length - 1].text === '' && text.length > 0;
  if (endsWithNewline || text.length === 0) lines.pop();

  for (const [sectionName, keys] of Object.entries(updates)) {
    const section = sectionName.toLowerCase();
    if (!isValidConfName(sectionName)) throw new Error(`Invalid wsl.conf section name: ${sectionName}`);
    for (const [keyName, value] of Object.entries(keys)) {
      if (!isValidConfName(keyName)) throw new Error(`Invalid wsl.conf key name: ${keyName}`);
      if (/[\r\n]/.test(value)) throw new Error(`A wsl.conf value cannot contain a line break (${sectionName}.${keyName}).`);
      const key = keyName.toLowerCase();
      const newLine: Line = { text: `${keyName}=${writeValue(value)}`, section, key };
      const existing = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.section === section && line.key === key);
      if (existing.length > 0) {
        // Replace the last occurrence (the one WSL honours) and drop earlier duplicates.
        const keep = existing[existing.length - 1].index;
        lines[keep] = newLine;
        for (const { index } of existing.slice(0, -1).reverse()) lines.splice(index, 1);
        continue;
      }
      let lastInSection = -1;
      lines.forEach((line, index) => {
        if (line.section === section && (line.key !== undefined || line.opensSection)) lastInSection = index;
      });
      if (lastInSection >= 0) {
        lines.splice(lastInSection + 1, 0, newLine);
      } else {
        if (lines.length > 0 && lines[lines.length - 1].text.trim() !== '') lines.push({ text: '' });
        lines.push({ text: `[${sectionName}]`, section, opensSection: true }, newLine);
      }
    }
  }
  const eol = crlf ? '\r\n' : '\n';
  return lines.map((line) => line.text).join(eol) + eol;
}
