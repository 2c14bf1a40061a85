/**
 * Snapshot: a verified copy of the distribution in the snapshot folder (restore it with
 * `azl-wsl restore NAME ID`), with an optional note; the dialog lists the snapshots kept, shows
 * the engine's steps and has a Cancel button (a cancelled snapshot leaves no file).
 */
import { useEffect, useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, makeStyles, tokens,
} from '@fluentui/react-components';
import type { ApiError, DistroInfo, SnapshotSummary } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { useAppStore } from '../../state/app-store-context.js';

const useStyles = makeStyles({
  content: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalM, overflowWrap: 'anywhere' },
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
  const cancelJob = useAppStore((state) => state.cancelJob);
  const [note, setNote] = useState('');
  const [snapshots, setSnapshots] = useState<SnapshotSummary[]>();
  const [error, setError] = useState<ApiError>();
  const [jobId, setJobId] = useState<string>();
  const job = useAppStore((state) => (jobId ? state.jobs[jobId] : undefined));
  const cancelling = useAppStore((state) => (jobId ? Boolean(state.cancelling[jobId]) : false));
  const running = job?.state === 'running';
  const done = job?.state === 'succeeded';
  useEffect(() => {
    void listSnapshots(distro.name).then((result) => (result.ok ? setSnapshots(result.value) : setError(result.error)));
  }, [listSnapshots, distro.name, done]);
  const submit = async () => {
    setError(undefined);
    const result = await startSnapshot(distro.name, note);
    if (!result.ok) setError(result.error);
    else setJobId(result.value.id);
  };
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && !running && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!running && !done) void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>Snapshot {distro.name}</DialogTitle>
            <DialogContent className={styles.content}>
              <Field label="Note (optional)" hint="Shown in the list of snapshots, e.g. “before the experiment”.">
                <Input value={note} onChange={(_event, data) => setNote(data.value)} disabled={running || done} autoFocus />
              </Field>
              {job && <JobSteps job={job} compact />}
              {running && (
                <p role="status" data-testid="snapshot-status">
                  {cancelling ? 'Cancelling the snapshot…' : `Taking a snapshot of ${distro.name}; it keeps running.`}
                </p>
              )}
              {done && job.snapshot && (
                <MessageBar intent="success" layout="multiline" role="status" data-testid="snapshot-done">
                  <MessageBarBody>
                    Snapshot {job.snapshot.id} taken and verified. Restore it with: azl-wsl restore {distro.name} {job.snapshot.id}
                  </MessageBarBody>
                </MessageBar>
              )}
              {job?.state === 'cancelled' && <p role="status">The snapshot was cancelled; no file was kept.</p>}
              {job?.state === 'failed' && job.error && <ErrorNotice error={job.error} />}
              {error && <ErrorNotice error={error} />}
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
            </DialogContent>
            <DialogActions>
              {running ? (
                <Button type="button" onClick={() => void cancelJob(job.id)} disabled={cancelling}>
                  {cancelling ? 'Cancelling…' : 'Cancel snapshot'}
                </Button>
              ) : (
                <Button type="button" onClick={onClose} appearance={done ? 'primary' : 'secondary'}>
                  Close
                </Button>
              )}
              {!done && (
                <Button type="submit" appearance="primary" disabled={running}>
                  {running ? 'Taking the snapshot…' : 'Take snapshot'}
                </Button>
              )}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
