/** Every registered distribution with its state and actions. */
import { useEffect, useState } from 'react';
import type { DistroInfo, ExportFormat } from '../../electron/contract/api.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../state/app-store-context.js';

type Panel = { kind: 'none' } | { kind: 'user' } | { kind: 'export' } | { kind: 'unregister' };

function DistroRow({ distro }: { distro: DistroInfo }) {
  const actions = useAppStore(
    useShallow((state) => ({
    setDefault: state.setDefaultDistro,
    setDefaultUser: state.setDefaultUser,
    exportDistro: state.exportDistro,
    terminate: state.terminateDistro,
    unregister: state.unregisterDistro,
    showLocation: state.showDistroLocation,
    openWt: state.openInWindowsTerminal,
    openTerminal: state.openTerminal,
    })),
  );
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [user, setUser] = useState('');
  const [exportPath, setExportPath] = useState('');
  const [format, setFormat] = useState<ExportFormat>('wsl');
  const [typed, setTyped] = useState('');
  const id = `distro-${distro.name}`;
  return (
    <li className="distro" data-testid="distro-row" data-name={distro.name} aria-labelledby={`${id}-name`}>
      <div className="distro-head">
        <h2 id={`${id}-name`}>
          {distro.name}
          {distro.isDefault && <span className="badge" data-testid="default-marker"> default</span>}
        </h2>
        <span className="state">{distro.state}</span>
        <span>WSL {distro.version}</span>
      </div>
      {distro.ours && (
        <dl className="ours">
          <dt>Image</dt>
          <dd>{distro.ours.imageName}</dd>
          <dt>Profile</dt>
          <dd>{distro.ours.profile}</dd>
          <dt>Built</dt>
          <dd>{new Date(distro.ours.builtAt).toLocaleString()}</dd>
          <dt>Packages</dt>
          <dd>{distro.ours.packageCount}</dd>
        </dl>
      )}
      <div className="actions" role="group" aria-label={`Actions for ${distro.name}`}>
        <button onClick={() => void actions.openTerminal(distro.name)}>Open terminal</button>
        <button onClick={() => void actions.openWt(distro.name)}>Open in Windows Terminal</button>
        <button onClick={() => void actions.setDefault(distro.name)} disabled={distro.isDefault}>Set as default</button>
        <button onClick={() => setPanel({ kind: 'user' })}>Set default user…</button>
        <button onClick={() => setPanel({ kind: 'export' })}>Export…</button>
        <button onClick={() => void actions.terminate(distro.name)}>Terminate</button>
        <button onClick={() => void actions.showLocation(distro.name)}>Show location</button>
        <button className="danger" onClick={() => setPanel({ kind: 'unregister' })}>Unregister…</button>
      </div>
      {panel.kind === 'user' && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void actions.setDefaultUser(distro.name, user).then((ok) => ok && setPanel({ kind: 'none' }));
          }}
        >
          <label htmlFor={`${id}-user`}>Default user</label>
          <input id={`${id}-user`} value={user} onChange={(event) => setUser(event.target.value)} autoFocus />
          <button type="submit">Set user</button>
          <button type="button" onClick={() => setPanel({ kind: 'none' })}>Cancel</button>
        </form>
      )}
      {panel.kind === 'export' && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void actions.exportDistro(distro.name, exportPath, format).then((ok) => ok && setPanel({ kind: 'none' }));
          }}
        >
          <label htmlFor={`${id}-export`}>Export to file</label>
          <input id={`${id}-export`} value={exportPath} onChange={(event) => setExportPath(event.target.value)} placeholder={`/path/${distro.name}.wsl`} autoFocus />
          <label htmlFor={`${id}-format`}>Format</label>
          <select id={`${id}-format`} value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
            <option value="wsl">.wsl</option>
            <option value="tar.gz">.tar.gz</option>
          </select>
          <button type="submit">Export</button>
          <button type="button" onClick={() => setPanel({ kind: 'none' })}>Cancel</button>
        </form>
      )}
      {panel.kind === 'unregister' && (
        <form
          className="inline-form confirm"
          role="alertdialog"
          aria-labelledby={`${id}-confirm`}
          onSubmit={(event) => {
            event.preventDefault();
            void actions.unregister(distro.name, typed);
          }}
        >
          <p id={`${id}-confirm`}>
            Unregistering deletes <strong>{distro.name}</strong> and everything in it. Type its name to confirm.
          </p>
          <label htmlFor={`${id}-typed`}>Distribution name</label>
          <input id={`${id}-typed`} value={typed} onChange={(event) => setTyped(event.target.value)} autoFocus autoComplete="off" />
          <button type="submit" className="danger" disabled={typed !== distro.name}>Unregister {distro.name}</button>
          <button type="button" onClick={() => setPanel({ kind: 'none' })}>Cancel</button>
        </form>
      )}
    </li>
  );
}

export function DistrosView() {
  const distros = useAppStore((state) => state.distros);
  const loaded = useAppStore((state) => state.distrosLoaded);
  const error = useAppStore((state) => state.distrosError);
  const notice = useAppStore((state) => state.distroNotice);
  const load = useAppStore((state) => state.loadDistros);
  const refresh = useAppStore((state) => state.refreshDistros);
  const showView = useAppStore((state) => state.showView);
  useEffect(() => {
    // Paint main's last known list at once, then have it checked against wsl.exe.
    void load().then(() => refresh());
  }, [load, refresh]);
  return (
    <section aria-labelledby="distros-heading">
      <div className="section-head">
        <h1 id="distros-heading">WSL distributions</h1>
        <button onClick={() => void refresh()}>Refresh</button>
        <button className="primary" onClick={() => showView('wizard')}>New distribution…</button>
      </div>
      {notice?.kind === 'success' && (
        <div className="notice notice-success" role="status" data-testid="notice">
          {notice.text}
        </div>
      )}
      {notice?.kind === 'error' && notice.error && <ErrorNotice error={notice.error} testId="notice-error" />}
      {error && <ErrorNotice error={error} />}
      {loaded && distros.length === 0 && !error && <p>No distribution is installed yet.</p>}
      <ul className="distro-list" data-testid="distro-list" aria-busy={!loaded}>
        {distros.map((distro) => (
          <DistroRow key={distro.name} distro={distro} />
        ))}
      </ul>
    </section>
  );
}
