/** `azl-wsl plan`: shows what a build would do, without building. */
import type { Command } from '../command.js';
import { parseOptions } from '../parse-options.js';
import { formatPlan } from '../../rootfs/plan/format-plan.js';
import { PROFILE_HELP, PROFILE_OPTIONS, planFromOptions } from './profile-options.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'Read a profile and print the build plan',
  help: `Usage: azl-wsl plan --profile FILE [options]

Reads an Azure Linux image description and prints the build plan: repositories, package
sets, files, scripts, users and where each came from (file:line). Nothing is built.

${PROFILE_HELP}
  --json                 print the plan as JSON
  --debug                show stack traces on errors`,
  async run(context) {
    const { values } = parseOptions('plan', context.args, PROFILE_OPTIONS);
    const plan = await planFromOptions('plan', values);
    context.stdout(values.json ? JSON.stringify(plan, null, 2) + '\n' : formatPlan(plan));
    return EXIT_OK;
  },
};
