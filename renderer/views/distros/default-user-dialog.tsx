/** Set default user: which Linux user `wsl -d NAME` starts as, chosen from the distribution's accounts (the current one shown). */
import { useEffect, useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody, Select, Spinner, makeStyles, tokens,
} from '@fluentui/react-components';
import type { ApiError, DistroAccounts, DistroInfo } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useAppStore } from '../../state/app-store-context.js';

const useStyles = makeStyles({
  content: { display: 'grid', gap: tokens.spacingVerticalM },
});

export function DefaultUserDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const styles = useStyles();
  const setDefaultUser = useAppStore((state) => state.setDefaultUser);
  const distroAccounts = useAppStore((state) => state.distroAccounts);
  const [accounts, setAccounts] = useState<DistroAccounts>();
  const [user, setUser] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    void distroAccounts(distro.name).then((result) => {
      if (!result.ok) setError(result.error);
      else {
        setAccounts(result.value);
        setUser(result.value.defaultUser);
      }
    });
  }, [distroAccounts, distro.name]);
  const submit = async () => {
    setBusy(true);
    const outcome = await setDefaultUser(distro.name, user);
    setBusy(false);
    if (outcome) setError(outcome);
    else onClose();
  };
  const unchanged = accounts !== undefined && user === accounts.defaultUser;
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && !busy && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (user && !unchanged) void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>Default user of {distro.name}</DialogTitle>
            <DialogContent className={styles.content}>
              {!accounts && !error && <Spinner size="tiny" label="Reading the accounts…" labelPosition="after" />}
              {accounts && (
                <>
                  <p data-testid="current-default-user">
                    {distro.name} starts as <strong>{accounts.defaultUser}</strong> now.
                  </p>
                  <Field label="Default user">
                    <Select value={user} onChange={(_event, data) => setUser(data.value)} autoFocus>
                      {accounts.users.map((account) => (
                        <option key={account.name} value={account.name}>
                          {account.name} (uid {account.uid}){account.name === accounts.defaultUser ? ' — current' : ''}
                        </option>
                      ))}
                    </Select>
                  </Field>
                </>
              )}
              {user === 'root' && !unchanged && (
                <MessageBar intent="warning" data-testid="root-warning">
                  <MessageBarBody>
                    Every shell of {distro.name} would run as root: one mistyped command can break the whole distribution, and programs
                    that refuse to run as root stop working. Keep a normal account as the default and use sudo when needed.
                  </MessageBarBody>
                </MessageBar>
              )}
              {error && <ErrorNotice error={error} />}
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={!user || unchanged || busy}>
                {busy ? 'Setting…' : 'Set user'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
