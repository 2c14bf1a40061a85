/** An error as a headline, the engine's specific message, the next step and optional details. */
import type { ApiError } from '../../electron/contract/api.js';
import { describeError } from '../errors/error-messages.js';

export function ErrorNotice({ error, testId }: { error: ApiError; testId?: string }) {
  const text = describeError(error);
  return (
    <div className="notice notice-error" role="alert" data-testid={testId ?? 'error'} data-code={error.code}>
      <strong>{text.sentence}</strong>
      {text.message !== text.sentence && <p>{text.message}</p>}
      <p className="next-step">{text.next}</p>
      {text.detail && (
        <details>
          <summary>Details</summary>
          <pre>{text.detail}</pre>
        </details>
      )}
    </div>
  );
}
