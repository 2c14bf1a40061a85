/**
 * Export: a backup of the distribution as a .wsl (gzip tar) or .tar.gz file. The dialog proposes
 * a full path in the export folder (Documents, or where the last export went), offers the
 * system's Save dialog where there is one, has main check the target as it is typed (before
 * anything is sent to wsl.exe), then shows the export's progress and where the file went. An
 * existing file is replaced only when the user ticks that it may be; WSL stops a running
 * distribution to export it, so the dialog says so first.
 */
import { useEffect, useState } from 'react';
import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, Select, makeStyles, tokens,
} from '@fluentui/react-components';
import type { ApiError, DistroInfo, ExportCheck, ExportFormat } from '../../../electron/contract/api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { JobSteps } from '../../components/job-steps.js';
import { useApi, useAppStore } from '../../state/app-store-context.js';

/** Wait for a pause in typing before asking main about the target. */
const CHECK_DELAY_MS = 250;

const EXTENSIONS: Record<ExportFormat, string> = { wsl: '.wsl', 'tar.gz': '.tar.gz' };

const useStyles = makeStyles({
  // One column no wider than the dialog: long paths wrap instead of pushing the fields out.
  content: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: tokens.spacingVerticalM, overflowWrap: 'anywhere' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', minWidth: 0 },
  grow: { flex: 1, minWidth: 0 },
});

/** The same name with the other format's extension. */
function withExtension(file: string, format: ExportFormat): string {
  const stem = file.replace(/\.(wsl|tar\.gz)$/i, '');
  return stem === '' ? '' : `${stem}${EXTENSIONS[format]}`;
}

export function ExportDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const styles = useStyles();
  const api = useApi();
  const checkExport = useAppStore((state) => state.checkExport);
  const startExport = useAppStore((state) => state.startExport);
  const cancelJob = useAppStore((state) => state.cancelJob);
  const fileDialogs = useAppStore((state) => state.settings?.fileDialogs ?? false);
  const [file, setFile] = useState('');
  const [format, setFormat] = useState<ExportFormat>('wsl');
  const [check, setCheck] = useState<ExportCheck>();
  const [checkedFor, setCheckedFor] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [jobId, setJobId] = useState<string>();
  const [replace, setReplace] = useState(false);
  const job = useAppStore((state) => (jobId ? state.jobs[jobId] : undefined));
  const cancelling = useAppStore((state) => (jobId ? Boolean(state.cancelling[jobId]) : false));

  // The proposal: a full path in the export folder, named after the distribution and the day.
  useEffect(() => {
    void checkExport(distro.name, '', 'wsl').then((result) => {
      if (!result.ok) setError(result.error);
      else {
        setFile(result.value.path);
        setCheck(result.value);
        setCheckedFor(`wsl\n${result.value.path}`);
      }
    });
  }, [checkExport, distro.name]);
  useEffect(() => {
    if (file.trim() === '' || `${format}\n${file}` === checkedFor) return;
    const timer = setTimeout(() => {
      void checkExport(distro.name, file, format).then((result) => {
        if (result.ok) {
          setCheck(result.value);
          setCheckedFor(`${format}\n${file}`);
        } else setError(result.error);
      });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [checkExport, distro.name, file, format, checkedFor]);

  const running = job?.state === 'running';
  const done = job?.state === 'succeeded';
  const current = check !== undefined && checkedFor === `${format}\n${file}`;
  const empty = file.trim() === '';
  const problem = empty ? 'Enter the file to export to.' : current ? check.problem : undefined;
  const canExport = !empty && current && !check.problem && (!check.replaces || replace) && !running && !done;
  const browse = async () => {
    const result = await api.dialogs.saveFile({ defaultPath: check?.path || file, format });
    if (result.ok && result.value) setFile(result.value);
  };
  const submit = async () => {
    setError(undefined);
    const result = await startExport(distro.name, file, format, current && check.replaces && replace);
    if (!result.ok) setError(result.error);
    else setJobId(result.value.id);
  };
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (canExport) void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>Export {distro.name}</DialogTitle>
            <DialogContent className={styles.content}>
              <div className={styles.row}>
                <Field
                  className={styles.grow}
                  label="Export to file"
                  validationState={problem ? 'error' : 'none'}
                  validationMessage={problem}
                  hint={
                    !problem && current ? (
                      <span data-testid="export-target">Saves to {check.path}.</span>
                    ) : (
                      `A name without a folder goes in ${check?.folder ?? 'the export folder'}.`
                    )
                  }
                >
                  <Input value={file} onChange={(_event, data) => setFile(data.value)} disabled={running} autoFocus />
                </Field>
                {fileDialogs && (
                  <Button type="button" onClick={() => void browse()} disabled={running}>
                    Browse…
                  </Button>
                )}
              </div>
              <Field label="Format" hint=".wsl is a gzip tar that wsl --install --from-file and this app install; .tar.gz is the same for wsl --import.">
                <Select
                  value={format}
                  disabled={running}
                  onChange={(_event, data) => {
                    const next = data.value as ExportFormat;
                    setFormat(next);
                    setFile((previous) => withExtension(previous, next) || previous);
                  }}
                >
                  <option value="wsl">.wsl</option>
                  <option value="tar.gz">.tar.gz</option>
                </Select>
              </Field>
              {current && check.replaces && !done && (
                <Checkbox
                  checked={replace}
                  onChange={(_event, data) => setReplace(Boolean(data.checked))}
                  disabled={running}
                  label="A file of that name exists: replace it once the new export is complete"
                />
              )}
              {distro.state === 'Running' && !done && (
                <MessageBar intent="warning" layout="multiline" data-testid="export-stops-running">
                  <MessageBarBody>{distro.name} is running. WSL stops it to export it: its open terminals and programs close.</MessageBarBody>
                </MessageBar>
              )}
              {job && <JobSteps job={job} compact />}
              {running && (
                <p role="status" data-testid="export-status">
                  {cancelling ? 'Cancelling the export…' : `Exporting ${distro.name}; the file appears when it is complete.`}
                </p>
              )}
              {done && job.exported && (
                <MessageBar intent="success" layout="multiline" role="status" data-testid="export-done">
                  <MessageBarBody>
                    Exported to {job.exported.path} ({(job.exported.bytes / 1024 ** 2).toFixed(1)} MB).
                  </MessageBarBody>
                </MessageBar>
              )}
              {job?.state === 'cancelled' && <p role="status">The export was cancelled; no file was written.</p>}
              {job?.state === 'failed' && job.error && <ErrorNotice error={job.error} />}
              {error && <ErrorNotice error={error} />}
            </DialogContent>
            <DialogActions>
              {running ? (
                <Button type="button" onClick={() => void cancelJob(job.id)} disabled={cancelling}>
                  {cancelling ? 'Cancelling…' : 'Cancel export'}
                </Button>
              ) : (
                <Button type="button" onClick={onClose} appearance={done ? 'primary' : 'secondary'}>
                  Close
                </Button>
              )}
              {!done && (
                <Button type="submit" appearance="primary" disabled={!canExport}>
                  {running ? 'Exporting…' : 'Export'}
                </Button>
              )}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
