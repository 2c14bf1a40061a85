/**
 * Export: a backup of the distribution as a .wsl (gzip tar) or .tar.gz file. The dialog proposes
 * a full path in the export folder (Documents, or where the last export went), offers the
 * system's Save dialog where there is one, has main check the target as it is typed (before
 * anything is sent to wsl.exe), then shows the export's progress and where the file went. An
 * existing file is replaced only when the user ticks that it may be; WSL stops a running
 * distribution to export it, so the dialog says so first.
 */
import { useEffect, useState } from 'react';
import { Checkbox, Field, Input, MessageBar, MessageBarBody, Select } from '@fluentui/react-components';
import type { DistroInfo, ExportCheck, ExportFormat } from '../../../electron/contract/api.js';
import { useApi, useAppStore } from '../../state/app-store-context.js';
import { BrowseRow } from '../../components/browse-row.js';
import { DistroDialog } from './distro-dialog.js';
import { JobActions, JobProgress, useDialogJob } from './job-dialog.js';

/** Wait for a pause in typing before asking main about the target. */
const CHECK_DELAY_MS = 250;

const EXTENSIONS: Record<ExportFormat, string> = { wsl: '.wsl', 'tar.gz': '.tar.gz' };

/** The same name with the other format's extension. */
function withExtension(file: string, format: ExportFormat): string {
  const stem = file.replace(/\.(wsl|tar\.gz)$/i, '');
  return stem === '' ? '' : `${stem}${EXTENSIONS[format]}`;
}

export function ExportDialog({ distro, onClose }: { distro: DistroInfo; onClose: () => void }) {
  const api = useApi();
  const checkExport = useAppStore((state) => state.checkExport);
  const startExport = useAppStore((state) => state.startExport);
  const [file, setFile] = useState('');
  const [format, setFormat] = useState<ExportFormat>('wsl');
  const [check, setCheck] = useState<ExportCheck>();
  const [checkedFor, setCheckedFor] = useState<string>();
  const [replace, setReplace] = useState(false);
  const dialogJob = useDialogJob();
  const { job, running, done, setError } = dialogJob;

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
  }, [checkExport, distro.name, setError]);
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
  }, [checkExport, distro.name, file, format, checkedFor, setError]);

  const current = check !== undefined && checkedFor === `${format}\n${file}`;
  const empty = file.trim() === '';
  const problem = empty ? 'Enter the file to export to.' : current ? check.problem : undefined;
  const canExport = !empty && current && !check.problem && (!check.replaces || replace) && !running && !done;
  const browse = async () => {
    const result = await api.dialogs.saveFile({ defaultPath: check?.path || file, format });
    if (result.ok && result.value) setFile(result.value);
  };
  return (
    <DistroDialog
      title={`Export ${distro.name}`}
      onClose={onClose}
      canSubmit={canExport}
      onSubmit={() => void dialogJob.start(() => startExport(distro.name, file, format, current && check.replaces && replace))}
      actions={<JobActions dialogJob={dialogJob} noun="export" label="Export" runningLabel="Exporting…" canStart={canExport} onClose={onClose} />}
    >
      <BrowseRow onBrowse={() => void browse()} disabled={running}>
        <Field
          label="Export to file"
          validationState={problem ? 'error' : 'none'}
          validationMessage={problem}
          hint={!problem && current ? <span data-testid="export-target">Saves to {check.path}.</span> : `A name without a folder goes in ${check?.folder ?? 'the export folder'}.`}
        >
          <Input value={file} onChange={(_event, data) => setFile(data.value)} disabled={running} autoFocus />
        </Field>
      </BrowseRow>
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
      <JobProgress dialogJob={dialogJob} noun="export" running={`Exporting ${distro.name}; the file appears when it is complete.`} cancelled="The export was cancelled; no file was written.">
        {done && job?.exported && (
          <MessageBar intent="success" layout="multiline" role="status" data-testid="export-done">
            <MessageBarBody>
              Exported to {job.exported.path} ({(job.exported.bytes / 1024 ** 2).toFixed(1)} MB).
            </MessageBarBody>
          </MessageBar>
        )}
      </JobProgress>
    </DistroDialog>
  );
}
