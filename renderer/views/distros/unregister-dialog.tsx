/** Unregister: deletes the distribution and its disk, only after its exact name is typed. */
import { useState } from 'react';
import { Field, Input } from '@fluentui/react-components';
import type { DistroInfo } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useAppStore } from '../../state/app-store-context.js';
import { ConfirmActions, DistroDialog, useDialogAction } from './distro-dialog.js';

export function UnregisterDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const unregister = useAppStore((state) => state.unregisterDistro);
  const [typed, setTyped] = useState('');
  const { busy, error, run } = useDialogAction(onClose);
  const confirmed = typed === distro.name;
  return (
    <DistroDialog
      title={`Unregister ${distro.name}?`}
      alert
      busy={busy}
      onClose={onClose}
      canSubmit={confirmed}
      onSubmit={() => void run(() => unregister(distro.name, typed))}
      actions={<ConfirmActions label={`Unregister ${distro.name}`} busy={busy} disabled={!confirmed} onCancel={onClose} />}
    >
      <p>
        Unregistering deletes <strong>{distro.name}</strong> and everything in it. Type its name to confirm.
      </p>
      <Field label="Distribution name">
        <Input value={typed} onChange={(_event, data) => setTyped(data.value)} autoComplete="off" autoFocus />
      </Field>
      {error && <ErrorNotice error={error} />}
    </DistroDialog>
  );
}
