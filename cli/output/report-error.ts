/**
 * Turns any failure into what the user sees: one sentence and the next step, never a stack
 * trace (unless --debug), or a JSON object with --json.
 */
import { isAzlError } from '../../common/errors.js';
import { EXIT_FAILURE, EXIT_USAGE } from './exit-codes.js';
import { inputErrorFrom } from './input-errors.js';

export interface ErrorReportOptions {
  json: boolean;
  debug: boolean;
  write: (text: string) => void;
}

export function reportError(error: unknown, options: ErrorReportOptions): number {
  const expected = isAzlError(error) ? error : inputErrorFrom(error);
  if (expected) {
    if (options.json) {
      options.write(JSON.stringify({ kind: 'error', error: expected.toJSON() }) + '\n');
    } else {
      let text = `azl-wsl: ${expected.message}\n`;
      if (expected.detail) text += indent(expected.detail) + '\n';
      if (expected.hint) text += `Next step: ${expected.hint}\n`;
      if (options.debug && expected.stack) text += expected.stack + '\n';
      options.write(text);
    }
    return expected.code === 'USAGE' ? EXIT_USAGE : EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    options.write(JSON.stringify({ kind: 'error', error: { code: 'INTERNAL', message } }) + '\n');
  } else {
    options.write(`azl-wsl: internal error: ${message}\n`);
    if (options.debug && error instanceof Error && error.stack) options.write(error.stack + '\n');
    else options.write('Next step: run again with --debug and report the output as a bug.\n');
  }
  return EXIT_FAILURE;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
