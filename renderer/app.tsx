/** The app frame: a title bar, the navigation pane and the current view (Fluent UI, light or dark as Windows is). */
import { Suspense, useEffect, useState } from 'react';
import { Button, FluentProvider, Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useAppStore } from './state/app-store-context.js';
import type { ViewName } from './state/view-slice.js';
import { useSystemTheme } from './theme/use-system-theme.js';
import { DistrosView } from './views/distros/distros-view.js';
import { prefetchDistroActions } from './views/distros/distro-card.js';
import { markIdle, useIdle } from './components/idle.js';
import { lazyNamed } from './components/lazy-named.js';

// Split off: the start page (the distro list) should not wait for xterm.js or the wizard's code
// to be fetched and parsed. They are fetched once the first paint is done and the page is idle,
// so opening a terminal or the wizard later does not parse them on the click either.
const loadWizard = () => import('./views/wizard/wizard.js');
const loadParity = () => import('./views/parity-view.js');
const loadTerminals = () => import('./views/terminals-view.js');
// The Help menu (Fluent's menu and positioning) and the diagnostics notice are not needed for
// the first paint either: a plain Help button stands in until the menu's code has arrived.
const loadHelp = () => import('./components/help-menu.js');
const HelpMenu = lazyNamed(loadHelp, 'HelpMenu');
const DiagnosticsNotice = lazyNamed(loadHelp, 'DiagnosticsNotice');
const Wizard = lazyNamed(loadWizard, 'Wizard');
const ParityView = lazyNamed(loadParity, 'ParityView');
const TerminalsView = lazyNamed(loadTerminals, 'TerminalsView');

/** Without an idle callback (none in some test browsers), this long after the first paint. */
const PREFETCH_FALLBACK_MS = 500;

let prefetched = false;

/** Once per page: parse the split-off views when the page has nothing better to do. */
function prefetchViews(): void {
  if (prefetched) return;
  prefetched = true;
  const prefetch = () => {
    markIdle();
    for (const load of [loadHelp, prefetchDistroActions, loadTerminals, loadWizard, loadParity]) void load().catch(() => undefined);
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

/**
 * The navigation pane's width: room for the longest label at 1024 px wide while leaving the
 * content about 800 px (the WSL Settings app uses a similar pane).
 */
const NAV_WIDTH = '13.5rem';

const useStyles = makeStyles({
  frame: {
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    display: 'grid',
    gridTemplateColumns: `${NAV_WIDTH} minmax(0, 1fr)`,
    gridTemplateRows: 'auto minmax(0, 1fr)',
    height: '100%',
  },
  titleBar: { gridColumn: '1 / -1', display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}` },
  titleSpacer: { flexGrow: 1 },
  logo: { width: '20px', height: '20px', borderRadius: tokens.borderRadiusSmall, backgroundColor: tokens.colorBrandBackground },
  nav: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}` },
  navItem: { justifyContent: 'flex-start', width: '100%', fontWeight: tokens.fontWeightRegular, position: 'relative', minHeight: '36px' },
  navItemCurrent: {
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    fontWeight: tokens.fontWeightSemibold,
    // The selection pill of a Windows navigation view.
    '::before': {
      content: '""',
      position: 'absolute',
      left: '0',
      top: '25%',
      height: '50%',
      width: '3px',
      borderRadius: tokens.borderRadiusCircular,
      backgroundColor: tokens.colorCompoundBrandBackground,
    },
  },
  main: {
    overflowY: 'auto',
    backgroundColor: tokens.colorNeutralBackground1,
    borderTopLeftRadius: tokens.borderRadiusXLarge,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXXL}`,
  },
});

export function App() {
  const { theme } = useSystemTheme();
  const styles = useStyles();
  const view = useAppStore((state) => state.view);
  const showView = useAppStore((state) => state.showView);
  const newDistribution = useAppStore((state) => state.newDistribution);
  const terminalCount = useAppStore((state) => state.terminals.length);
  const diagnostics = useAppStore((state) => state.diagnostics !== undefined);
  const idle = useIdle();
  // A click on the stand-in before the menu's code arrived opens the menu once it has.
  const [wantHelp, setWantHelp] = useState(false);
  // After the list is painted: parsing xterm before main's answer arrives would delay the list.
  const listShown = useAppStore((state) => state.distrosLoaded);
  useEffect(() => {
    if (listShown || view !== 'distros') prefetchViews();
  }, [listShown, view]);
  return (
    <FluentProvider theme={theme}>
      <div className={styles.frame}>
        <header className={styles.titleBar}>
          <span className={styles.logo} aria-hidden="true" />
          <Text weight="semibold">Azure Linux for WSL</Text>
          <span className={styles.titleSpacer} />
          {idle || wantHelp ? (
            <Suspense fallback={<Button appearance="subtle">Help</Button>}>
              <HelpMenu defaultOpen={wantHelp} />
            </Suspense>
          ) : (
            <Button appearance="subtle" onClick={() => setWantHelp(true)}>
              Help
            </Button>
          )}
        </header>
        <nav aria-label="Main" className={styles.nav}>
          {VIEWS.map(([name, label]) => (
            <Button
              key={name}
              appearance="subtle"
              className={mergeClasses(styles.navItem, view === name && styles.navItemCurrent)}
              aria-current={view === name ? 'page' : undefined}
              onClick={() => (name === 'wizard' ? newDistribution() : showView(name))}
            >
              {label}
              {name === 'terminals' && terminalCount > 0 ? ` (${terminalCount})` : ''}
            </Button>
          ))}
        </nav>
        <main className={styles.main}>
          {diagnostics && (
            <Suspense fallback={null}>
              <DiagnosticsNotice />
            </Suspense>
          )}
          <Suspense fallback={<Spinner label="Loading…" />}>
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
      </div>
    </FluentProvider>
  );
}
