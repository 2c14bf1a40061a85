/** `azl-wsl advisories IMAGE.wsl|NAME`: the security advisories that apply to an image or a distribution. */
import { stat } from 'node:fs/promises';
import { defineCommand } from '../command.js';
import { imageAdvisories, type AdvisoryReport } from '../../rootfs/repository/image-advisories.js';
import { readManifest } from '../../rootfs/manifest/image-manifest.js';
import { applyRepositoryOverrides } from '../../rootfs/plan/repository-overrides.js';
import { siblingManifestPath } from '../../wsl/install/install-record.js';
import { distroAdvisories } from '../../wsl/trust/distro-advisories.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const advisoriesCommand = defineCommand({
  name: 'advisories',
  summary: 'List the security advisories that apply to an image or a distribution',
  help: `Usage: azl-wsl advisories IMAGE.wsl|NAME [--repo URL]... [--set-repo URL]...

The advisories (the repositories' updateinfo) that apply to the packages of an image file or
an installed distribution, as published now: advisory id, severity, type, CVEs, and each
affected package with the installed and the fixed version; the worst first.

For an image file, its manifest (IMAGE.manifest.json beside it) gives the package list and the
repositories it was built from. For a distribution, its own dnf refreshes the repositories it
is configured with and its rpm database gives the packages (nothing is installed or changed).

  --repo URL             also read this repository's advisories (images only; repeatable)
  --set-repo URL         read these repositories instead of the build's (images only; repeatable)
${WSL_HELP}
  --json                 the result as one JSON line`,
  options: { ...WSL_OPTIONS, repo: { type: 'string', multiple: true }, 'set-repo': { type: 'string', multiple: true } },
  positionals: { max: 1, complete: 'file' },
  completions: WSL_COMPLETIONS,
  async run(context, { values, positionals }) {
    const target = positionals[0];
    if (!target) throw usageError('Name an image file or a distribution.', 'advisories');
    const isFile = await stat(target).then((info) => info.isFile(), () => false);
    let report: AdvisoryReport;
    if (isFile) {
      const manifest = await readManifest(target.endsWith('.manifest.json') ? target : siblingManifestPath(target));
      const plan = applyRepositoryOverrides(manifest.plan, { add: values.repo ?? [], set: values['set-repo'] ?? [] });
      report = await imageAdvisories(manifest, { repositories: plan.repositories.map((repo) => ({ alias: repo.alias, url: repo.url })), signal: context.signal });
    } else {
      if (values.repo !== undefined || values['set-repo'] !== undefined) throw usageError('--repo and --set-repo are for image files; a distribution uses the repositories it is configured with.', 'advisories');
      report = await distroAdvisories(target, wslCallOptions(context, values));
    }
    if (values.json) {
      context.stdout(JSON.stringify({ kind: 'result', target, ...report }) + '\n');
      return EXIT_OK;
    }
    const lines: string[] = [];
    const security = report.advisories.filter((advisory) => advisory.type === 'security').length;
    lines.push(report.advisories.length === 0 ? `No advisories apply to ${target}.` : `${report.advisories.length} advisories apply to ${target} (${security} security):`);
    for (const advisory of report.advisories) {
      lines.push(`  ${advisory.id}  ${advisory.severity ?? '-'}  ${advisory.type}${advisory.cves.length > 0 ? `  ${advisory.cves.join(', ')}` : ''}`);
      for (const pkg of advisory.packages) lines.push(`      ${pkg.name}.${pkg.arch}  ${pkg.installed} → fixed in ${pkg.fixed}`);
    }
    for (const repository of report.repositories) if (repository.note) lines.push(`Note: ${repository.alias}: ${repository.note}`);
    context.stdout(lines.join('\n') + '\n');
    return EXIT_OK;
  },
});
