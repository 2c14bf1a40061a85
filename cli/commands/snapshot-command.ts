/** `azl-wsl snapshot NAME` (take one) and `azl-wsl snapshot --prune KEEP [NAME]` (keep the newest). */
import { defineCommand } from '../command.js';
import { snapshotStoreFor, takeSnapshot } from '../../wsl/lifecycle/take-snapshot.js';
import { SNAPSHOT_FORMATS, type SnapshotFormat } from '../../wsl/lifecycle/snapshot-store.js';
import { formatSize } from '../../wsl/lifecycle/free-space.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS } from './wsl-options.js';
import { lifecycleCall, lifecycleRenderer, printResult } from './lifecycle-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const snapshotCommand = defineCommand({
  name: 'snapshot',
  summary: 'Take a verified snapshot of a distribution (or prune old ones)',
  help: `Usage: azl-wsl snapshot NAME [--note TEXT] [--format tar|tar.gz|tar.xz]
       azl-wsl snapshot --prune KEEP [NAME]

Exports NAME into your snapshot folder (%LOCALAPPDATA%\\azl-wsl\\snapshots, or
$AZL_WSL_SNAPSHOT_DIR), checks it (SHA-256, readable to the end) and records its default user,
default-distribution status and Terminal profile for \`azl-wsl restore\`. Free space is checked
first. NAME keeps running; the snapshot holds its files as they were while it was exported.

  --note TEXT            a note shown by \`azl-wsl snapshots\`
  --format FORMAT        tar (default: fastest), tar.gz or tar.xz (smaller, slower)
  --prune KEEP           delete all but the newest KEEP snapshots of NAME (or of every distribution)
${WSL_HELP}
  --json                 progress and result as JSON lines`,
  options: {
      ...WSL_OPTIONS,
      note: { type: 'string' },
      format: { type: 'string' },
      prune: { type: 'string' },
    },
  positionals: { max: 1, complete: 'none' },
  completions: { ...WSL_COMPLETIONS, format: SNAPSHOT_FORMATS },
  async run(context, { values, positionals }) {
    const distro = positionals[0];
    const call = lifecycleCall(context, values);
    if (values.prune !== undefined) {
      if (!/^\d+$/.test(values.prune)) throw usageError('--prune takes the number of snapshots to keep (0 or more).', 'snapshot');
      if (values.note !== undefined || values.format !== undefined) throw usageError('--prune takes no --note or --format.', 'snapshot');
      const removed = await snapshotStoreFor(call).prune(Number(values.prune), distro);
      printResult(context, values.json, { removed: removed.map((info) => ({ id: info.id, distro: info.distro })) }, [
        removed.length === 0 ? 'Nothing to prune.' : `Deleted ${removed.length} snapshot${removed.length === 1 ? '' : 's'}: ${removed.map((info) => `${info.distro} ${info.id}`).join(', ')}.`,
      ]);
      return EXIT_OK;
    }
    if (!distro) throw usageError('Name the distribution to snapshot.', 'snapshot');
    const format = (values.format ?? 'tar') as SnapshotFormat;
    if (!SNAPSHOT_FORMATS.includes(format)) throw usageError(`--format is one of ${SNAPSHOT_FORMATS.join(', ')}.`, 'snapshot');
    const renderer = lifecycleRenderer(context, values.json);
    try {
      const info = await takeSnapshot({ ...call, distro, note: values.note, format, onProgress: renderer.listener });
      renderer.finish();
      printResult(context, values.json, { snapshot: info }, [`Snapshot ${info.id} of ${info.distro} taken (${formatSize(info.sizeBytes)}, SHA-256 ${info.sha256.slice(0, 12)}…).`]);
      return EXIT_OK;
    } finally {
      renderer.finish();
    }
  },
});
