/** `azl-wsl builder status|refresh|remove`: the hidden WSL distro builds run in on Windows. */
import type { Command, CommandContext } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { builderStatus, ensureBuilder, removeBuilder, type BuilderOptions } from '../../wsl/builder/builder-distro.js';
import { resolveBuildNetwork } from '../../wsl/builder/build-network.js';
import type { BuilderRelease } from '../../wsl/builder/builder-names.js';

export const BUILDER_OPTIONS = {
  ...WSL_OPTIONS,
  release: { type: 'string' },
  'base-image': { type: 'string' },
  'plain-http': { type: 'boolean' },
  'ca-file': { type: 'string', multiple: true },
  'windows-ca': { type: 'boolean' },
  'no-windows-ca': { type: 'boolean' },
} as const;

export const BUILDER_HELP = `${WSL_HELP}
  --release 4.0|3.0      Azure Linux release of the builder (default 4.0)
  --base-image REF       builder base image (default: the release's Azure Linux base image;
                         $AZL_WSL_BUILDER_IMAGE also sets it)
  --plain-http           talk plain http to the base image's registry (lab registries only)
  --ca-file PEM          extra root CA to trust (repeatable)
  --no-windows-ca        do not trust the extra roots of the Windows certificate store
                         (trusted by default on Windows: CurrentUser and LocalMachine Root,
                         minus the public roots Node already knows; --windows-ca forces it on)`;

interface BuilderOptionValues {
  wsl?: string;
  release?: string;
  'base-image'?: string;
  'plain-http'?: boolean;
  'ca-file'?: string[];
  'windows-ca'?: boolean;
  'no-windows-ca'?: boolean;
}

/** Builder options from the command line and environment (proxy: HTTPS_PROXY…, or the Windows system proxy; CAs: --ca-file, plus the Windows root store on Windows). */
export async function builderOptionsFrom(command: string, context: CommandContext, values: BuilderOptionValues): Promise<BuilderOptions> {
  const release = values.release ?? '4.0';
  if (release !== '4.0' && release !== '3.0') throw usageError(`Unknown release "${release}"; use 4.0 or 3.0.`, command);
  if (values['windows-ca'] && values['no-windows-ca']) throw usageError('Use --windows-ca or --no-windows-ca, not both.', command);
  const network = await resolveBuildNetwork({
    env: context.env,
    caFiles: values['ca-file'] ?? [],
    windowsCa: values['no-windows-ca'] ? false : values['windows-ca'],
    dataDir: context.env.AZL_WSL_DATA_DIR,
    signal: context.signal,
    log: (text) => context.stderr(`${text}\n`),
  });
  return {
    ...wslCallOptions(context, values),
    release: release as BuilderRelease,
    baseImage: values['base-image'] ?? context.env.AZL_WSL_BUILDER_IMAGE,
    plainHttp: values['plain-http'],
    dataDir: context.env.AZL_WSL_DATA_DIR,
    network,
  };
}

export const builderCommand: Command = {
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
  async run(context) {
    const { values, positionals } = parseOptions('builder', context.args, BUILDER_OPTIONS, 1);
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
};
