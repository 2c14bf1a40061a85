/** A step's heading, focused when the step appears so keyboard and screen-reader users land on it. */
import { useEffect, useRef } from 'react';
import { useWizardStyles } from './wizard-styles.js';

export function StepHeading({ children }: { children: string }) {
  const styles = useWizardStyles();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 ref={ref} tabIndex={-1} className={styles.heading}>
      {children}
    </h2>
  );
}
