/**
 * One distribution: name, state, WSL version, where it came from, and its actions. The actions
 * are a list (most used as buttons, the rest in a "More actions" menu), so a new action is one
 * entry here plus its store call.
 */
import { Suspense, useState } from 'react';
import { Badge, Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { DistroInfo } from '../../../electron/contract/api.js';
import { useAppStore } from '../../state/app-store-context.js';
import { useIdle } from '../../components/idle.js';
import { lazyNamed } from '../../components/lazy-named.js';

// Dialogs and the menu are fetched after the list is painted (prefetchDistroActions), not at
// start: Fluent's dialog, menu and positioning code would add about 40 KiB gzipped to the
// bundle the list waits for.
const loadDialogs = () => import('./distro-dialogs.js');
const loadMenu = () => import('./distro-more-menu.js');
const DistroMoreMenu = lazyNamed(loadMenu, 'DistroMoreMenu');
/** The cards' dialogs by name; a card shows at most one. */
const DIALOGS = {
  user: lazyNamed(loadDialogs, 'DefaultUserDialog'),
  export: lazyNamed(loadDialogs, 'ExportDialog'),
  unregister: lazyNamed(loadDialogs, 'UnregisterDialog'),
  upgrade: lazyNamed(loadDialogs, 'UpgradeDialog'),
  snapshot: lazyNamed(loadDialogs, 'SnapshotDialog'),
};

/** Fetches the cards' dialogs and menu once the page is idle, so the first click does not wait. */
export function prefetchDistroActions(): Promise<unknown> {
  return Promise.all([loadDialogs(), loadMenu()]);
}

type OpenDialog = 'none' | keyof typeof DIALOGS;

/** One action of a card: shown as a button or as an item of the "More actions" menu. */
interface DistroAction {
  label: string;
  run: () => void;
  disabled?: boolean;
  /** Shown as a button (else in the menu). */
  button?: boolean;
  primary?: boolean;
  hidden?: boolean;
}

const useStyles = makeStyles({
  // Drawn like Fluent's Card (whose own code, with selection and focus modes, is not needed here).
  card: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    height: '100%',
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    // A stroke, as WinUI cards have, rather than a shadow: the list's cards skip painting while
    // off screen (content-visibility), which clips anything drawn outside their box.
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    alignContent: 'start',
  },
  headerRow: { display: 'grid', gap: tokens.spacingVerticalXS },
  name: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase400, wordBreak: 'break-all' },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  details: { display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`, margin: 0, fontSize: tokens.fontSizeBase200 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** The badge colour of a WSL state ("Running", "Stopped", "Installing", "Converting"…). */
function stateColor(state: string): 'success' | 'informative' | 'warning' {
  if (state === 'Running') return 'success';
  if (state === 'Stopped') return 'informative';
  return 'warning';
}

export function DistroCard({ distro, className }: { distro: DistroInfo; className?: string }) {
  const styles = useStyles();
  const setDefault = useAppStore((state) => state.setDefaultDistro);
  const terminate = useAppStore((state) => state.terminateDistro);
  const showLocation = useAppStore((state) => state.showDistroLocation);
  const openWt = useAppStore((state) => state.openInWindowsTerminal);
  const openTerminal = useAppStore((state) => state.openTerminal);
  const windowsTerminal = useAppStore((state) => state.settings?.windowsTerminal ?? false);
  const [dialog, setDialog] = useState<OpenDialog>('none');
  const idle = useIdle();
  // A click on the stand-in before the menu's code arrived opens the menu once it has.
  const [wantMenu, setWantMenu] = useState(false);
  const id = `distro-${distro.name}`;
  const stopped = distro.state === 'Stopped';
  const actions: DistroAction[] = [
    { label: 'Open terminal', run: () => void openTerminal(distro.name), button: true, primary: true },
    { label: 'Set as default', run: () => void setDefault(distro.name), disabled: distro.isDefault, button: true },
    { label: 'Export…', run: () => setDialog('export'), button: true },
    { label: 'Terminate', run: () => void terminate(distro.name), disabled: stopped, button: true },
    { label: 'Upgrade…', run: () => setDialog('upgrade') },
    { label: 'Snapshot…', run: () => setDialog('snapshot') },
    { label: 'Set default user…', run: () => setDialog('user') },
    { label: 'Open in Windows Terminal', run: () => void openWt(distro.name), hidden: !windowsTerminal },
    { label: 'Show location', run: () => void showLocation(distro.name) },
    { label: 'Unregister…', run: () => setDialog('unregister') },
  ].filter((action) => !action.hidden);
  const close = () => setDialog('none');
  const Dialog = dialog === 'none' ? undefined : DIALOGS[dialog];
  const moreStandIn = (onClick?: () => void) => (
    <Button appearance="subtle" aria-label={`More actions for ${distro.name}`} onClick={onClick}>
      More…
    </Button>
  );
  return (
    <li className={className} data-testid="distro-row" data-name={distro.name} aria-labelledby={`${id}-name`}>
      <div className={styles.card}>
        <div className={styles.headerRow}>
          <h2 id={`${id}-name`} className={styles.name}>
            {distro.name}
          </h2>
          <div className={styles.badges}>
            <Badge appearance="tint" color={stateColor(distro.state)} data-testid="state">
              {distro.state}
            </Badge>
            <Badge appearance="outline" color="informative">
              WSL {distro.version}
            </Badge>
            {distro.isDefault && (
              <Badge appearance="filled" color="brand" data-testid="default-marker">
                default
              </Badge>
            )}
          </div>
        </div>
        {(distro.ours || distro.location) && (
          <dl className={styles.details}>
            {distro.ours && (
              <>
                <dt className={styles.term}>Image</dt>
                <dd className={styles.value}>{distro.ours.imageName}</dd>
                <dt className={styles.term}>Profile</dt>
                <dd className={styles.value}>{distro.ours.profile}</dd>
                <dt className={styles.term}>Built</dt>
                <dd className={styles.value}>{new Date(distro.ours.builtAt).toLocaleString()}</dd>
                <dt className={styles.term}>Packages</dt>
                <dd className={styles.value}>{distro.ours.packageCount}</dd>
              </>
            )}
            {distro.location && (
              <>
                <dt className={styles.term}>Location</dt>
                <dd className={styles.value}>
                  <Text size={200}>{distro.location}</Text>
                </dd>
              </>
            )}
          </dl>
        )}
        <div className={styles.actions} role="group" aria-label={`Actions for ${distro.name}`}>
          {actions
            .filter((action) => action.button)
            .map((action) => (
              <Button key={action.label} appearance={action.primary ? 'primary' : 'secondary'} disabled={action.disabled} onClick={action.run}>
                {action.label}
              </Button>
            ))}
          {idle || wantMenu ? (
            <Suspense fallback={moreStandIn()}>
              <DistroMoreMenu distro={distro.name} actions={actions.filter((action) => !action.button)} defaultOpen={wantMenu} />
            </Suspense>
          ) : (
            moreStandIn(() => setWantMenu(true))
          )}
        </div>
      </div>
      <Suspense fallback={null}>{Dialog && <Dialog distro={distro} onClose={close} />}</Suspense>
    </li>
  );
}
