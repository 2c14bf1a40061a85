/**
 * Strict option parsing on top of node:util parseArgs. Its errors become usage errors (exit 2)
 * written as sentences, with the option the user most likely meant.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './output/usage-error.js';
import { nearestName } from './output/nearest-name.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

function parse<T extends OptionSpec>(args: string[], options: T) {
  return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, strict: true, allowPositionals: true });
}

/** What parsing one command's arguments gives: the option values and the positional arguments. */
export type ParsedOptions<T extends OptionSpec> = ReturnType<typeof parse<T>>;

/** The option a parseArgs message names (`'--profiel'`, `'--profile <value>'`, `'-x'`). */
function optionIn(message: string): string | undefined {
  return /'(--?[^' ]+)/.exec(message)?.[1];
}

/** parseArgs' message as a sentence saying what to do, with the nearest known option. */
function sentenceFor(error: unknown, command: string, options: OptionSpec): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = optionIn(message) ?? '';
  const known = Object.keys({ ...COMMON_OPTIONS, ...options }).map((name) => `--${name}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = nearestName(option.split('=')[0]!, known);
    return `${command} has no option ${option}.${guess ? ` Did you mean ${guess}?` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = option.replace(/^--?/, '');
    const spec = Object.entries({ ...COMMON_OPTIONS, ...options }).find(([long, value]) => long === name || (value as { short?: string }).short === name);
    if (spec && spec[1].type === 'boolean') return `--${spec[0]} is a switch and takes no value.`;
    return `--${spec?.[0] ?? name} needs a value, as in --${spec?.[0] ?? name} VALUE.`;
  }
  return message.replace(/\. To specify a positional.*$/s, '.');
}

/** Parses one command's arguments; any mistake is a usage error naming the command's help. */
export function parseOptions<T extends OptionSpec>(command: string, args: string[], options: T, maxPositionals = 0): ParsedOptions<T> {
  let parsed: ParsedOptions<T>;
  try {
    parsed = parse(args, options);
  } catch (error) {
    throw usageError(sentenceFor(error, command, options), command);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals]!;
    throw usageError(
      maxPositionals === 0 ? `${command} takes no arguments besides options, but "${extra}" was given.` : `${command} takes at most ${maxPositionals} argument${maxPositionals === 1 ? '' : 's'}; "${extra}" is one too many.`,
      command,
    );
  }
  return parsed;
}

/** Reads --json/--debug before full parsing, so even a usage error can be reported as JSON. */
export function peekCommonFlags(args: string[]): { json: boolean; debug: boolean } {
  return { json: args.includes('--json'), debug: args.includes('--debug') };
}
