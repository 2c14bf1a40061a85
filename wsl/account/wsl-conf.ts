/**
 * A line-preserving editor for /etc/wsl.conf, reading the file with WSL's own rules
 * (common/wsl-config-file.ts).
 *
 * `echo … > /etc/wsl.conf` wipes the image's settings (users.md pitfall 5), so setting the
 * default user is a merge: every other line, comment, section and key stays byte for byte,
 * only the keys being set are replaced or added. A value is only worth writing where WSL will
 * read it: WSL keeps the FIRST of duplicate keys and stops reading at the first invalid line,
 * so the merge replaces the first occurrence, drops later ones, and refuses to add a key after
 * an invalid line (WSL would never see it, and the distribution would silently start as root).
 */
import { AzlError } from '../../common/errors.js';
import { formatWslConfigWarning, parseWslConfig, WSL_CONF_PATH } from '../../common/wsl-config-file.js';

export type WslConfValues = Record<string, Record<string, string>>;

/**
 * The values WSL reads from a wsl.conf or wsl-distribution.conf text: lower-case section →
 * lower-case key → value. The first of duplicate keys wins; nothing after an invalid line counts.
 */
export function parseWslConf(text: string): WslConfValues {
  const values: WslConfValues = {};
  for (const entry of parseWslConfig(text).entries) {
    if (entry.used) (values[entry.section] ??= {})[entry.key] = entry.text;
  }
  return values;
}

/** Section and key names WSL can read: an ASCII letter, then letters and digits (no `_`, `-`, `.`). */
export function isValidConfName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(name);
}

/** Writes a value so WSL reads it back unchanged: quoted when needed, `\` and `"` escaped. */
function writeValue(value: string): string {
  if (/^[^\s"#\\][^"#\\]*$/.test(value) && value.trim() === value) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\t/g, '\\t')}"`;
}

/**
 * Returns `text` with every `updates[section][key]` set: the key WSL reads is replaced in
 * place (later duplicates dropped), a missing key is added after the last line of its section,
 * a missing section is appended. Everything else is kept, including comments and unknown keys.
 * Throws (changing nothing) when WSL would not read the new value: after an invalid line.
 */
export function mergeWslConf(text: string, updates: WslConfValues, path = WSL_CONF_PATH): string {
  // New lines follow the file's line ends; existing lines keep theirs (split at LF, CR kept).
  const crlf = text.includes('\r\n');
  // Physical lines; a file ending in a line end has no last partial line.
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const config = parseWslConfig(text, { path });
  const stopLine = config.stop?.line ?? Infinity;
  /** Physical line indexes (0-based) replaced by new text (`undefined` = removed). */
  const replaced = new Map<number, string | undefined>();
  /** New lines to insert after a physical line index (-1 = the very start). */
  const insertedAfter = new Map<number, string[]>();
  const appended: string[] = [];

  for (const [sectionName, keys] of Object.entries(updates)) {
    if (!isValidConfName(sectionName)) throw new Error(`Invalid wsl.conf section name: ${sectionName}`);
    const section = sectionName.toLowerCase();
    for (const [keyName, value] of Object.entries(keys)) {
      if (!isValidConfName(keyName)) throw new Error(`Invalid wsl.conf key name: ${keyName}`);
      if (/[\r\n]/.test(value)) throw new Error(`A wsl.conf value cannot contain a line break (${sectionName}.${keyName}).`);
      const key = keyName.toLowerCase();
      const newLine = `${keyName}=${writeValue(value)}`;
      const matches = config.entries.filter((entry) => entry.section === section && entry.key === key);
      const [first, ...later] = matches;
      if (first) {
        // The first is the one WSL reads; the others only make it warn "Duplicated config key".
        replaced.set(first.startLine - 1, newLine);
        for (let line = first.startLine; line < first.endLine; line++) replaced.set(line, undefined);
        for (const duplicate of later) for (let line = duplicate.startLine - 1; line < duplicate.endLine; line++) replaced.set(line, undefined);
        continue;
      }
      // After the last header or key of the section's last block (a section may appear twice).
      const header = [...config.sections].reverse().find((candidate) => candidate.name === section);
      if (header) {
        const next = config.sections.find((candidate) => candidate.line > header.line)?.line ?? stopLine;
        const lastInBlock = config.entries.filter((entry) => entry.startLine > header.line && entry.startLine < next).reduce((last, entry) => Math.max(last, entry.endLine), header.line);
        const list = insertedAfter.get(lastInBlock - 1) ?? [];
        list.push(newLine);
        insertedAfter.set(lastInBlock - 1, list);
        continue;
      }
      if (config.stop) {
        throw new AzlError('ACCOUNT_SETUP_FAILED', `WSL stops reading ${path} at line ${config.stop.line}, so [${sectionName}] ${keyName} added after it would never take effect.`, {
          hint: `Fix or remove line ${config.stop.line} of ${path}, then try again; nothing was changed.`,
          detail: `WSL's own warning: ${formatWslConfigWarning(config.stop.warning)}`,
        });
      }
      appended.push(`[${sectionName}]`, newLine);
    }
  }

  const out: string[] = [...(insertedAfter.get(-1) ?? [])];
  lines.forEach((line, index) => {
    if (replaced.has(index)) {
      const replacement = replaced.get(index);
      if (replacement !== undefined) out.push(replacement + (line.endsWith('\r') ? '\r' : ''));
    } else out.push(line);
    for (const added of insertedAfter.get(index) ?? []) out.push(added + (crlf ? '\r' : ''));
  });
  if (appended.length > 0) {
    const last = out[out.length - 1];
    if (last !== undefined && last.replace(/\r$/, '').trim() !== '') out.push(crlf ? '\r' : '');
    for (const added of appended) out.push(added + (crlf ? '\r' : ''));
  }
  const merged = out.length === 0 ? '' : out.join('\n') + '\n';
  // Belt and braces: WSL must read back exactly what was asked (a trailing `\` on the last
  // line, say, would swallow an appended section into a value).
  const check = parseWslConfig(merged, { path });
  for (const [sectionName, keys] of Object.entries(updates)) {
    for (const [keyName, value] of Object.entries(keys)) {
      if (check.get(`${sectionName}.${keyName}`)?.text !== value) {
        throw new AzlError('ACCOUNT_SETUP_FAILED', `${path} cannot be changed so that WSL reads [${sectionName}] ${keyName} = ${value}.`, {
          hint: `Check the end of ${path} for a line continuation or an open quote, then try again; nothing was changed.`,
        });
      }
    }
  }
  return merged;
}
