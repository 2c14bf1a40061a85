/** `azl-wsl update NAME [--security] [--snapshot]`: dnf upgrade inside, what changed and what it fixed. */
import { defineCommand } from '../command.js';
import { updateDistro } from '../../wsl/lifecycle/update-distro.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS } from './wsl-options.js';
import { lifecycleCall, lifecycleRenderer, printResult } from './lifecycle-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const updateCommand = defineCommand({
  name: 'update',
  summary: 'Update a distribution in place with its own dnf',
  help: `Usage: azl-wsl update NAME [--security] [--snapshot]

Runs dnf upgrade inside NAME as root, with progress; shows what changed (packages from → to)
and which advisories the updates fix (dnf updateinfo), and records both in
/etc/azl-wsl/install.json.

  --security             only the updates that fix security advisories
  --snapshot             take a verified snapshot first (undo with \`azl-wsl restore\`)
${WSL_HELP}
  --json                 progress and result as JSON lines`,
  options: { ...WSL_OPTIONS, security: { type: 'boolean' }, snapshot: { type: 'boolean' } },
  positionals: { max: 1, complete: 'none' },
  completions: WSL_COMPLETIONS,
  async run(context, { values, positionals }) {
    const distro = positionals[0];
    if (!distro) throw usageError('Name the distribution to update.', 'update');
    const renderer = lifecycleRenderer(context, values.json);
    try {
      const result = await updateDistro({ ...lifecycleCall(context, values), distro, security: values.security, snapshot: values.snapshot, onProgress: renderer.listener });
      renderer.finish();
      const lines = [
        ...(result.snapshot ? [`Snapshot taken first: ${result.snapshot.id}.`] : []),
        result.packages.length === 0 ? `${result.distro} is up to date${result.security ? ' with every security fix' : ''}.` : `Updated ${result.distro}:`,
        ...result.packages.map((change) => `  ${change.name}.${change.arch}  ${change.from ?? '(new)'} → ${change.to ?? '(removed)'}`),
        ...(result.advisories.length > 0 ? ['Advisories fixed:', ...result.advisories.map((advisory) => `  ${advisory.id}  ${advisory.type}${advisory.severity ? ` (${advisory.severity})` : ''}  ${advisory.package}`)] : []),
        `Recorded in ${result.record}.`,
      ];
      printResult(context, values.json, result, lines);
      return EXIT_OK;
    } finally {
      renderer.finish();
    }
  },
});
