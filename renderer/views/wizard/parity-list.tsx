/** The parity entries: what the WSL transform changes from the cloud image, and why. */
import type { ParityItem } from '../../../electron/contract/api.js';

export function ParityList({ items }: { items: ParityItem[] }) {
  if (items.length === 0) return <p data-testid="parity-none">The profile already describes a WSL image: it builds unchanged.</p>;
  return (
    <ul className="parity-list" data-testid="parity-list">
      {items.map((item, index) => (
        <li key={index}>
          <span className={`action action-${item.action}`}>{item.action.replace('-', ' ')}</span> <code>{item.subject}</code>
          {item.replacement && (
            <>
              {' → '}
              <code>{item.replacement}</code>
            </>
          )}
          : {item.reason}
          {item.source && <span className="source"> ({item.source})</span>}
        </li>
      ))}
    </ul>
  );
}
