/**
 * JSON parsing that remembers the line of every value, so toolkit image configs can point
 * plan items and errors at `file:line`.
 */
import { AzlError } from '../../common/errors.js';

export type JsonNode =
  | { kind: 'object'; line: number; entries: Map<string, JsonNode> }
  | { kind: 'array'; line: number; items: JsonNode[] }
  | { kind: 'string'; line: number; value: string }
  | { kind: 'number'; line: number; value: number }
  | { kind: 'boolean'; line: number; value: boolean }
  | { kind: 'null'; line: number };

/** 1-based line of character offset `position` in `text`. */
export function lineAt(text: string, position: number): number {
  let line = 1;
  for (let index = 0; index < Math.min(position, text.length); index++) if (text.charCodeAt(index) === 10) line++;
  return line;
}

/**
 * Parses `text`; a syntax error is `PROFILE_SYNTAX` naming `displayName:line` (the line is
 * computed from the position V8 reports, or the end of the text when it reports none).
 */
export function parseJsonWithLines(text: string, displayName: string): JsonNode {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = String((error as Error).message);
    const position = /position (\d+)/.exec(message);
    const explicitLine = /line (\d+)/.exec(message);
    const line = explicitLine ? Number(explicitLine[1]) : lineAt(text, position ? Number(position[1]) : text.length);
    const where = `${displayName}:${line}`;
    throw new AzlError('PROFILE_SYNTAX', `${where} is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}.`, {
      hint: 'Fix the JSON at that line (a trailing comma or a missing quote is the usual cause).',
      detail: where,
      cause: error,
    });
  }
  // The text is valid JSON now, so this reader can stay small: it only tracks lines.
  let index = 0;
  let line = 1;
  const skipSpace = (): void => {
    while (index < text.length && /\s/.test(text[index])) {
      if (text[index] === '\n') line++;
      index++;
    }
  };
  const readString = (): string => {
    const start = index;
    index++;
    while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    index++;
    return JSON.parse(text.slice(start, index)) as string;
  };
  const readValue = (): JsonNode => {
    skipSpace();
    const at = line;
    const char = text[index];
    if (char === '{') {
      index++;
      const entries = new Map<string, JsonNode>();
      skipSpace();
      if (text[index] === '}') {
        index++;
        return { kind: 'object', line: at, entries };
      }
      for (;;) {
        skipSpace();
        const key = readString();
        skipSpace();
        index++; // ':'
        entries.set(key, readValue());
        skipSpace();
        if (text[index++] === '}') return { kind: 'object', line: at, entries };
      }
    }
    if (char === '[') {
      index++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[index] === ']') {
        index++;
        return { kind: 'array', line: at, items };
      }
      for (;;) {
        items.push(readValue());
        skipSpace();
        if (text[index++] === ']') return { kind: 'array', line: at, items };
      }
    }
    if (char === '"') return { kind: 'string', line: at, value: readString() };
    const literal = /^(true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(index, index + 64))![1];
    index += literal.length;
    if (literal === 'null') return { kind: 'null', line: at };
    if (literal === 'true' || literal === 'false') return { kind: 'boolean', line: at, value: literal === 'true' };
    return { kind: 'number', line: at, value: Number(literal) };
  };
  return readValue();
}
