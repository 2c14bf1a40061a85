/** `azl-wsl completion bash|powershell`: the shell completion script, generated from the command table. */
import { defineCommand } from '../command.js';
import { usageError } from '../output/usage-error.js';
import { nearestName } from '../output/nearest-name.js';
import { bashCompletion, powershellCompletion } from '../output/shell-completion.js';
import { EXIT_OK } from '../output/exit-codes.js';

const SHELLS = ['bash', 'powershell'] as const;

export const completionCommand = defineCommand({
  name: 'completion',
  summary: 'Print the shell completion script for bash or PowerShell',
  help: `Usage: azl-wsl completion bash|powershell

Prints a script that completes azl-wsl's commands, options and their values (formats,
builders, files) in your shell.

  bash          source <(azl-wsl completion bash)     (or save it in /etc/bash_completion.d/)
  powershell    azl-wsl completion powershell | Out-String | Invoke-Expression
                (add that line to $PROFILE to keep it)`,
  options: {},
  positionals: { max: 1, complete: SHELLS },
  async run(context, { positionals }) {
    const shell = positionals[0];
    if (!shell) throw usageError('Name the shell: bash or powershell.', 'completion');
    if (!(SHELLS as readonly string[]).includes(shell)) {
      const guess = nearestName(shell, SHELLS);
      throw usageError(`There is no completion for "${shell}"; azl-wsl has it for bash and powershell.${guess ? ` Did you mean ${guess}?` : ''}`, 'completion');
    }
    // Imported here: the table imports this command, so it is only read once every module is loaded.
    const { COMMANDS } = await import('../command-table.js');
    const { BUILT_IN_WORDS } = await import('../main.js');
    context.stdout(shell === 'bash' ? bashCompletion(COMMANDS, BUILT_IN_WORDS) : powershellCompletion(COMMANDS, BUILT_IN_WORDS));
    return EXIT_OK;
  },
});
