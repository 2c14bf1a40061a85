/** `azl-wsl remove NAME`: unregister a distribution (its files are deleted by WSL). */
import { defineCommand } from '../command.js';
import { findDistro } from '../../wsl/driver/wsl-list.js';
import { unregisterDistro } from '../../wsl/driver/wsl-unregister.js';
import { AzlError } from '../../common/errors.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { createPrompter } from '../prompts/terminal-prompt.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_FAILURE, EXIT_OK } from '../output/exit-codes.js';

export const removeCommand = defineCommand({
  name: 'remove',
  summary: 'Unregister a distribution and delete its disk',
  help: `Usage: azl-wsl remove NAME [--yes]

Unregisters NAME: WSL deletes its virtual disk and everything in it. Asks for confirmation
unless --yes is given (required when not running on a terminal).

  --yes                  do not ask
${WSL_HELP}
  --json                 print the result as JSON`,
  options: { ...WSL_OPTIONS, yes: { type: 'boolean' } },
  positionals: { max: 1, complete: 'none' },
  completions: WSL_COMPLETIONS,
  async run(context, { values, positionals }) {
    const name = positionals[0];
    if (!name) throw usageError('Name the distribution to remove.', 'remove');
    const call = wslCallOptions(context, values);
    const entry = await findDistro(name, call);
    if (!entry) {
      throw new AzlError('DISTRO_NOT_FOUND', `There is no WSL distribution named "${name}".`, { hint: 'Run `azl-wsl list` to see the names.' });
    }
    if (!values.yes) {
      if (!context.stdin.isTTY) throw usageError('Pass --yes to remove without a terminal to confirm on.', 'remove');
      const sure = await createPrompter(context.stdin, context.stderr).confirm(`Delete ${entry.name} and all its files?`);
      if (!sure) {
        context.stderr('Nothing was removed.\n');
        return EXIT_FAILURE;
      }
    }
    await unregisterDistro(entry.name, call);
    context.stdout(values.json ? JSON.stringify({ kind: 'result', removed: entry.name }) + '\n' : `Removed ${entry.name}.\n`);
    return EXIT_OK;
  },
});
