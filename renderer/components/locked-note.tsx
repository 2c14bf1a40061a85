/** Says a setting is fixed by the organization's admin policy (the control beside it is disabled). */
import { makeStyles, tokens } from '@fluentui/react-components';
import type { LockedSetting } from '../../electron/contract/api.js';

const useStyles = makeStyles({
  note: { margin: 0, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export function LockedNote({ lock, id }: { lock: LockedSetting; id?: string }) {
  const styles = useStyles();
  return (
    <p className={styles.note} id={id} data-testid={`locked-${lock.name}`} title={`Admin policy ${lock.policyKey}`}>
      <span aria-hidden="true">🔒 </span>Set by your organization
    </p>
  );
}

/** The lock on `name`, if the policy sets one. */
export function findLock(locked: readonly LockedSetting[] | undefined, name: LockedSetting['name']): LockedSetting | undefined {
  return locked?.find((lock) => lock.name === name);
}
