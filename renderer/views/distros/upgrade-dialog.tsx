/**
 * Upgrade: the distribution moves to a new image under the same name, with /home, the accounts
 * and their settings carried over and a verified snapshot taken first. The dialog says what will
 * happen and asks for a confirmation (the distribution is stopped, only the listed things are
 * carried), then shows the engine's steps with a Cancel button (honoured until the old
 * registration is about to be replaced; the distribution is then as it was), and ends with what
 * was carried and which /etc files to review.
 */
import { useState } from 'react';
import { Checkbox, Field, Input, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import type { DistroInfo } from '../../../electron/contract/api.js';
import { useApi, useAppStore } from '../../state/app-store-context.js';
import { BrowseRow } from '../../components/browse-row.js';
import { DistroDialog } from './distro-dialog.js';
import { JobActions, JobProgress, useDialogJob } from './job-dialog.js';

const useStyles = makeStyles({
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
  const [image, setImage] = useState('');
  const [keep, setKeep] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const dialogJob = useDialogJob();
  const { job, running, done } = dialogJob;
  const badKeep = keepPaths(keep).find((path) => !path.startsWith('/'));
  const canStart = image.trim() !== '' && confirmed && !badKeep && !running && !done;
  const browse = async () => {
    const result = await api.dialogs.openFile('image', image || undefined);
    if (result.ok && result.value) setImage(result.value);
  };
  const upgraded = done ? job?.upgraded : undefined;
  return (
    <DistroDialog
      title={`Upgrade ${distro.name}`}
      busy={running}
      onClose={onClose}
      canSubmit={canStart}
      onSubmit={() => void dialogJob.start(() => startUpgrade({ name: distro.name, image: image.trim(), keep: keepPaths(keep) }))}
      actions={<JobActions dialogJob={dialogJob} noun="upgrade" label="Upgrade" runningLabel="Upgrading…" canStart={canStart} again={false} onClose={onClose} />}
    >
      <BrowseRow onBrowse={() => void browse()} disabled={running || done}>
        <Field label="New image" hint="The .wsl (or .tar.gz) image to move to." required>
          <Input value={image} onChange={(_event, data) => setImage(data.value)} disabled={running || done} autoFocus />
        </Field>
      </BrowseRow>
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
      <JobProgress dialogJob={dialogJob} noun="upgrade" running={`Upgrading ${distro.name}; it keeps its name and your files.`} cancelled={`The upgrade was cancelled; ${distro.name} is as it was.`}>
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
      </JobProgress>
    </DistroDialog>
  );
}
