/** Every registered distribution as a card with its state and actions. */
import { useEffect } from 'react';
import { Button, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorNotice } from '../../components/error-notice.js';
import { ViewSection } from '../../components/view-section.js';
import { useAppValues } from '../../state/app-store-context.js';
import { DistroCard } from './distro-card.js';

const useStyles = makeStyles({
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: tokens.spacingVerticalM, gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 36rem), 1fr))' },
  // Cards below the fold are laid out and painted only when scrolled to (the first paint of a
  // long list then costs what the visible cards cost); the intrinsic size keeps the scrollbar right.
  item: { contentVisibility: 'auto', containIntrinsicSize: 'auto 11rem' },
  empty: { color: tokens.colorNeutralForeground2 },
});

/** Whether this page has shown the list before (a later mount asks main for its snapshot again). */
let pageShowedList = false;

export function DistrosView() {
  const styles = useStyles();
  const { distros, distrosLoaded: loaded, distrosError: error, distroNotice: notice, loadDistros: load, refreshDistros: refresh, newDistribution } = useAppValues(
    'distros',
    'distrosLoaded',
    'distrosError',
    'distroNotice',
    'loadDistros',
    'refreshDistros',
    'newDistribution',
  );
  useEffect(() => {
    // Main's last known list is painted first (the page asked for it at start, boot.ts; coming
    // back to the view it is asked again), then checked against wsl.exe: a refresh starts a
    // wsl.exe, which would compete with the first paint for the CPU.
    if (!loaded) return;
    void (pageShowedList ? load() : Promise.resolve()).then(() => refresh());
    pageShowedList = true;
  }, [loaded, load, refresh]);
  return (
    <ViewSection
      id="distros"
      title="WSL distributions"
      actions={
        <>
          <Button onClick={() => void refresh()}>Refresh</Button>
          <Button appearance="primary" onClick={newDistribution}>
            New distribution…
          </Button>
        </>
      }
    >
      {notice?.kind === 'success' && (
        <MessageBar intent="success" role="status" data-testid="notice">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {notice?.kind === 'error' && notice.error && <ErrorNotice error={notice.error} testId="notice-error" />}
      {error && <ErrorNotice error={error} />}
      {!loaded && <Spinner size="small" label="Reading the distributions…" />}
      {loaded && distros.length === 0 && !error && <p className={styles.empty}>No distribution is installed yet. Choose New distribution to build or install one.</p>}
      <ul className={styles.list} data-testid="distro-list" aria-busy={!loaded} aria-label="Distributions">
        {distros.map((distro) => (
          <DistroCard key={distro.name} distro={distro} className={styles.item} />
        ))}
      </ul>
    </ViewSection>
  );
}
