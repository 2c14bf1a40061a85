/** The parity entries: what the WSL transform changes from the cloud image, and why. */
import { makeStyles, tokens } from '@fluentui/react-components';
import type { ParityItem } from '../../../electron/contract/api.js';
import { FormattedText } from '../../components/formatted-text.js';

/** How each action reads in a sentence. */
const ACTION_WORDS: Record<string, string> = {
  'removed-package': 'Removed package',
  'added-package': 'Added package',
  'swapped-package': 'Swapped package',
  'removed-script': 'Removed script',
  'removed-file': 'Removed file',
  'added-file': 'Added file',
  'removed-user': 'Removed user',
  'masked-unit': 'Masked unit',
  'changed-setting': 'Changed setting',
  note: 'Note',
};

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'grid', gap: tokens.spacingVerticalXS },
  action: { fontWeight: tokens.fontWeightSemibold },
  source: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export function ParityList({ items, arch }: { items: ParityItem[]; arch?: string }) {
  const styles = useStyles();
  if (items.length === 0) return <p data-testid="parity-none">The profile already describes a WSL image: it builds unchanged.</p>;
  return (
    <ul className={styles.list} data-testid="parity-list">
      {items.map((item, index) => (
        <li key={index}>
          <span className={styles.action}>{ACTION_WORDS[item.action] ?? item.action.replace(/-/g, ' ')}</span> <FormattedText text={`\`${item.subject}\``} />
          {item.replacement && (
            <>
              {' → '}
              <FormattedText text={`\`${item.replacement}\``} arch={arch} />
            </>
          )}
          : <FormattedText text={item.reason} arch={arch} />
          {item.source && <span className={styles.source}> ({item.source})</span>}
        </li>
      ))}
    </ul>
  );
}
