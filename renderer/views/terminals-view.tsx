/** Terminal tabs: one pty each, owned by main; the active tab's terminal can be closed from the toolbar. */
import { Button, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorNotice } from '../components/error-notice.js';
import { ViewSection } from '../components/view-section.js';
import { useAppValues } from '../state/app-store-context.js';
import { TerminalPane } from './terminal-pane.js';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  tabs: { flex: 1, minWidth: 0, overflowX: 'auto' },
});

export function TerminalsView() {
  const styles = useStyles();
  const { terminals, activeTerminal: active, selectTerminal: select, closeTerminal: close, terminalError: error } = useAppValues('terminals', 'activeTerminal', 'selectTerminal', 'closeTerminal', 'terminalError');
  const current = terminals.find((tab) => tab.id === active);
  return (
    <ViewSection id="terminals" title="Terminals">
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
    </ViewSection>
  );
}
