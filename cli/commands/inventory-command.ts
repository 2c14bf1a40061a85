/** `azl-wsl inventory`: this user's distributions, their images and the admin policy's verdicts (and the Intune compliance JSON). */
import { defineCommand } from '../command.js';
import { takeInventory, type Inventory } from '../../wsl/fleet/inventory.js';
import { intuneCompliance } from '../../wsl/fleet/intune-compliance.js';
import { POLICY_COMPLETIONS, POLICY_HELP, POLICY_OPTIONS, policyFor } from './policy-options.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { EXIT_OK } from '../output/exit-codes.js';
import { usageError } from '../output/usage-error.js';

export const inventoryCommand = defineCommand({
  name: 'inventory',
  summary: 'List this user\'s distributions with their images and policy compliance',
  help: `Usage: azl-wsl inventory [--json | --intune] [--start] [options]

Every WSL distribution of this Windows user: name, state, WSL version, default user (and
whether it is root), the image azl-wsl recorded in /etc/azl-wsl/install.json (name, version,
SHA-256), os-release, the installed packages (rpm -qa) and the admin policy's verdict on each
rule. A stopped distribution is not started unless --start is given; its inside facts are then
shown as unknown.

  --json                 the whole inventory as JSON
  --intune               the flat JSON an Intune custom compliance discovery script returns
                         (windows/intune/discover-compliance.ps1, compliance-rules.json)
  --start                start stopped distributions to inspect them
  --no-packages          leave out the package lists
${POLICY_HELP}
${WSL_HELP}`,
  options: { ...WSL_OPTIONS, ...POLICY_OPTIONS, intune: { type: 'boolean' }, start: { type: 'boolean' }, 'no-packages': { type: 'boolean' } },
  completions: { ...WSL_COMPLETIONS, ...POLICY_COMPLETIONS },
  async run(context, { values }) {
    if (values.intune && values.json) throw usageError('Choose --json or --intune.', 'inventory');
    const policy = await policyFor(context, values);
    const inventory = await takeInventory({ ...wslCallOptions(context, values), env: context.env, policy, start: values.start, packages: !values['no-packages'] && !values.intune });
    if (values.intune) context.stdout(JSON.stringify(intuneCompliance(inventory)) + '\n');
    else if (values.json) context.stdout(JSON.stringify(inventory, null, 2) + '\n');
    else context.stdout(formatInventory(inventory));
    return EXIT_OK;
  },
});

function formatInventory(inventory: Inventory): string {
  if (inventory.distributions.length === 0) return 'No WSL distributions are installed for this user.\n';
  const lines: string[] = [];
  for (const distro of inventory.distributions) {
    const verdict = distro.compliant === true ? 'compliant' : distro.compliant === false ? 'NOT compliant' : 'compliance unknown';
    lines.push(`${distro.isDefault ? '*' : ' '} ${distro.name} (${distro.state}, WSL ${distro.wslVersion}) — ${verdict}`);
    if (!distro.inspected) {
      lines.push('    not inspected (stopped; run with --start to look inside)');
    } else {
      lines.push(`    default user: ${distro.defaultUser ?? 'unknown'}${distro.defaultUserIsRoot ? ' (root!)' : ''}`);
      lines.push(`    image: ${distro.image ? `${distro.image.name ?? '?'} ${distro.image.version ?? ''} sha256 ${distro.image.sha256.slice(0, 16)}… installed ${distro.image.installedAt}` : 'not installed by azl-wsl'}`);
      if (distro.osRelease?.prettyName) lines.push(`    os: ${distro.osRelease.prettyName}`);
      if (distro.packages) lines.push(`    packages: ${distro.packages.length}`);
    }
    for (const entry of distro.verdicts) lines.push(`    ${entry.ok === true ? 'ok ' : entry.ok === false ? 'NO ' : '?  '} ${entry.rule} = ${entry.value}: ${entry.message}`);
  }
  lines.push(`Policy: ${inventory.policySource}`);
  return lines.join('\n') + '\n';
}
