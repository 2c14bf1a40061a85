/** Unregister: deletes the distribution and its disk, only after its exact name is typed. */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input } from '@fluentui/react-components';
import type { ApiError, DistroInfo } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useAppStore } from '../../state/app-store-context.js';

export function UnregisterDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const unregister = useAppStore((state) => state.unregisterDistro);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const submit = async () => {
    setBusy(true);
    const outcome = await unregister(distro.name, typed);
    setBusy(false);
    if (outcome) setError(outcome);
    else onClose();
  };
  return (
    <Dialog open modalType="alert" onOpenChange={(_event, data) => !data.open && !busy && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (typed === distro.name) void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>Unregister {distro.name}?</DialogTitle>
            <DialogContent>
              <p>
                Unregistering deletes <strong>{distro.name}</strong> and everything in it. Type its name to confirm.
              </p>
              <Field label="Distribution name">
                <Input value={typed} onChange={(_event, data) => setTyped(data.value)} autoComplete="off" autoFocus />
              </Field>
              {error && <ErrorNotice error={error} />}
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={typed !== distro.name || busy}>
                Unregister {distro.name}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
