/** Terminal tabs: one pty each, owned by main; the active tab's terminal can be closed from the toolbar. */
import { Button, Tab, TabList, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorNotice } from '../components/error-notice.js';
import { useAppStore } from '../state/app-store-context.js';
import { TerminalPane } from './terminal-pane.js';

const useStyles = makeStyles({
  section: { display: 'grid', gap: tokens.spacingVerticalM },
  title: { margin: 0 },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  tabs: { flex: 1, minWidth: 0, overflowX: 'auto' },
});

export function TerminalsView() {
  const styles = useStyles();
  const terminals = useAppStore((state) => state.terminals);
  const active = useAppStore((state) => state.activeTerminal);
  const select = useAppStore((state) => state.selectTerminal);
  const close = useAppStore((state) => state.closeTerminal);
  const error = useAppStore((state) => state.terminalError);
  const current = terminals.find((tab) => tab.id === active);
  return (
    <section aria-labelledby="terminals-heading" className={styles.section}>
      <Title2 as="h1" id="terminals-heading" className={styles.title}>
        Terminals
      </Title2>
      {error && <ErrorNotice error={error} />}
      {terminals.length === 0 && <p>No terminal is open. Open one from the distribution list.</p>}
      {terminals.length > 0 && (
        <div className={styles.bar}>
          <TabList className={styles.tabs} selectedValue={active} onTabSelect={(_event, data) => select(String(data.value))} aria-label="Open terminals">
            {terminals.map((tab) => (
              <Tab key={tab.id} value={tab.id} id={`terminal-tab-${tab.id}`} aria-controls={`terminal-panel-${tab.id}`}>
                {tab.distro}
                {tab.exitCode !== undefined ? ' (exited)' : ''}
              </Tab>
            ))}
          </TabList>
          {current && (
            <Button onClick={() => void close(current.id)} aria-label={`Close terminal ${current.distro}`}>
              Close terminal
            </Button>
          )}
        </div>
      )}
      {terminals.map((tab) => (
        <TerminalPane key={tab.id} tab={tab} active={tab.id === active} />
      ))}
    </section>
  );
}
