/** `azl-wsl plan`: shows what a build would do, without building. */
import { defineCommand } from '../command.js';
import { formatPlan } from '../../rootfs/plan/format-plan.js';
import { formatParityReport } from '../../rootfs/transform/parity-report.js';
import type { SourcePlanSummary } from '../../rootfs/executor/build-executor.js';
import { PROFILE_COMPLETIONS, PROFILE_HELP, PROFILE_OPTIONS, planFromOptions } from './profile-options.js';
import { EXECUTOR_COMPLETIONS, EXECUTOR_HELP, EXECUTOR_OPTIONS, builderModeFrom, choicesFrom, enforceRepositoryPolicy, executorFromOptions } from './executor-options.js';
import { resolveRequest } from '../../rootfs/executor/build-request.js';
import { saveReview } from '../../rootfs/executor/review-store.js';
import { defaultCacheDir } from '../../rootfs/build/build-image.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

/** One line: how many packages each set of the profile names, before the transform. */
function formatSourceSummary(summary: SourcePlanSummary): string {
  const { bootstrap, image, uninstall, delete: deleted, ignore } = summary.packages;
  return (
    `Source profile ${summary.profileName} (type ${summary.imageType}, Azure Linux ${summary.releaseVersion}, ${summary.arch}): ` +
    `${bootstrap} bootstrap, ${image} image, ${uninstall} uninstall, ${deleted} delete, ${ignore} ignored packages\n`
  );
}

export const planCommand = defineCommand({
  name: 'plan',
  summary: 'Read a profile and print the build plan',
  help: `Usage: azl-wsl plan --profile FILE [options]

Reads an Azure Linux image description and prints the build plan: repositories, package
sets, files, scripts, users and where each came from (file:line). Nothing is built.

With --transform, prints the plan after the WSL transform and the parity report (every change from
the cloud image and why). That asks the repositories which packages they offer, with dnf:
on this machine when it can build (Linux, dnf, root), else in the WSL builder distro. The review
is kept under the cache folder and named by a digest: azl-wsl build with the same options and
--review-digest DIGEST builds exactly this plan, and refuses if the profile or its repositories
changed since.

${PROFILE_HELP}
  --transform            show the WSL plan and parity report (needs dnf: see --builder)
  --no-gpgcheck          with --transform: do not check repository signatures (test repositories only)
  --cache-dir DIR        with --transform: download cache on this machine, and where the review
                         is kept (default: ~/.cache/azl-wsl)
${EXECUTOR_HELP}
  --json                 print the plan as JSON (with --transform: {plan, parity, sourcePlan, review})
  --debug                show stack traces on errors`,
  options: {
    ...PROFILE_OPTIONS,
    transform: { type: 'boolean' },
    'no-gpgcheck': { type: 'boolean' },
    'cache-dir': { type: 'string' },
    ...EXECUTOR_OPTIONS,
  },
  completions: { ...PROFILE_COMPLETIONS, ...EXECUTOR_COMPLETIONS, 'cache-dir': 'directory' },
  async run(context, { values }) {
    if (!values.transform) {
      const given = ['no-gpgcheck', 'cache-dir', ...Object.keys(EXECUTOR_OPTIONS)].find((option) => (values as Record<string, unknown>)[option] !== undefined);
      if (given) throw usageError(`--${given} only applies with --transform.`, 'plan');
    }
    builderModeFrom('plan', values);
    const plan = await planFromOptions('plan', values);
    if (!values.transform) {
      context.stdout(values.json ? JSON.stringify(plan, null, 2) + '\n' : formatPlan(plan));
      return EXIT_OK;
    }

    await enforceRepositoryPolicy(context, values, plan);
    const { executor, network } = await executorFromOptions('plan', context, values);
    // Progress (the builder's creation, the repository query) goes to stderr: stdout is the plan.
    const renderer = createProgressRenderer({ mode: context.isTTY ? 'tty' : 'plain', write: context.stderr });
    let resolved;
    try {
      resolved = await executor.resolve(resolveRequest(choicesFrom(plan, values), { cacheDir: values['cache-dir'], network }), { signal: context.signal, onProgress: renderer.listener });
    } finally {
      renderer.finish();
    }
    await saveReview(values['cache-dir'] ?? defaultCacheDir(), resolved);
    if (values.json) {
      context.stdout(JSON.stringify({ plan: resolved.plan, parity: resolved.parity, sourcePlan: resolved.sourcePlan, review: resolved.review }, null, 2) + '\n');
      return EXIT_OK;
    }
    const review = `Review ${resolved.review.digest}: build exactly this plan with azl-wsl build, the same options and --review-digest ${resolved.review.digest}\n`;
    context.stdout([formatPlan(resolved.plan), formatSourceSummary(resolved.sourcePlan), formatParityReport(resolved.parity), review].join('\n'));
    return EXIT_OK;
  },
});
