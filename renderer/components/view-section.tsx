/** A main view: a section named by its h1 (each view has one), with the view's buttons beside the title and its content below. */
import type { ComponentProps, ReactNode } from 'react';
import { Title2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  section: { display: 'grid', gap: tokens.spacingVerticalM, alignContent: 'start' },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  title: { flex: 1, margin: 0 },
});

type SectionProps = Omit<ComponentProps<'section'>, 'aria-labelledby' | 'title' | 'children'>;

/** `id` names the heading (`ID-heading`); `actions` go at the title's end. */
export function ViewSection({ id, title, actions, className, children, ...rest }: SectionProps & { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  const styles = useStyles();
  return (
    <section aria-labelledby={`${id}-heading`} className={mergeClasses(styles.section, className)} {...rest}>
      <div className={styles.head}>
        <Title2 as="h1" id={`${id}-heading`} className={styles.title}>
          {title}
        </Title2>
        {actions}
      </div>
      {children}
    </section>
  );
}
