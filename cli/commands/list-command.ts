/** `azl-wsl list`: the registered distributions, as WSL reports them. */
import type { Command } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { listDistros } from '../../wsl/driver/wsl-list.js';
import { WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'List the WSL distributions',
  help: `Usage: azl-wsl list [--json]

${WSL_HELP}
  --json                 print the list as JSON`,
  async run(context) {
    const { values } = parseOptions('list', context.args, WSL_OPTIONS);
    const distros = await listDistros(wslCallOptions(context, values));
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
};
