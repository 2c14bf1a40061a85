/** `azl-wsl snapshots [NAME]`: the snapshots kept, newest first; `--verify` checks each one. */
import { defineCommand } from '../command.js';
import { snapshotStoreFor } from '../../wsl/lifecycle/take-snapshot.js';
import { verifyArchive } from '../../wsl/lifecycle/verify-archive.js';
import { formatSize } from '../../wsl/lifecycle/free-space.js';
import { isAzlError } from '../../common/errors.js';
import { printResult } from './lifecycle-options.js';
import { EXIT_FAILURE, EXIT_OK } from '../output/exit-codes.js';

export const snapshotsCommand = defineCommand({
  name: 'snapshots',
  summary: 'List the snapshots (of one distribution or all)',
  help: `Usage: azl-wsl snapshots [NAME] [--verify] [--json]

  --verify               re-check every snapshot (SHA-256, readable to the end); exit 1 if any is damaged
  --json                 print the list as JSON`,
  options: { verify: { type: 'boolean' } },
  positionals: { max: 1, complete: 'none' },
  completions: {},
  async run(context, { values, positionals }) {
    const store = snapshotStoreFor({ env: context.env });
    const infos = await store.list(positionals[0]);
    const damaged = new Map<string, string>();
    if (values.verify) {
      for (const info of infos) {
        try {
          await verifyArchive(store.dataFile(info), { expectedSha256: info.sha256, signal: context.signal });
        } catch (error) {
          if (!isAzlError(error) || error.code === 'CANCELLED') throw error;
          damaged.set(info.id, error.message);
        }
      }
    }
    if (values.json) {
      context.stdout(JSON.stringify(infos.map((info) => ({ ...info, ...(values.verify ? { verified: !damaged.has(info.id), problem: damaged.get(info.id) } : {}) }))) + '\n');
      return damaged.size > 0 ? EXIT_FAILURE : EXIT_OK;
    }
    if (infos.length === 0) {
      printResult(context, false, {}, [`No snapshots${positionals[0] ? ` of ${positionals[0]}` : ''}. Take one with \`azl-wsl snapshot NAME\`.`]);
      return EXIT_OK;
    }
    const lines = infos.map((info) => {
      const status = values.verify ? (damaged.has(info.id) ? '  DAMAGED' : '  ok') : '';
      return `${info.id}  ${info.distro.padEnd(16)}  ${info.createdAt.slice(0, 19).replace('T', ' ')}  ${formatSize(info.sizeBytes).padStart(7)}  ${info.reason.padEnd(7)}  ${info.defaultUser ?? 'root'}${info.note ? `  "${info.note}"` : ''}${status}`;
    });
    printResult(context, false, {}, ['ID                    DISTRIBUTION      TAKEN (UTC)          SIZE     REASON   USER', ...lines]);
    for (const [id, problem] of damaged) context.stderr(`${id}: ${problem}\n`);
    return damaged.size > 0 ? EXIT_FAILURE : EXIT_OK;
  },
});
