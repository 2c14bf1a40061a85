/** `azl-wsl install`: register a .wsl with wsl.exe and set up the first account, all or nothing. */
import { defineCommand, type CommandContext } from '../command.js';
import { ensureDistro, installDistro, type InstallOptions } from '../../wsl/install/install-distro.js';
import { parseAnswerFile } from '../../wsl/answers/answer-file.js';
import { fetchImage } from '../../wsl/install/fetch-image.js';
import { ACCOUNT_COMPLETIONS, ACCOUNT_HELP, ACCOUNT_OPTIONS, accountFromOptions } from './account-options.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

const METHODS = ['auto', 'from-file', 'import'] as const;

export const installCommand = defineCommand({
  name: 'install',
  summary: 'Register an image with WSL and create the first user',
  help: `Usage: azl-wsl install --file IMAGE --name NAME [options]
       azl-wsl install --answers FILE [--wsl PATH] [--json]

Checks the machine (WSL present and recent enough, virtualization, disk, name, location),
registers IMAGE (wsl --install --from-file, or wsl --import on older WSL), records the install
in /etc/azl-wsl/install.json, creates the first Linux user as root inside it, makes that user
the default and verifies it. A failure at any step removes the half-made distribution and any
folder this run created; after a crash or kill, the next install (or --answers run) of the same
name finishes or removes what the interrupted one left, and says which.

  --file IMAGE           the .wsl / .tar.gz / .tar to install
  --name NAME            distribution name (letters, digits, . _ -)
  --location DIR         install folder (default: WSL's, or %LOCALAPPDATA%\\wsl\\NAME for import)
  --method METHOD        auto (default) | from-file | import
${ACCOUNT_HELP}
  --no-user              register only; the distribution then starts as root
  --answers FILE         unattended install from an answer file (docs/answer-file.md);
                         idempotent: re-running reports "already as requested"
  --allow-official-name  allow a name like the official AzureLinux-4* image
${WSL_HELP}
  --json                 progress and result as JSON lines`,
  options: {
    ...ACCOUNT_OPTIONS,
    ...WSL_OPTIONS,
    file: { type: 'string' },
    name: { type: 'string' },
    location: { type: 'string' },
    method: { type: 'string' },
    'no-user': { type: 'boolean' },
    answers: { type: 'string' },
    'allow-official-name': { type: 'boolean' },
  },
  completions: { ...ACCOUNT_COMPLETIONS, ...WSL_COMPLETIONS, file: 'file', location: 'directory', method: METHODS, answers: 'file' },
  async run(context, { values }) {
    const renderer = createProgressRenderer({
      mode: values.json ? 'json' : context.isTTY ? 'tty' : 'plain',
      write: values.json ? context.stdout : context.stderr,
    });
    const base = { ...wslCallOptions(context, values), onProgress: renderer.listener, allowOfficialName: values['allow-official-name'] };
    try {
      if (values.answers !== undefined) {
        const conflicting = ['file', 'name', 'location', 'method', 'user', 'no-user'].filter((key) => values[key as keyof typeof values] !== undefined);
        if (conflicting.length > 0) throw usageError(`--answers takes everything from the file; drop --${conflicting.join(', --')}.`, 'install');
        const answers = await parseAnswerFile(values.answers);
        const image = await fetchImage(answers.image, { signal: context.signal, onProgress: renderer.listener });
        const result = await ensureDistro({
          ...base,
          file: image.path,
          sha256: image.sha256,
          name: answers.name,
          location: answers.location,
          method: answers.method,
          account: answers.account,
        });
        renderer.finish();
        report(context, values.json, { status: result.status, name: answers.name, recovered: result.recovered, message: withRecovery(result.message, result.recovered) });
        return EXIT_OK;
      }

      if (!values.file) throw usageError('--file is required (or --answers).', 'install');
      if (!values.name) throw usageError('--name is required.', 'install');
      const method = (values.method ?? 'auto') as InstallOptions['method'];
      if (!METHODS.includes(method)) throw usageError(`--method is one of ${METHODS.join(', ')}.`, 'install');
      if (values['no-user'] && values.user !== undefined) throw usageError('Choose either --user or --no-user.', 'install');
      const account = values['no-user'] ? undefined : await accountFromOptions('install', values, context, { allowNone: false });
      const result = await installDistro({ ...base, file: values.file, name: values.name, location: values.location, method, account });
      renderer.finish();
      report(context, values.json, {
        status: 'installed',
        name: result.name,
        method: result.method,
        location: result.location,
        user: result.account?.user,
        recovered: result.recovered,
        installId: result.record.installId,
        message: withRecovery(`Installed ${result.name} (${result.method})${result.account ? ` with the default user ${result.account.user}` : ', starting as root'}. Open it with: wsl -d ${result.name}`, result.recovered),
      });
      return EXIT_OK;
    } finally {
      renderer.finish();
    }
  },
});

/** The result line, preceded by what was done about an interrupted earlier install. */
function withRecovery(message: string, recovered: string | undefined): string {
  return recovered ? `${recovered}\n${message}` : message;
}

function report(context: CommandContext, json: boolean | undefined, result: Record<string, unknown> & { message: string }): void {
  context.stdout(json ? JSON.stringify({ kind: 'result', ...result }) + '\n' : `${result.message}\n`);
}
