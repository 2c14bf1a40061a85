/** The app frame: navigation and the current view. */
import { useAppStore } from './state/app-store-context.js';
import type { ViewName } from './state/view-slice.js';
import { DistrosView } from './views/distros-view.js';
import { ParityView } from './views/parity-view.js';
import { TerminalsView } from './views/terminals-view.js';
import { Wizard } from './views/wizard/wizard.js';

const VIEWS: Array<[ViewName, string]> = [
  ['distros', 'Distributions'],
  ['wizard', 'New distribution'],
  ['parity', 'Parity'],
  ['terminals', 'Terminals'],
];

export function App() {
  const view = useAppStore((state) => state.view);
  const showView = useAppStore((state) => state.showView);
  const terminalCount = useAppStore((state) => state.terminals.length);
  return (
    <>
      <header>
        <span className="product">Azure Linux for WSL</span>
        <nav aria-label="Main">
          {VIEWS.map(([name, label]) => (
            <button key={name} aria-current={view === name ? 'page' : undefined} onClick={() => showView(name)}>
              {label}
              {name === 'terminals' && terminalCount > 0 ? ` (${terminalCount})` : ''}
            </button>
          ))}
        </nav>
      </header>
      <main>
        {view === 'distros' && <DistrosView />}
        {view === 'wizard' && <Wizard />}
        {view === 'parity' && <ParityView />}
        {/* Terminals stay mounted so their screens survive switching views. */}
        <div hidden={view !== 'terminals'}>
          <TerminalsView />
        </div>
      </main>
    </>
  );
}
