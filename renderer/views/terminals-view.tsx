/** Terminal tabs: one pty each, owned by main. */
import { ErrorNotice } from '../components/error-notice.js';
import { useAppStore } from '../state/app-store-context.js';
import { TerminalPane } from './terminal-pane.js';

export function TerminalsView() {
  const terminals = useAppStore((state) => state.terminals);
  const active = useAppStore((state) => state.activeTerminal);
  const select = useAppStore((state) => state.selectTerminal);
  const close = useAppStore((state) => state.closeTerminal);
  const error = useAppStore((state) => state.terminalError);
  return (
    <section aria-labelledby="terminals-heading" className="terminals">
      <h1 id="terminals-heading">Terminals</h1>
      {error && <ErrorNotice error={error} />}
      {terminals.length === 0 && <p>No terminal is open. Open one from the distribution list.</p>}
      <div role="tablist" aria-label="Open terminals" className="tabs">
        {terminals.map((tab) => (
          <span key={tab.id} className="tab">
            <button role="tab" aria-selected={tab.id === active} onClick={() => select(tab.id)}>
              {tab.distro}
              {tab.exitCode !== undefined ? ' (exited)' : ''}
            </button>
            <button aria-label={`Close terminal ${tab.distro}`} onClick={() => void close(tab.id)}>
              ×
            </button>
          </span>
        ))}
      </div>
      {terminals.map((tab) => (
        <TerminalPane key={tab.id} tab={tab} active={tab.id === active} />
      ))}
    </section>
  );
}
