/** What the lifecycle commands share: confirmation, progress, the engine's call options. */
import type { CommandContext } from '../command.js';
import { createPrompter } from '../prompts/terminal-prompt.js';
import { createProgressRenderer, type ProgressRenderer } from '../output/progress-renderer.js';
import { usageError } from '../output/usage-error.js';
import { wslCallOptions } from './wsl-options.js';

export const CONFIRM_OPTIONS = { yes: { type: 'boolean' } } as const;
export const CONFIRM_HELP = '  --yes                  do not ask (required when not running on a terminal)';

/**
 * Asks before a change to a distribution's data unless --yes. Refuses without a terminal to ask
 * on; resolves false when the user declines.
 */
export async function confirmChange(context: CommandContext, command: string, yes: boolean | undefined, question: string): Promise<boolean> {
  if (yes) return true;
  if (!context.stdin.isTTY) throw usageError('Pass --yes to go ahead without a terminal to confirm on.', command);
  return createPrompter(context.stdin, context.stderr).confirm(question);
}

/** The progress renderer for --json / TTY / plain output. */
export function lifecycleRenderer(context: CommandContext, json: boolean | undefined): ProgressRenderer {
  return createProgressRenderer({ mode: json ? 'json' : context.isTTY ? 'tty' : 'plain', write: json ? context.stdout : context.stderr });
}

/** wsl.exe call options plus the environment (snapshot folder, state folder, simulator). */
export function lifecycleCall(context: CommandContext, values: { wsl?: string }) {
  return { ...wslCallOptions(context, values), env: context.env };
}

/** Prints the result as one JSON line or as text lines. */
export function printResult(context: CommandContext, json: boolean | undefined, result: object, lines: string[]): void {
  context.stdout(json ? JSON.stringify({ kind: 'result', ...result }) + '\n' : lines.join('\n') + '\n');
}
