/** The title bar's Help menu: Save diagnostics (a zip for the helpdesk, secrets redacted), and where it was saved. */
import { Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useAppStore } from '../state/app-store-context.js';
import { ErrorNotice } from './error-notice.js';

/** `defaultOpen`: the user clicked the stand-in button before this code had arrived. */
export function HelpMenu({ defaultOpen = false }: { defaultOpen?: boolean }) {
  const save = useAppStore((state) => state.saveDiagnostics);
  const saving = useAppStore((state) => state.diagnostics?.state === 'saving');
  return (
    <Menu defaultOpen={defaultOpen}>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle">Help</Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem disabled={saving} onClick={() => void save()}>
            Save diagnostics
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/** What happened to the last Save diagnostics, shown above the current view. */
export function DiagnosticsNotice() {
  const diagnostics = useAppStore((state) => state.diagnostics);
  const dismiss = useAppStore((state) => state.dismissDiagnostics);
  if (!diagnostics) return null;
  if (diagnostics.state === 'saving') return <Spinner size="tiny" label="Saving diagnostics…" data-testid="diagnostics-saving" />;
  if (diagnostics.state === 'failed') return <ErrorNotice error={diagnostics.error} testId="diagnostics-error" />;
  return (
    <MessageBar intent="success" data-testid="diagnostics-saved">
      <MessageBarBody>
        <MessageBarTitle>Diagnostics saved</MessageBarTitle>
        <span data-testid="diagnostics-path">{diagnostics.saved.path}</span> ({diagnostics.saved.files} files; passwords, tokens and keys were removed). Send it to your helpdesk.
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={dismiss}>Dismiss</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
