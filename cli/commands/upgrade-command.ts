/** `azl-wsl upgrade NAME --file IMAGE`: a new image under the same name, homes, accounts and settings kept. */
import { defineCommand } from '../command.js';
import { upgradeDistro } from '../../wsl/lifecycle/upgrade-distro.js';
import { resolveCatalogImage } from '../../wsl/catalog/catalog-image.js';
import { fetchCatalogImage, type PreparedImage } from '../../wsl/install/image-source.js';
import { enforceImagePolicy } from '../../wsl/policy/install-policy.js';
import { openRegistry } from '../../wsl/registry/registry.js';
import { POLICY_COMPLETIONS, POLICY_HELP, POLICY_OPTIONS, policyFor } from './policy-options.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS } from './wsl-options.js';
import { CONFIRM_HELP, CONFIRM_OPTIONS, confirmChange, lifecycleCall, lifecycleRenderer, printResult } from './lifecycle-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_FAILURE, EXIT_OK } from '../output/exit-codes.js';

export const upgradeCommand = defineCommand({
  name: 'upgrade',
  summary: 'Move a distribution to a new image, keeping /home, accounts and settings',
  help: `Usage: azl-wsl upgrade NAME --file IMAGE [--keep PATH]... [options]
       azl-wsl upgrade NAME --catalog-name N [--keep PATH]... [options]

Takes a verified snapshot of NAME, registers IMAGE under a temporary name, carries over /home,
the accounts of uid 1000 and up (passwd, shadow, group, gshadow, supplementary groups), their
/etc/sudoers.d files, every /etc/wsl.conf setting (the default user too), the SSH host keys and
the --keep paths, checks that the default user's shell starts, and only then puts the new
distribution in place of the old one under the same name, with the same default user,
default-distribution status and Windows Terminal profile. Other /etc files that differ are
listed for review, never merged. NAME is stopped while this runs.

A failure before the swap rolls back (NAME untouched); an interrupted upgrade is finished or
rolled back by the next upgrade of NAME or by \`azl-wsl doctor\`, which say which.

  --file IMAGE           the new .wsl / .tar.gz / .tar image
  --catalog-name N       the new image from your organization's catalog (a flavor means its
                         Default entry; docs/fleet.md); checked against the admin policy
  --catalog PATH|URL     the catalog to use instead of the one WSL is pointed at
  --keep PATH            also carry this path (absolute, inside the distribution); repeatable
  --location DIR         folder for the new disk (default: where NAME's disk is now)
  --sha256 HEX           refuse the image unless it has this SHA-256
${CONFIRM_HELP}
${POLICY_HELP}
${WSL_HELP}
  --json                 progress and result as JSON lines`,
  options: {
      ...WSL_OPTIONS,
      ...CONFIRM_OPTIONS,
      file: { type: 'string' },
      keep: { type: 'string', multiple: true },
      location: { type: 'string' },
      sha256: { type: 'string' },
      'catalog-name': { type: 'string' },
      catalog: { type: 'string' },
      ...POLICY_OPTIONS,
    },
  positionals: { max: 1, complete: 'none' },
  completions: { ...WSL_COMPLETIONS, ...POLICY_COMPLETIONS, file: 'file', location: 'directory', catalog: 'file' },
  async run(context, { values, positionals }) {
    const distro = positionals[0];
    if (!distro) throw usageError('Name the distribution to upgrade.', 'upgrade');
    const catalogName = values['catalog-name'];
    if ((values.file === undefined) === (catalogName === undefined)) throw usageError('Give the new image: --file IMAGE or --catalog-name N.', 'upgrade');
    if (values.catalog !== undefined && catalogName === undefined) throw usageError('--catalog goes with --catalog-name.', 'upgrade');
    if (values.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(values.sha256)) throw usageError('--sha256 takes 64 hexadecimal digits.', 'upgrade');
    const registry = openRegistry({ env: context.env, signal: context.signal });
    const entry = catalogName === undefined ? undefined : await resolveCatalogImage({ name: catalogName, sha256: values.sha256, catalog: values.catalog }, { registry, signal: context.signal });
    await enforceImagePolicy(await policyFor(context, values), { catalogImage: entry, file: values.file, sha256: values.sha256, signal: context.signal });
    if (!(await confirmChange(context, 'upgrade', values.yes, `Upgrade ${distro} to ${entry?.name ?? values.file}? It will be stopped while this runs.`))) {
      context.stderr('Nothing was changed.\n');
      return EXIT_FAILURE;
    }
    const renderer = lifecycleRenderer(context, values.json);
    try {
      const image: PreparedImage = entry ? await fetchCatalogImage(entry, { signal: context.signal, onProgress: renderer.listener }) : { file: values.file!, sha256: values.sha256, identity: {} };
      const result = await upgradeDistro({
        ...lifecycleCall(context, values),
        distro,
        file: image.file,
        imageIdentity: image.identity,
        keep: values.keep,
        location: values.location,
        sha256: image.sha256,
        onProgress: renderer.listener,
      });
      renderer.finish();
      const lines = [
        ...(result.recovered ? [result.recovered] : []),
        `Upgraded ${result.distro} to ${result.image.name ?? result.image.file}${result.defaultUser ? `; it starts as ${result.defaultUser}` : ''}.`,
        `Carried over: ${result.carried.trees.join(', ')}; accounts ${result.carried.users.join(', ') || '(none)'}${result.carried.groups.length ? `; groups ${result.carried.groups.join(', ')}` : ''}` +
          `${result.carried.sudoers.length ? `; ${result.carried.sudoers.join(', ')}` : ''}${result.carried.sshHostKeys.length ? `; ${result.carried.sshHostKeys.length} SSH host key files` : ''}` +
          `${result.carried.wslConfKeys.length ? `; wsl.conf ${result.carried.wslConfKeys.join(', ')}` : ''}.`,
        `Snapshot taken first: ${result.snapshot.id} (restore it with \`azl-wsl restore ${result.distro} ${result.snapshot.id}\`).`,
      ];
      if (result.etcChanges.length > 0) {
        lines.push('These /etc files differ from the new image and were NOT carried over; review them (the old versions are in the snapshot):');
        for (const change of result.etcChanges) lines.push(`  ${change.path}  (${change.kind === 'changed' ? 'changed' : 'not in the new image'})`);
      }
      printResult(context, values.json, result, lines);
      return EXIT_OK;
    } finally {
      renderer.finish();
    }
  },
});
