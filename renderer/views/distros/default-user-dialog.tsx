/** Set default user: which Linux user `wsl -d NAME` starts as, chosen from the distribution's accounts (the current one shown). */
import { useEffect, useState } from 'react';
import { Field, MessageBar, MessageBarBody, Select, Spinner } from '@fluentui/react-components';
import type { DistroAccounts, DistroInfo } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useAppStore } from '../../state/app-store-context.js';
import { ConfirmActions, DistroDialog, useDialogAction } from './distro-dialog.js';

export function DefaultUserDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const setDefaultUser = useAppStore((state) => state.setDefaultUser);
  const distroAccounts = useAppStore((state) => state.distroAccounts);
  const [accounts, setAccounts] = useState<DistroAccounts>();
  const [user, setUser] = useState('');
  const { busy, error, setError, run } = useDialogAction(onClose);
  useEffect(() => {
    void distroAccounts(distro.name).then((result) => {
      if (!result.ok) setError(result.error);
      else {
        setAccounts(result.value);
        setUser(result.value.defaultUser);
      }
    });
  }, [distroAccounts, distro.name, setError]);
  const unchanged = accounts !== undefined && user === accounts.defaultUser;
  const canSet = user !== '' && !unchanged;
  return (
    <DistroDialog
      title={`Default user of ${distro.name}`}
      busy={busy}
      onClose={onClose}
      canSubmit={canSet}
      onSubmit={() => void run(() => setDefaultUser(distro.name, user))}
      actions={<ConfirmActions label="Set user" busyLabel="Setting…" busy={busy} disabled={!canSet} onCancel={onClose} />}
    >
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
    </DistroDialog>
  );
}
