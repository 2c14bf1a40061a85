/** Strict option parsing on top of node:util parseArgs, turning its errors into usage errors (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './output/usage-error.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export function parseOptions<T extends OptionSpec>(command: string, args: string[], options: T, maxPositionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '.') : String(error), command);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw usageError(`Unexpected argument "${parsed.positionals[maxPositionals]}".`, command);
  }
  return parsed;
}

/** Reads --json/--debug before full parsing, so even a usage error can be reported as JSON. */
export function peekCommonFlags(args: string[]): { json: boolean; debug: boolean } {
  return { json: args.includes('--json'), debug: args.includes('--debug') };
}
