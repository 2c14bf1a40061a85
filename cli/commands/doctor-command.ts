/** `azl-wsl doctor`: the install preflight on its own, with a sentence per problem. */
import { defineCommand } from '../command.js';
import { formatPreflight, runPreflight } from '../../wsl/preflight/preflight.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { EXIT_FAILURE, EXIT_OK } from '../output/exit-codes.js';
import { recoverAllInterrupted } from '../../wsl/lifecycle/recover-lifecycle.js';
import { registrationsFor } from '../../wsl/lifecycle/distro-facts.js';
import { snapshotStoreFor } from '../../wsl/lifecycle/take-snapshot.js';
import { INSTALL_METHODS, isInstallMethod } from '../../common/install-method.js';
import { usageError } from '../output/usage-error.js';

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'Check that this machine can install distributions',
  help: `Usage: azl-wsl doctor [--name NAME] [--location DIR] [--method auto|from-file|import]

Checks wsl.exe, the WSL version (2.4.4+ for --from-file), virtualization and policy, free
disk at the location, and that NAME is valid and unused. Exit code 1 when a check fails.
An upgrade, restore, move or clone that was interrupted (a crash, kill -9, a closed terminal) is
finished or rolled back, and doctor says which.

  --name NAME            also check this distribution name
  --location DIR         also check this install folder
  --method METHOD        the install method to check for
${WSL_HELP}
  --json                 print the report as JSON`,
  options: {
    ...WSL_OPTIONS,
    name: { type: 'string' },
    location: { type: 'string' },
    method: { type: 'string' },
  },
  completions: { ...WSL_COMPLETIONS, location: 'directory', method: INSTALL_METHODS },
  async run(context, { values }) {
    if (values.method !== undefined && !isInstallMethod(values.method)) throw usageError(`--method is one of ${INSTALL_METHODS.join(', ')}.`, 'doctor');
    const report = await runPreflight({
      ...wslCallOptions(context, values),
      distroName: values.name,
      location: values.location,
      method: values.method,
    });
    const call = { ...wslCallOptions(context, values), env: context.env };
    const recovered = report.ok ? await recoverAllInterrupted({ call, registrations: registrationsFor(call), env: context.env, store: snapshotStoreFor(call) }) : [];
    if (values.json) context.stdout(JSON.stringify({ ...report, recovered }, null, 2) + '\n');
    else context.stdout(formatPreflight(report) + recovered.map((item) => `\n${item.message}`).join('') + '\n');
    return report.ok ? EXIT_OK : EXIT_FAILURE;
  },
});
