/** `azl-wsl ensure --answers FILE`: one distribution at the wanted image, idempotently, reported as one JSON result. */
import { defineCommand } from '../command.js';
import { parseAnswerFile } from '../../wsl/answers/answer-file.js';
import { ensureImage, type EnsureReport } from '../../wsl/fleet/ensure-image.js';
import { openRegistry } from '../../wsl/registry/registry.js';
import { isAzlError } from '../../common/errors.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { POLICY_COMPLETIONS, POLICY_HELP, POLICY_OPTIONS, policyFor } from './policy-options.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { usageError } from '../output/usage-error.js';
import { appendRunLog } from '../../wsl/diagnostics/run-log.js';
import {
  EXIT_CONFLICT,
  EXIT_FAILURE,
  EXIT_NEEDS_INSTALL,
  EXIT_NEEDS_UPGRADE,
  EXIT_OK,
  EXIT_POLICY_REFUSED,
  EXIT_RUNNING_AS_SYSTEM,
  EXIT_USAGE,
} from '../output/exit-codes.js';

/** The exit code for a report (documented in the help and windows/intune/README.md). */
export function ensureExitCode(report: EnsureReport): number {
  switch (report.state) {
    case 'compliant':
    case 'installed':
    case 'upgraded':
      return EXIT_OK;
    case 'needs-upgrade':
      return EXIT_NEEDS_UPGRADE;
    case 'needs-install':
      return EXIT_NEEDS_INSTALL;
    case 'refused':
      return report.reason === 'policy' ? EXIT_POLICY_REFUSED : report.reason === 'system' ? EXIT_RUNNING_AS_SYSTEM : EXIT_CONFLICT;
    case 'failed':
      return report.error?.code === 'USAGE' ? EXIT_USAGE : EXIT_FAILURE;
  }
}

export const ensureCommand = defineCommand({
  name: 'ensure',
  summary: 'Bring a distribution to the image an answer file asks for (fleets, Intune)',
  help: `Usage: azl-wsl ensure --answers FILE [--check] [options]

Makes the distribution the answer file names run the image it asks for (image.catalog,
image.version, image.sha256; docs/answer-file.md), with its first account, and changes nothing
that is already right. An older image is upgraded as \`azl-wsl upgrade\` does (a verified snapshot
first; /home, accounts and settings carried over); a newer one is never downgraded. Runs in the user's context: distributions belong to one Windows user,
so running as SYSTEM is refused. Admin policy is checked before anything is downloaded.

Prints exactly one JSON object on stdout: {"state": ..., "distro", "changed", "message",
"wanted", "installed", and for refusals "reason" and "policy": {"key", "value"}}; progress
goes to stderr.

  state            exit  meaning
  compliant          0   already at the wanted image, starting as the wanted user
  installed          0   was missing and is now installed (or its account was added)
  upgraded           0   was at an older (or different) image and now runs the wanted one
  needs-upgrade     10   --check only: runs an older or different image
  refused           11   the admin policy forbids the image or the account
  refused           12   running as SYSTEM (set the Intune app's install behavior to User)
  refused           13   a distribution of that name was not installed by azl-wsl, or runs a
                         newer image (ensure never downgrades)
  needs-install     14   --check only: missing, or not starting as the wanted user
  failed             1   anything else (the error is in "error"); 2 for a usage error

  --answers FILE         the answer file (required)
  --check                report only, change nothing (detection scripts)
  --catalog PATH|URL     the catalog to use instead of the one WSL is pointed at
${POLICY_HELP}
${WSL_HELP}
  --json                 progress on stderr as JSON lines too`,
  options: { ...WSL_OPTIONS, ...POLICY_OPTIONS, answers: { type: 'string' }, check: { type: 'boolean' }, catalog: { type: 'string' } },
  completions: { ...WSL_COMPLETIONS, ...POLICY_COMPLETIONS, answers: 'file', catalog: 'file' },
  async run(context, { values }) {
    const renderer = createProgressRenderer({ mode: values.json ? 'json' : context.isTTY ? 'tty' : 'plain', write: context.stderr });
    let report: EnsureReport;
    try {
      if (!values.answers) throw usageError('--answers FILE is required.', 'ensure');
      const answers = await parseAnswerFile(values.answers);
      const policy = await policyFor(context, values);
      report = await ensureImage({
        ...wslCallOptions(context, values),
        env: context.env,
        answers,
        policy,
        registry: openRegistry({ env: context.env, signal: context.signal }),
        catalog: values.catalog,
        check: values.check,
        onProgress: renderer.listener,
      });
    } catch (error) {
      if (!isAzlError(error) || error.code === 'CANCELLED') throw error;
      report = { state: 'failed', distro: '', changed: false, message: error.message, error: error.toJSON() };
    } finally {
      renderer.finish();
    }
    context.stdout(JSON.stringify(report) + '\n');
    // What ran on this machine and when, for `azl-wsl diagnose`.
    await appendRunLog('ensure', { answers: values.answers, check: values.check === true, ...report }, context.env);
    return ensureExitCode(report);
  },
});
