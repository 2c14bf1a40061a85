/** `azl-wsl setup-user NAME`: create the first account in an installed distribution. */
import { defineCommand } from '../command.js';
import { setupUser } from '../../wsl/install/install-distro.js';
import { ACCOUNT_COMPLETIONS, ACCOUNT_HELP, ACCOUNT_OPTIONS, accountFromOptions, withClashHint } from './account-options.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { POLICY_COMPLETIONS, POLICY_HELP, POLICY_OPTIONS, policyFor } from './policy-options.js';
import { enforceAccountPolicy } from '../../wsl/policy/install-policy.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const setupUserCommand = defineCommand({
  name: 'setup-user',
  summary: 'Create the first user in an installed distribution',
  help: `Usage: azl-wsl setup-user NAME [--user U (--password-stdin | --password-hash H | --no-password)] [options]

For a distribution registered with plain \`wsl --import\` (which never runs first-run setup):
creates the user as root (uid 1000 unless --uid says otherwise, group wheel), sets the password
through stdin, makes the user the default (merged into /etc/wsl.conf) and checks \`id -un\`.
Undone on any failure. When the distribution already has the account (or someone at the uid),
the error says how to keep it (\`azl-wsl set-default-user NAME USER\`) or which uid is free.

${ACCOUNT_HELP}
${POLICY_HELP}
${WSL_HELP}
  --json                 progress and result as JSON lines`,
  options: { ...ACCOUNT_OPTIONS, ...WSL_OPTIONS, ...POLICY_OPTIONS },
  positionals: { max: 1, complete: 'none' },
  completions: { ...ACCOUNT_COMPLETIONS, ...WSL_COMPLETIONS, ...POLICY_COMPLETIONS },
  async run(context, { values, positionals }) {
    const distro = positionals[0];
    if (!distro) throw usageError('Name the distribution.', 'setup-user');
    const policy = await policyFor(context, values);
    const account = (await accountFromOptions('setup-user', values, context, { allowNone: false }))!;
    enforceAccountPolicy(policy, account);
    const renderer = createProgressRenderer({ mode: values.json ? 'json' : context.isTTY ? 'tty' : 'plain', write: values.json ? context.stdout : context.stderr });
    try {
      let result;
      try {
        result = await setupUser({ ...wslCallOptions(context, values), ...account, distro, onProgress: renderer.listener });
      } catch (error) {
        throw withClashHint(error, (user) => `make it the default with \`azl-wsl set-default-user ${distro} ${user}\``);
      }
      renderer.finish();
      context.stdout(
        values.json
          ? JSON.stringify({ kind: 'result', distro, user: result.user, uid: result.uid }) + '\n'
          : `${distro} now starts as ${result.user} (uid ${result.uid}).\n`,
      );
      return EXIT_OK;
    } finally {
      renderer.finish();
    }
  },
});
