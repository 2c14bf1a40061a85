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

class JsonSyntaxError extends Error {
  constructor(readonly position: number, message: string) {
    super(message);
  }
}

/**
 * Parses `text`; a syntax error is `PROFILE_SYNTAX` naming `displayName:line`. The line comes
 * from this reader's own position (V8's message does not always carry one) and the wording
 * from `JSON.parse`, so it reads like every other JSON error the user has seen.
 */
export function parseJsonWithLines(text: string, displayName: string): JsonNode {
  try {
    const node = parseNodes(text);
    JSON.parse(text); // belt and braces: the two readers must agree the text is JSON
    return node;
  } catch (error) {
    let message = String((error as Error).message);
    let position = error instanceof JsonSyntaxError ? error.position : undefined;
    try {
      JSON.parse(text);
    } catch (native) {
      message = String((native as Error).message);
      const reported = /position (\d+)/.exec(message);
      position ??= reported ? Number(reported[1]) : text.length;
    }
    const line = lineAt(text, position ?? text.length);
    const where = `${displayName}:${line}`;
    const reason = message.replace(/ (?:in|after) JSON at position \d+.*$/s, '').replace(/, "?\.\.\..*$/s, '');
    throw new AzlError('PROFILE_SYNTAX', `${where} is not valid JSON: ${reason}.`, {
      hint: 'Fix the JSON at that line (a trailing comma or a missing quote is the usual cause).',
      detail: where,
      cause: error,
    });
  }
}

function parseNodes(text: string): JsonNode {
  let index = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(index, what);
  };
  const skipSpace = (): void => {
    while (index < text.length && (text[index] === ' ' || text[index] === '\t' || text[index] === '\n' || text[index] === '\r')) {
      if (text[index] === '\n') line++;
      index++;
    }
  };
  const expect = (char: string): void => {
    skipSpace();
    if (text[index] !== char) fail(`expected '${char}'`);
    index++;
  };
  const readString = (): string => {
    if (text[index] !== '"') fail('expected a string');
    const start = index;
    index++;
    while (index < text.length && text[index] !== '"') {
      if (text.charCodeAt(index) < 0x20) fail('control character in string');
      index += text[index] === '\\' ? 2 : 1;
    }
    if (index >= text.length) fail('unterminated string');
    index++;
    try {
      return JSON.parse(text.slice(start, index)) as string;
    } catch {
      return fail('bad escape in string');
    }
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
        expect(':');
        entries.set(key, readValue());
        skipSpace();
        if (text[index] === ',') index++;
        else if (text[index] === '}') {
          index++;
          return { kind: 'object', line: at, entries };
        } else fail("expected ',' or '}'");
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
        if (text[index] === ',') index++;
        else if (text[index] === ']') {
          index++;
          return { kind: 'array', line: at, items };
        } else fail("expected ',' or ']'");
      }
    }
    if (char === '"') return { kind: 'string', line: at, value: readString() };
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(index, index + 64))?.[0];
    if (!literal) return fail('unexpected character');
    index += literal.length;
    if (literal === 'null') return { kind: 'null', line: at };
    if (literal === 'true' || literal === 'false') return { kind: 'boolean', line: at, value: literal === 'true' };
    return { kind: 'number', line: at, value: Number(literal) };
  };
  const root = readValue();
  skipSpace();
  if (index < text.length) fail('unexpected text after the end');
  return root;
}
