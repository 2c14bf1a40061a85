/** A path field with a Browse… button beside it where the app can show the system's file dialogs (Electron; settings.fileDialogs). */
import type { ReactNode } from 'react';
import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useAppStore } from '../state/app-store-context.js';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', minWidth: 0 },
  grow: { flex: 1, minWidth: 0 },
});

export function BrowseRow({ onBrowse, disabled = false, className, children }: { onBrowse: () => void; disabled?: boolean; className?: string; children: ReactNode }) {
  const styles = useStyles();
  const fileDialogs = useAppStore((state) => state.settings?.fileDialogs ?? false);
  return (
    <div className={mergeClasses(styles.row, className)}>
      <div className={styles.grow}>{children}</div>
      {fileDialogs && (
        <Button type="button" onClick={onBrowse} disabled={disabled}>
          Browse…
        </Button>
      )}
    </div>
  );
}
