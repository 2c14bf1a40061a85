/**
 * JSON parsing that remembers the line of every value, so toolkit image configs can point
 * plan items and errors at `file:line`. One pass with jsonc-parser's tree (every node has its
 * offset), strict JSON: no comments, no trailing commas, nothing after the value.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { AzlError } from '../../common/errors.js';

export type JsonNode =
  | { kind: 'object'; line: number; entries: Map<string, JsonNode> }
  | { kind: 'array'; line: number; items: JsonNode[] }
  | { kind: 'string'; line: number; value: string }
  | { kind: 'number'; line: number; value: number }
  | { kind: 'boolean'; line: number; value: boolean }
  | { kind: 'null'; line: number };

/** Offsets where each line starts, for turning node offsets into 1-based lines by binary search. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** 1-based line of character offset `position` in `text`. */
export function lineAt(text: string, position: number): number {
  return lineOf(lineStarts(text), Math.min(position, text.length));
}

function toJsonNode(node: Node, starts: readonly number[]): JsonNode {
  const line = lineOf(starts, node.offset);
  switch (node.type) {
    case 'object': {
      // Later duplicates win, as JSON.parse has it.
      const entries = new Map<string, JsonNode>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) entries.set(key.value as string, toJsonNode(value, starts));
      }
      return { kind: 'object', line, entries };
    }
    case 'array':
      return { kind: 'array', line, items: (node.children ?? []).map((item) => toJsonNode(item, starts)) };
    case 'string':
      return { kind: 'string', line, value: node.value as string };
    case 'number':
      return { kind: 'number', line, value: node.value as number };
    case 'boolean':
      return { kind: 'boolean', line, value: node.value as boolean };
    default:
      return { kind: 'null', line };
  }
}

/**
 * Parses `text`; a syntax error is `PROFILE_SYNTAX` naming `displayName:line`. The line is the
 * parser's first error offset; the wording comes from `JSON.parse` (asked only then), so it
 * reads like every other JSON error the user has seen.
 */
export function parseJsonWithLines(text: string, displayName: string): JsonNode {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (tree && errors.length === 0) return toJsonNode(tree, lineStarts(text));
  const position = errors[0]?.offset ?? text.length;
  let message = 'it is not JSON';
  try {
    JSON.parse(text);
  } catch (native) {
    message = String((native as Error).message);
  }
  const where = `${displayName}:${lineAt(text, position)}`;
  const reason = message.replace(/ (?:in|after) JSON at position \d+.*$/s, '').replace(/, "?\.\.\..*$/s, '');
  throw new AzlError('PROFILE_SYNTAX', `${where} is not valid JSON: ${reason}.`, {
    hint: 'Fix the JSON at that line (a trailing comma or a missing quote is the usual cause).',
    detail: where,
  });
}
