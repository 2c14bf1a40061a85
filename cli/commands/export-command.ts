/** `azl-wsl export NAME FILE`: back up a distribution with wsl --export. */
import { defineCommand } from '../command.js';
import { exportDistro, exportStopsRunning, EXPORT_TO_STDOUT, type ExportFormat } from '../../wsl/driver/wsl-export.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

const FORMATS: readonly ExportFormat[] = ['tar', 'tar.gz', 'tar.xz', 'vhd'];

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Export a distribution to a tar / .wsl file',
  help: `Usage: azl-wsl export NAME FILE [--format tar|tar.gz|tar.xz|vhd] [--replace]

  --format FORMAT        default: tar.gz for .wsl/.gz files, tar.xz for .xz, else tar
  --replace              replace FILE if it exists (it is replaced only once the export is complete)

WSL stops a running distribution before exporting it: its open shells close.
${WSL_HELP}
  --json                 print the result as JSON`,
  options: { ...WSL_OPTIONS, format: { type: 'string' }, replace: { type: 'boolean' } },
  positionals: { max: 2, complete: 'file' },
  completions: { ...WSL_COMPLETIONS, format: FORMATS },
  async run(context, { values, positionals }) {
    const [name, file] = positionals;
    if (!name || !file) throw usageError('Name the distribution and the output file.', 'export');
    if (file === EXPORT_TO_STDOUT) throw usageError('Name an output file; azl-wsl does not export to stdout (use "wsl --export NAME -" for that).', 'export');
    const format = (values.format ?? (/\.(wsl|gz)$/.test(file) ? 'tar.gz' : /\.xz$/.test(file) ? 'tar.xz' : 'tar')) as ExportFormat;
    if (!FORMATS.includes(format)) throw usageError(`--format is one of ${FORMATS.join(', ')}.`, 'export');
    const call = wslCallOptions(context, values);
    if (await exportStopsRunning(name, call)) context.stderr(`warning: ${name} is running; WSL stops it to export it, and its open shells close.\n`);
    await exportDistro({ ...call, name, file, format, replace: values.replace === true });
    context.stdout(values.json ? JSON.stringify({ kind: 'result', distro: name, file, format }) + '\n' : `Exported ${name} to ${file} (${format}).\n`);
    return EXIT_OK;
  },
});
