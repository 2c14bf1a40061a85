/** `azl-wsl builder status|refresh|remove`: the hidden WSL distro builds run in on Windows. */
import { defineCommand } from '../command.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS } from './wsl-options.js';
import { builderStatus, ensureBuilder, removeBuilder } from '../../wsl/builder/builder-distro.js';
import { BUILDER_SOURCE_HELP, BUILDER_SOURCE_OPTIONS, builderOptionsFrom } from './executor-options.js';

export const BUILDER_OPTIONS = { ...WSL_OPTIONS, release: { type: 'string' }, ...BUILDER_SOURCE_OPTIONS } as const;

export const BUILDER_HELP = `${WSL_HELP}
  --release 4.0|3.0      Azure Linux release of the builder (default 4.0)
${BUILDER_SOURCE_HELP}`;

export const builderCommand = defineCommand({
  name: 'builder',
  summary: 'Show, refresh or remove the WSL builder distro',
  help: `Usage: azl-wsl builder status|refresh|remove [options]

On Windows, builds run inside a hidden WSL distro (azl-wsl-builder-<release>) made from the
Azure Linux base container image. It is created on the first build, reused afterwards and
re-imported when the base image changes.

  status                 whether the builder exists and what it was made from
  refresh                pull the base image and re-import the builder
  remove                 unregister the builder and delete its folder

${BUILDER_HELP}
  --json                 print the result as JSON`,
  options: BUILDER_OPTIONS,
  positionals: { max: 1, complete: ['status', 'refresh', 'remove'] },
  completions: { ...WSL_COMPLETIONS, release: ['4.0', '3.0'], 'ca-file': 'file' },
  async run(context, { values, positionals }) {
    const action = positionals[0];
    if (action !== 'status' && action !== 'refresh' && action !== 'remove') {
      throw usageError(action ? `Unknown builder action "${action}"; use status, refresh or remove.` : 'Say what to do: status, refresh or remove.', 'builder');
    }
    const options = await builderOptionsFrom('builder', context, values);
    if (action === 'status') {
      const status = await builderStatus(options);
      if (values.json) context.stdout(JSON.stringify({ kind: 'result', ...status }) + '\n');
      else if (!status.registered) context.stdout(`No builder: ${status.name} is not registered. The next build on Windows creates it.\n`);
      else {
        context.stdout(
          [
            `Builder:    ${status.name}`,
            `Location:   ${status.location}`,
            `Base image: ${status.marker?.baseImage ?? 'unknown (no marker; run `azl-wsl builder refresh`)'}`,
            `Digest:     ${status.marker?.baseDigest ?? 'unknown'}`,
            `Created:    ${status.marker?.createdAt ?? 'unknown'}`,
          ].join('\n') + '\n',
        );
      }
      return EXIT_OK;
    }
    if (action === 'remove') {
      const removed = await removeBuilder(options);
      const name = (await builderStatus(options)).name;
      if (values.json) context.stdout(JSON.stringify({ kind: 'result', removed, name }) + '\n');
      else context.stdout(removed ? `Removed the builder ${name}.\n` : `There was no builder ${name} to remove.\n`);
      return EXIT_OK;
    }
    const renderer = createProgressRenderer({ mode: values.json ? 'json' : context.isTTY ? 'tty' : 'plain', write: values.json ? context.stdout : context.stderr });
    let result;
    try {
      result = await ensureBuilder({ ...options, force: true, onProgress: renderer.listener });
    } finally {
      renderer.finish();
    }
    if (values.json) context.stdout(JSON.stringify({ kind: 'result', ...result }) + '\n');
    else context.stdout(`Builder ${result.name} ${result.action} from ${result.marker.baseImage} (${result.marker.baseDigest}).\n`);
    return EXIT_OK;
  },
});
