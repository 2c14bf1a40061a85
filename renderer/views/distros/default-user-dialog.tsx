/** Set default user: which Linux user `wsl -d NAME` starts as. */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input } from '@fluentui/react-components';
import type { ApiError, DistroInfo } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useAppStore } from '../../state/app-store-context.js';

export function DefaultUserDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const setDefaultUser = useAppStore((state) => state.setDefaultUser);
  const [user, setUser] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const submit = async () => {
    setBusy(true);
    const outcome = await setDefaultUser(distro.name, user);
    setBusy(false);
    if (outcome) setError(outcome);
    else onClose();
  };
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && !busy && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (user) void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>Default user of {distro.name}</DialogTitle>
            <DialogContent>
              <Field label="Default user">
                <Input value={user} onChange={(_event, data) => setUser(data.value)} autoComplete="off" autoFocus />
              </Field>
              {error && <ErrorNotice error={error} />}
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={!user || busy}>
                Set user
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
