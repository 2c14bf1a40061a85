/** `azl-wsl set-default-user NAME USER`: which user `wsl -d NAME` starts as. */
import { defineCommand } from '../command.js';
import { changeDefaultUser } from '../../wsl/account/change-default-user.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { POLICY_COMPLETIONS, POLICY_HELP, POLICY_OPTIONS, policyFor } from './policy-options.js';
import { defaultUserVerdicts, refuseIfBroken } from '../../wsl/policy/policy-rules.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const setDefaultUserCommand = defineCommand({
  name: 'set-default-user',
  summary: 'Choose the user a distribution starts as',
  help: `Usage: azl-wsl set-default-user NAME USER

Merges [user] default=USER into the distribution's /etc/wsl.conf (other settings kept), uses
wsl --manage --set-default-user where WSL supports it, restarts the distribution and checks.

${POLICY_HELP}
${WSL_HELP}
  --json                 print the result as JSON`,
  options: { ...WSL_OPTIONS, ...POLICY_OPTIONS },
  positionals: { max: 2, complete: 'none' },
  completions: { ...WSL_COMPLETIONS, ...POLICY_COMPLETIONS },
  async run(context, { values, positionals }) {
    const [distro, user] = positionals;
    if (!distro || !user) throw usageError('Name the distribution and the user.', 'set-default-user');
    const policy = await policyFor(context, values);
    refuseIfBroken(policy, defaultUserVerdicts(policy, user));
    await changeDefaultUser(distro, user, wslCallOptions(context, values));
    context.stdout(values.json ? JSON.stringify({ kind: 'result', distro, user }) + '\n' : `${distro} now starts as ${user}.\n`);
    return EXIT_OK;
  },
});
