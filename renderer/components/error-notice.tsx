/** An error as a headline, the engine's specific message, the next step and optional details (a Fluent message bar). */
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiError } from '../../electron/contract/api.js';
import { describeError } from '../errors/error-messages.js';
import { FormattedText } from './formatted-text.js';

const useStyles = makeStyles({
  bar: { marginBlock: tokens.spacingVerticalS, alignItems: 'flex-start', paddingBlock: tokens.spacingVerticalS },
  body: { display: 'grid', gap: tokens.spacingVerticalXXS },
  line: { margin: 0 },
  detail: { margin: 0, whiteSpace: 'pre-wrap', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export function ErrorNotice({ error, testId }: { error: ApiError; testId?: string }) {
  const styles = useStyles();
  const text = describeError(error);
  return (
    <MessageBar intent="error" layout="multiline" className={styles.bar} role="alert" data-testid={testId ?? 'error'} data-code={error.code}>
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>{text.sentence}</MessageBarTitle>
        {text.message !== text.sentence && (
          <p className={styles.line}>
            <FormattedText text={text.message} />
          </p>
        )}
        <p className={styles.line}>
          Next step: <FormattedText text={text.next} />
        </p>
        {text.detail && (
          <details>
            <summary>Details</summary>
            <pre className={styles.detail}>{text.detail}</pre>
          </details>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
