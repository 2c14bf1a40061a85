/** How the CLI finds wsl.exe: `--wsl PATH`, else $AZL_WSL_EXE (for CI), else `wsl.exe` on PATH. */
import type { WslCallOptions } from '../../wsl/driver/wsl-runner.js';
import type { CommandContext } from '../command.js';

export const WSL_OPTIONS = { wsl: { type: 'string' } } as const;
/** Shell completion for --wsl: a program file. */
export const WSL_COMPLETIONS = { wsl: 'file' } as const;
export const WSL_HELP = '  --wsl PATH             the wsl.exe to use (default: $AZL_WSL_EXE, else wsl.exe on PATH)';

export function wslCallOptions(context: CommandContext, values: { wsl?: string }): WslCallOptions {
  return { wslPath: values.wsl ?? context.env.AZL_WSL_EXE ?? undefined, signal: context.signal };
}
