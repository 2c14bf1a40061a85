/**
 * Snapshot: a verified copy of the distribution in the snapshot folder (restore it with
 * `azl-wsl restore NAME ID`), with an optional note; the dialog lists the snapshots kept, shows
 * the engine's steps and has a Cancel button (a cancelled snapshot leaves no file).
 */
import { useEffect, useState } from 'react';
import { Field, Input, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import type { DistroInfo, SnapshotSummary } from '../../../electron/contract/api.js';
import { useAppStore } from '../../state/app-store-context.js';
import { DistroDialog } from './distro-dialog.js';
import { JobActions, JobProgress, useDialogJob } from './job-dialog.js';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, fontSize: tokens.fontSizeBase200 },
});

function describe(snapshot: SnapshotSummary): string {
  const size = `${(snapshot.sizeBytes / 1024 ** 2).toFixed(1)} MB`;
  return `${snapshot.id} — ${new Date(snapshot.createdAt).toLocaleString()}, ${size}${snapshot.note ? `, “${snapshot.note}”` : ''}`;
}

export function SnapshotDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const styles = useStyles();
  const startSnapshot = useAppStore((state) => state.startSnapshot);
  const listSnapshots = useAppStore((state) => state.distroSnapshots);
  const [note, setNote] = useState('');
  const [snapshots, setSnapshots] = useState<SnapshotSummary[]>();
  const dialogJob = useDialogJob();
  const { job, running, done, setError } = dialogJob;
  useEffect(() => {
    void listSnapshots(distro.name).then((result) => (result.ok ? setSnapshots(result.value) : setError(result.error)));
  }, [listSnapshots, distro.name, done, setError]);
  return (
    <DistroDialog
      title={`Snapshot ${distro.name}`}
      busy={running}
      onClose={onClose}
      canSubmit={!running && !done}
      onSubmit={() => void dialogJob.start(() => startSnapshot(distro.name, note))}
      actions={<JobActions dialogJob={dialogJob} noun="snapshot" label="Take snapshot" runningLabel="Taking the snapshot…" canStart onClose={onClose} />}
    >
      <Field label="Note (optional)" hint="Shown in the list of snapshots, e.g. “before the experiment”.">
        <Input value={note} onChange={(_event, data) => setNote(data.value)} disabled={running || done} autoFocus />
      </Field>
      <JobProgress dialogJob={dialogJob} noun="snapshot" running={`Taking a snapshot of ${distro.name}; it keeps running.`} cancelled="The snapshot was cancelled; no file was kept.">
        {done && job?.snapshot && (
          <MessageBar intent="success" layout="multiline" role="status" data-testid="snapshot-done">
            <MessageBarBody>
              Snapshot {job.snapshot.id} taken and verified. Restore it with: azl-wsl restore {distro.name} {job.snapshot.id}
            </MessageBarBody>
          </MessageBar>
        )}
      </JobProgress>
      {snapshots && snapshots.length > 0 && (
        <div data-testid="snapshot-list">
          <p>Snapshots kept ({snapshots.length}):</p>
          <ul className={styles.list}>
            {snapshots.map((snapshot) => (
              <li key={snapshot.id}>{describe(snapshot)}</li>
            ))}
          </ul>
        </div>
      )}
    </DistroDialog>
  );
}
