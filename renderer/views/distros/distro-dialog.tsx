/**
 * The frame every dialog of a distribution card shares: a Fluent modal dialog (focus trapped,
 * Escape closes it unless work is under way) around one form, so Enter submits; the title, one
 * column of content that long paths wrap in, and the action row. Dialogs that do one thing and
 * close use `useDialogAction` and `ConfirmActions`; dialogs that run a job use `job-dialog.tsx`.
 */
import { useState, type ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiError } from '../../../electron/contract/api.js';

const useStyles = makeStyles({
  // One column no wider than the dialog: long paths wrap instead of pushing the fields out.
  content: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalM, overflowWrap: 'anywhere' },
});

export interface DistroDialogProps {
  title: string;
  /** Escape, or the Close and Cancel buttons. */
  onClose: () => void;
  /** While true, Escape does not close the dialog (work is under way that the dialog reports). */
  busy?: boolean;
  /** Enter or the submit button, when `canSubmit`. */
  onSubmit: () => void;
  canSubmit: boolean;
  /** A destructive confirmation: an alert dialog, which a click outside does not close. */
  alert?: boolean;
  actions: ReactNode;
  children: ReactNode;
}

export function DistroDialog({ title, onClose, busy = false, onSubmit, canSubmit, alert = false, actions, children }: DistroDialogProps) {
  const styles = useStyles();
  return (
    <Dialog open modalType={alert ? 'alert' : 'modal'} onOpenChange={(_event, data) => !data.open && !busy && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (canSubmit) onSubmit();
          }}
        >
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.content}>{children}</DialogContent>
            <DialogActions>{actions}</DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** An action that closes the dialog when it succeeds and keeps its error in the dialog when it fails (the list shows only successes). */
export function useDialogAction(onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = async (action: () => Promise<ApiError | undefined>) => {
    setBusy(true);
    const outcome = await action();
    setBusy(false);
    if (outcome) setError(outcome);
    else onClose();
  };
  return { busy, error, setError, run };
}

/** The action row of a dialog that does one thing: Cancel, and the action (disabled until it can run; `busyLabel` while it runs). */
export function ConfirmActions({ label, busyLabel = label, busy, disabled, onCancel }: { label: string; busyLabel?: string; busy: boolean; disabled: boolean; onCancel: () => void }) {
  return (
    <>
      <Button type="button" onClick={onCancel} disabled={busy}>
        Cancel
      </Button>
      <Button type="submit" appearance="primary" disabled={disabled || busy}>
        {busy ? busyLabel : label}
      </Button>
    </>
  );
}
