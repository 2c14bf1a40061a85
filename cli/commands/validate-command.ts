/** `azl-wsl validate FILE`: Microsoft's image checks on any .wsl/.tar.gz, ours or not. */
import { defineCommand } from '../command.js';
import { formatValidationReport, validateImage } from '../../rootfs/validate/validate-image.js';
import { usageError } from '../output/usage-error.js';
import { ARCHES, checkArch } from './profile-options.js';
import { requireReadableFile } from './input-file.js';
import { EXIT_FAILURE, EXIT_OK } from '../output/exit-codes.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check a .wsl / .tar.gz image the way WSL\'s validator does',
  help: `Usage: azl-wsl validate FILE [--arch ARCH] [--json]

Runs every rule of WSL's image validator (validate-modern.py) on FILE: errors make the image
unfit for wsl --install, warnings are worth fixing. Exit code 1 when there are errors.

  --arch ARCH   expected architecture of /bin/sh and /sbin/init (default: this machine's)
  --json        print the report as JSON`,
  options: { arch: { type: 'string' } },
  positionals: { max: 1, complete: 'file' },
  completions: { arch: ARCHES },
  async run(context, { values, positionals }) {
    const file = positionals[0];
    if (!file) throw usageError('Name the image file to validate, as in `azl-wsl validate IMAGE.wsl`.', 'validate');
    checkArch('validate', values.arch);
    await requireReadableFile(file, 'The image file');
    const report = await validateImage(file, { arch: values.arch, signal: context.signal });
    context.stdout(values.json ? JSON.stringify(report, null, 2) + '\n' : formatValidationReport(report));
    return report.errors.length > 0 ? EXIT_FAILURE : EXIT_OK;
  },
});
