import { AzlError } from '../../common/errors.js';

/** A mistake in the command line itself: exit code 2, and the command's help is suggested. */
export function usageError(message: string, command?: string): AzlError {
  return new AzlError('USAGE', message, {
    hint: command ? `Run \`azl-wsl help ${command}\` to see its options.` : 'Run `azl-wsl help` to see the commands.',
  });
}
