/**
 * Export: a backup of the distribution as a .wsl (gzip tar) or .tar.gz file. WSL stops a
 * running distribution to export it, so the dialog says so; an existing file is never
 * overwritten (the service refuses it).
 */
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, Select } from '@fluentui/react-components';
import type { ApiError, DistroInfo, ExportFormat } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useAppStore } from '../../state/app-store-context.js';

export function ExportDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const exportDistro = useAppStore((state) => state.exportDistro);
  const [file, setFile] = useState('');
  const [format, setFormat] = useState<ExportFormat>('wsl');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const submit = async () => {
    setBusy(true);
    const outcome = await exportDistro(distro.name, file, format);
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
            if (file) void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>Export {distro.name}</DialogTitle>
            <DialogContent>
              <Field label="Export to file">
                <Input value={file} onChange={(_event, data) => setFile(data.value)} placeholder={`/path/${distro.name}.wsl`} autoFocus />
              </Field>
              <Field label="Format">
                <Select value={format} onChange={(_event, data) => setFormat(data.value as ExportFormat)}>
                  <option value="wsl">.wsl</option>
                  <option value="tar.gz">.tar.gz</option>
                </Select>
              </Field>
              {distro.state === 'Running' && (
                <MessageBar intent="warning" data-testid="export-stops-running">
                  <MessageBarBody>{distro.name} is running. WSL stops it to export it: its open terminals and programs close.</MessageBarBody>
                </MessageBar>
              )}
              {error && <ErrorNotice error={error} />}
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={!file || busy}>
                {busy ? 'Exporting…' : 'Export'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
