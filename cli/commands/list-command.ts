/** `azl-wsl list`: the registered distributions, as WSL reports them. */
import { defineCommand } from '../command.js';
import { listDistros } from '../../wsl/driver/wsl-list.js';
import { isBuilderName } from '../../wsl/builder/builder-names.js';
import { TEMP_NAME_PREFIX } from '../../wsl/lifecycle/upgrade-distro.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const listCommand = defineCommand({
  name: 'list',
  summary: 'List the WSL distributions',
  help: `Usage: azl-wsl list [--all] [--json]

  --all                  also show azl-wsl's hidden distributions (builders azl-wsl-builder-*, and
                         azl-wsl-tmp-* while an upgrade, restore or move runs)
${WSL_HELP}
  --json                 print the list as JSON`,
  options: { ...WSL_OPTIONS, all: { type: 'boolean' } },
  completions: WSL_COMPLETIONS,
  async run(context, { values }) {
    // The builder distributions are tools, not something the user installed; `--all` shows them.
    const distros = (await listDistros(wslCallOptions(context, values))).filter((distro) => values.all || (!isBuilderName(distro.name) && !distro.name.startsWith(TEMP_NAME_PREFIX)));
    if (values.json) {
      context.stdout(JSON.stringify(distros) + '\n');
      return EXIT_OK;
    }
    if (distros.length === 0) {
      context.stdout('No WSL distributions are installed. Install one with `azl-wsl install --file IMAGE --name NAME`.\n');
      return EXIT_OK;
    }
    const width = Math.max(4, ...distros.map((distro) => distro.name.length));
    const lines = [`  ${'NAME'.padEnd(width)}  ${'STATE'.padEnd(12)}  VERSION`];
    for (const distro of distros) {
      lines.push(`${distro.isDefault ? '*' : ' '} ${distro.name.padEnd(width)}  ${distro.state.padEnd(12)}  ${distro.version}`);
    }
    context.stdout(lines.join('\n') + '\n');
    return EXIT_OK;
  },
});
