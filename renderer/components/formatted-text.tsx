/**
 * Engine text as people read it: `backticked` words (commands, package names, paths) as code,
 * and KIWI name placeholders (`%A` for the architecture) filled in when the value is known.
 */
import { Fragment } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: '0.95em',
    padding: `0 ${tokens.spacingHorizontalXXS}`,
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorNeutralBackground3,
  },
});

/** KIWI bundle_format placeholders the renderer can fill: %A is the architecture. */
export function fillPlaceholders(text: string, values: { arch?: string }): string {
  return values.arch ? text.replace(/%A/g, values.arch) : text;
}

export function FormattedText({ text, arch }: { text: string; arch?: string }) {
  const styles = useStyles();
  const parts = fillPlaceholders(text, { arch }).split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} className={styles.code}>
            {part}
          </code>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}
