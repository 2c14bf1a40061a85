/**
 * Decoding and reading wsl.exe's own text.
 *
 * wsl.exe writes UTF-16LE without a BOM unless `WSL_UTF8=1` is honoured (older and inbox builds
 * ignore it), and its prose and error label are localized. So the encoding is detected from the
 * bytes, and errors are read from the machine-stable `<path>/<TOKEN>` at the end of the last
 * error line, never from the words around it (shared/docs/wsl-spec.md §3.1).
 */

/** An error code line parsed from wsl.exe output. */
export interface WslErrorCode {
  /** The last path segment, e.g. `ERROR_ALREADY_EXISTS`: the stable contract. */
  token: string;
  /** The whole path, e.g. `Wsl/Service/RegisterDistro/ERROR_ALREADY_EXISTS`. */
  path: string;
  /** The (localized) prose before the code line, for `detail` only. */
  message: string;
}

/**
 * Share of odd-position NUL bytes above which a BOM-less buffer is taken as UTF-16LE. UTF-8 text
 * never contains NUL, while UTF-16LE Latin text has NUL in almost every high byte; CJK text has
 * none, so the BOM-less case also accepts a buffer of even length whose NULs all sit at odd offsets.
 */
const UTF16_NUL_SHARE = 0.2;

/** True when the bytes look like UTF-16LE (BOM, or NUL high bytes). */
export function looksLikeUtf16le(bytes: Buffer): boolean {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return true;
  if (bytes.length < 2) return false;
  let oddNul = 0;
  let evenNul = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 1) oddNul++;
    else evenNul++;
  }
  if (oddNul === 0) return false;
  return oddNul / Math.ceil(bytes.length / 2) >= UTF16_NUL_SHARE || evenNul === 0;
}

/** Decodes wsl.exe-authored bytes (UTF-16LE or UTF-8) into text with `\n` line ends. */
export function decodeWslText(bytes: Buffer): string {
  let text: string;
  if (looksLikeUtf16le(bytes)) {
    const body = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2) : bytes;
    text = body.subarray(0, body.length - (body.length % 2)).toString('utf16le');
  } else {
    text = bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  return text.replace(/\r\n?/g, '\n');
}

/**
 * `<any label>: Seg/Seg/TOKEN`. The label may be any language ("Error code", "Code d'erreur ",
 * "Fehlercode", "错误代码") and colon ASCII or full-width; the path has at least one `/` and
 * ends in an upper-case identifier, which English prose never does.
 */
const ERROR_LINE = /^[^\n]*?\S\s*[:\uff1a]\s*((?:[A-Za-z0-9_.-]+\/)+([A-Z][A-Z0-9_]*))\s*$/;

/** Parses the LAST error-code line of wsl.exe text, or undefined when there is none. */
export function parseWslErrorCode(text: string): WslErrorCode | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = ERROR_LINE.exec(lines[i]);
    if (!match) continue;
    const message = lines
      .slice(0, i)
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .join('\n');
    return { token: match[2], path: match[1], message };
  }
  return undefined;
}
