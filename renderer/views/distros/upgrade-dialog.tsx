/**
 * Upgrade: the distribution moves to a new image under the same name, with /home, the accounts
 * and their settings carried over and a verified snapshot taken first. The dialog says what will
 * happen and asks for a confirmation (the distribution is stopped, only the listed things are
 * carried), then shows the engine's steps with a Cancel button (honoured until the old
 * registration is about to be replaced; the distribution is then as it was), and ends with what
 * was carried and which /etc files to review.
 */
import { useState } from 'react';
import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, makeStyles, tokens,
} from '@fluentui/react-components';
import type { ApiError, DistroInfo } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { useApi, useAppStore } from '../../state/app-store-context.js';

const useStyles = makeStyles({
  content: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalM, overflowWrap: 'anywhere' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', minWidth: 0 },
  grow: { flex: 1, minWidth: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

/** The --keep paths typed in one field: separated by commas, spaces or new lines. */
function keepPaths(text: string): string[] {
  return text.split(/[\s,]+/).map((path) => path.trim()).filter((path) => path !== '');
}

export function UpgradeDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const styles = useStyles();
  const api = useApi();
  const startUpgrade = useAppStore((state) => state.startUpgrade);
  const cancelJob = useAppStore((state) => state.cancelJob);
  const fileDialogs = useAppStore((state) => state.settings?.fileDialogs ?? false);
  const [image, setImage] = useState('');
  const [keep, setKeep] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [jobId, setJobId] = useState<string>();
  const job = useAppStore((state) => (jobId ? state.jobs[jobId] : undefined));
  const cancelling = useAppStore((state) => (jobId ? Boolean(state.cancelling[jobId]) : false));
  const running = job?.state === 'running';
  const done = job?.state === 'succeeded';
  const badKeep = keepPaths(keep).find((path) => !path.startsWith('/'));
  const canStart = image.trim() !== '' && confirmed && !badKeep && !running && !done;
  const browse = async () => {
    const result = await api.dialogs.openFile('image', image || undefined);
    if (result.ok && result.value) setImage(result.value);
  };
  const submit = async () => {
    setError(undefined);
    const result = await startUpgrade({ name: distro.name, image: image.trim(), keep: keepPaths(keep) });
    if (!result.ok) setError(result.error);
    else setJobId(result.value.id);
  };
  const upgraded = done ? job.upgraded : undefined;
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && !running && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (canStart) void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>Upgrade {distro.name}</DialogTitle>
            <DialogContent className={styles.content}>
              <div className={styles.row}>
                <Field className={styles.grow} label="New image" hint="The .wsl (or .tar.gz) image to move to." required>
                  <Input value={image} onChange={(_event, data) => setImage(data.value)} disabled={running || done} autoFocus />
                </Field>
                {fileDialogs && (
                  <Button type="button" onClick={() => void browse()} disabled={running || done}>
                    Browse…
                  </Button>
                )}
              </div>
              <Field
                label="Also keep (optional)"
                hint="Absolute paths to carry besides /home, such as /opt/tools; separate them with commas."
                validationState={badKeep ? 'error' : 'none'}
                validationMessage={badKeep ? `${badKeep} is not an absolute path.` : undefined}
              >
                <Input value={keep} onChange={(_event, data) => setKeep(data.value)} disabled={running || done} />
              </Field>
              {!job && (
                <MessageBar intent="info" layout="multiline">
                  <MessageBarBody>
                    A verified snapshot of {distro.name} is taken first. Carried over: /home, the accounts (uid 1000 and up, with their passwords and groups), their sudoers files, the
                    wsl.conf settings and default user, the SSH host keys, and the paths above. Everything else comes from the new image; /etc files that differ are listed for review.
                  </MessageBarBody>
                </MessageBar>
              )}
              {!job && (
                <Checkbox
                  checked={confirmed}
                  onChange={(_event, data) => setConfirmed(Boolean(data.checked))}
                  label={`Stop ${distro.name} and upgrade it (its open terminals and programs close)`}
                />
              )}
              {job && <JobSteps job={job} compact />}
              {running && (
                <p role="status" data-testid="upgrade-status">
                  {cancelling ? 'Cancelling the upgrade…' : `Upgrading ${distro.name}; it keeps its name and your files.`}
                </p>
              )}
              {upgraded && (
                <MessageBar intent="success" layout="multiline" role="status" data-testid="upgrade-done">
                  <MessageBarBody>
                    {distro.name} now runs {upgraded.image}
                    {upgraded.defaultUser ? ` and starts as ${upgraded.defaultUser}` : ''}. Carried over: {upgraded.carried.trees.join(', ')}; accounts {upgraded.carried.users.join(', ') || 'none'}. Snapshot{' '}
                    {upgraded.snapshotId} was taken first.
                  </MessageBarBody>
                </MessageBar>
              )}
              {upgraded && upgraded.etcChanges.length > 0 && (
                <div data-testid="upgrade-review">
                  <p>These /etc files differ from the new image and were not carried over; review them (the old versions are in the snapshot):</p>
                  <ul className={styles.list}>
                    {upgraded.etcChanges.map((change) => (
                      <li key={change.path}>
                        {change.path} ({change.kind === 'changed' ? 'changed' : 'not in the new image'})
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {job?.state === 'cancelled' && (
                <p role="status" data-testid="upgrade-cancelled">
                  The upgrade was cancelled; {distro.name} is as it was.
                </p>
              )}
              {job?.state === 'failed' && job.error && <ErrorNotice error={job.error} />}
              {error && <ErrorNotice error={error} />}
            </DialogContent>
            <DialogActions>
              {running ? (
                <Button type="button" onClick={() => void cancelJob(job.id)} disabled={cancelling}>
                  {cancelling ? 'Cancelling…' : 'Cancel upgrade'}
                </Button>
              ) : (
                <Button type="button" onClick={onClose} appearance={done ? 'primary' : 'secondary'}>
                  Close
                </Button>
              )}
              {!done && !job?.state.match(/cancelled|failed/) && (
                <Button type="submit" appearance="primary" disabled={!canStart}>
                  {running ? 'Upgrading…' : 'Upgrade'}
                </Button>
              )}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
