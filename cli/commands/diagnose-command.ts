/** `azl-wsl diagnose --out FILE.zip`: a bundle for the helpdesk, secrets redacted. */
import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { collectDiagnostics, writeDiagnosticsZip } from '../../wsl/diagnostics/diagnostics-bundle.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';
import { POLICY_COMPLETIONS, POLICY_HELP, POLICY_OPTIONS, policyFor } from './policy-options.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';

export const diagnoseCommand = defineCommand({
  name: 'diagnose',
  summary: 'Save a diagnostics bundle (zip) for the helpdesk, secrets redacted',
  help: `Usage: azl-wsl diagnose --out FILE.zip [options]

Collects wsl --version, --status and -l -v, .wslconfig, the admin policy in effect, the doctor
checks, the inventory, recent logs (ensure runs, app jobs), build manifests and install
journals into one zip. Proxy credentials, tokens, password hashes and private keys are replaced
by [redacted] before anything is written.

  --out FILE.zip         where to write the bundle (required)
  --manifest FILE        also include this build manifest (repeatable)
  --start                start stopped distributions for the inventory
${POLICY_HELP}
${WSL_HELP}
  --json                 print the result as JSON`,
  options: { ...WSL_OPTIONS, ...POLICY_OPTIONS, out: { type: 'string' }, manifest: { type: 'string', multiple: true }, start: { type: 'boolean' } },
  completions: { ...WSL_COMPLETIONS, ...POLICY_COMPLETIONS, out: 'file', manifest: 'file' },
  async run(context, { values }) {
    if (!values.out) throw usageError('--out FILE.zip is required.', 'diagnose');
    const out = resolve(values.out.endsWith('.zip') ? values.out : `${values.out}.zip`);
    const policy = await policyFor(context, values).catch((error: Error) => ({ source: `unreadable: ${error.message}` }));
    const renderer = createProgressRenderer({ mode: values.json ? 'json' : context.isTTY ? 'tty' : 'plain', write: values.json ? context.stdout : context.stderr });
    let count: number;
    try {
      const entries = await collectDiagnostics({ ...wslCallOptions(context, values), env: context.env, policy, manifests: values.manifest ?? [], start: values.start, onProgress: renderer.listener });
      await writeDiagnosticsZip(entries, out);
      count = entries.length;
    } finally {
      renderer.finish();
    }
    context.stdout(values.json ? JSON.stringify({ kind: 'result', out, files: count }) + '\n' : `Saved ${out} (${count} files, secrets redacted). Send it to your helpdesk.\n`);
    return EXIT_OK;
  },
});
