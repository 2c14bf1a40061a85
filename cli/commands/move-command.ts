/** `azl-wsl move NAME DIR`: the distribution's disk to another folder, everything else kept. */
import { defineCommand } from '../command.js';
import { moveDistribution } from '../../wsl/lifecycle/move-distro.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS } from './wsl-options.js';
import { CONFIRM_HELP, CONFIRM_OPTIONS, confirmChange, lifecycleCall, lifecycleRenderer, printResult } from './lifecycle-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_FAILURE, EXIT_OK } from '../output/exit-codes.js';

export const moveCommand = defineCommand({
  name: 'move',
  summary: "Move a distribution's disk to another folder",
  help: `Usage: azl-wsl move NAME DIR [--yes]

Checks the free space in DIR (with the size needed), stops NAME and moves its disk with
\`wsl --manage NAME --move DIR\`. On a WSL without it: export, import under a temporary name in
DIR, check, and only then replace the old registration (same name, default user, default status
and Terminal profile). The old one is never removed before the copy is verified.

${CONFIRM_HELP}
${WSL_HELP}
  --json                 progress and result as JSON lines`,
  options: { ...WSL_OPTIONS, ...CONFIRM_OPTIONS },
  positionals: { max: 2, complete: 'directory' },
  completions: WSL_COMPLETIONS,
  async run(context, { values, positionals }) {
    const [distro, location] = positionals;
    if (!distro || !location) throw usageError('Name the distribution and the new folder.', 'move');
    if (!(await confirmChange(context, 'move', values.yes, `Move ${distro} to ${location}? It will be stopped while this runs.`))) {
      context.stderr('Nothing was changed.\n');
      return EXIT_FAILURE;
    }
    const renderer = lifecycleRenderer(context, values.json);
    try {
      const result = await moveDistribution({ ...lifecycleCall(context, values), distro, location, onProgress: renderer.listener });
      renderer.finish();
      printResult(context, values.json, result, [...(result.recovered ? [result.recovered] : []), `Moved ${result.distro} to ${result.to}${result.method === 'copy' ? ' (by copy: this WSL has no --manage --move)' : ''}.`]);
      return EXIT_OK;
    } finally {
      renderer.finish();
    }
  },
});
