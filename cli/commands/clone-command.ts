/** `azl-wsl clone NAME NEWNAME`: a second instance with the same accounts and default user. */
import { defineCommand } from '../command.js';
import { cloneDistribution } from '../../wsl/lifecycle/clone-distro.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS } from './wsl-options.js';
import { lifecycleCall, lifecycleRenderer, printResult } from './lifecycle-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const cloneCommand = defineCommand({
  name: 'clone',
  summary: 'Make a second instance of a distribution',
  help: `Usage: azl-wsl clone NAME NEWNAME [--location DIR]

Streams NAME's export straight into a new registration NEWNAME (no file in between; NAME is
only read), with the same accounts, homes and default user; the clone gets an empty
/etc/machine-id so it is a machine of its own. Free space is checked first.

  --location DIR         folder for the clone's disk (default: %LOCALAPPDATA%\\wsl\\NEWNAME)
${WSL_HELP}
  --json                 progress and result as JSON lines`,
  options: { ...WSL_OPTIONS, location: { type: 'string' } },
  positionals: { max: 2, complete: 'none' },
  completions: { ...WSL_COMPLETIONS, location: 'directory' },
  async run(context, { values, positionals }) {
    const [distro, newName] = positionals;
    if (!distro || !newName) throw usageError('Name the distribution and the name of the clone.', 'clone');
    const renderer = lifecycleRenderer(context, values.json);
    try {
      const result = await cloneDistribution({ ...lifecycleCall(context, values), distro, newName, location: values.location, onProgress: renderer.listener });
      renderer.finish();
      printResult(context, values.json, result, [...(result.recovered ? [result.recovered] : []), `Cloned ${result.source} as ${result.distro} (${result.location}); it starts as ${result.defaultUser ?? 'root'}.`]);
      return EXIT_OK;
    } finally {
      renderer.finish();
    }
  },
});
