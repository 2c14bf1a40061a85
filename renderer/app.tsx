/** The app frame: navigation and the current view. */
import { lazy, Suspense, useEffect } from 'react';
import { useAppStore } from './state/app-store-context.js';
import type { ViewName } from './state/view-slice.js';
import { DistrosView } from './views/distros-view.js';

// Split off: the start page (the distro list) should not wait for xterm.js or the wizard's code
// to be fetched and parsed. They are fetched once the first paint is done and the page is idle,
// so opening a terminal or the wizard later does not parse them on the click either.
const loadWizard = () => import('./views/wizard/wizard.js');
const loadParity = () => import('./views/parity-view.js');
const loadTerminals = () => import('./views/terminals-view.js');
const Wizard = lazy(() => loadWizard().then((module) => ({ default: module.Wizard })));
const ParityView = lazy(() => loadParity().then((module) => ({ default: module.ParityView })));
const TerminalsView = lazy(() => loadTerminals().then((module) => ({ default: module.TerminalsView })));

/** Without an idle callback (none in some test browsers), this long after the first paint. */
const PREFETCH_FALLBACK_MS = 500;

let prefetched = false;

/** Once per page: parse the split-off views when the page has nothing better to do. */
function prefetchViews(): void {
  if (prefetched) return;
  prefetched = true;
  const prefetch = () => {
    for (const load of [loadTerminals, loadWizard, loadParity]) void load().catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(prefetch, { timeout: 2000 });
  else setTimeout(prefetch, PREFETCH_FALLBACK_MS);
}

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
  // After the list is painted: parsing xterm before main's answer arrives would delay the list.
  const listShown = useAppStore((state) => state.distrosLoaded);
  useEffect(() => {
    if (listShown || view !== 'distros') prefetchViews();
  }, [listShown, view]);
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
        <Suspense fallback={<p role="status">Loading…</p>}>
          {view === 'distros' && <DistrosView />}
          {view === 'wizard' && <Wizard />}
          {view === 'parity' && <ParityView />}
          {/* Terminals stay mounted once one is open, so their screens survive switching views. */}
          {(view === 'terminals' || terminalCount > 0) && (
            <div hidden={view !== 'terminals'}>
              <TerminalsView />
            </div>
          )}
        </Suspense>
      </main>
    </>
  );
}
