/** `azl-wsl restore NAME SNAPSHOT`: back to a snapshot, same name, default user and Terminal profile. */
import { defineCommand } from '../command.js';
import { restoreSnapshot } from '../../wsl/lifecycle/restore-snapshot.js';
import { findDistro } from '../../wsl/driver/wsl-list.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS } from './wsl-options.js';
import { CONFIRM_HELP, CONFIRM_OPTIONS, confirmChange, lifecycleCall, lifecycleRenderer, printResult } from './lifecycle-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_FAILURE, EXIT_OK } from '../output/exit-codes.js';

export const restoreCommand = defineCommand({
  name: 'restore',
  summary: 'Restore a distribution from a snapshot',
  help: `Usage: azl-wsl restore NAME SNAPSHOT [--location DIR] [--yes]

Verifies the snapshot (SHA-256, readable to the end: a damaged one is refused), imports it and
puts it in place of NAME (or creates NAME), then re-applies the default user, default-distribution
status and Windows Terminal profile (a bare \`wsl --import\` would start as root). NAME's current
files are replaced: take a snapshot first if you want to keep them.

  --location DIR         folder for the disk (default: where NAME is now, else where it was)
${CONFIRM_HELP}
${WSL_HELP}
  --json                 progress and result as JSON lines`,
  options: { ...WSL_OPTIONS, ...CONFIRM_OPTIONS, location: { type: 'string' } },
  positionals: { max: 2, complete: 'none' },
  completions: { ...WSL_COMPLETIONS, location: 'directory' },
  async run(context, { values, positionals }) {
    const [distro, snapshot] = positionals;
    if (!distro || !snapshot) throw usageError('Name the distribution and the snapshot id (see `azl-wsl snapshots`).', 'restore');
    const call = lifecycleCall(context, values);
    const existing = await findDistro(distro, call);
    if (existing && !(await confirmChange(context, 'restore', values.yes, `Replace ${existing.name} and all its current files with the snapshot ${snapshot}?`))) {
      context.stderr('Nothing was changed.\n');
      return EXIT_FAILURE;
    }
    const renderer = lifecycleRenderer(context, values.json);
    try {
      const result = await restoreSnapshot({ ...call, distro, snapshot, location: values.location, onProgress: renderer.listener });
      renderer.finish();
      printResult(context, values.json, result, [
        ...(result.recovered ? [result.recovered] : []),
        `${result.replaced ? 'Restored' : 'Re-created'} ${result.distro} from the snapshot ${result.snapshot.id}; it starts as ${result.defaultUser ?? 'root'}.`,
      ]);
      return EXIT_OK;
    } finally {
      renderer.finish();
    }
  },
});
