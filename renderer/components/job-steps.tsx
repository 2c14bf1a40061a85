/**
 * A job's steps in the order they ran, each with its state: a bar when the engine reports a
 * fraction, an indeterminate bar while a step without one runs, ✓ when done, ✗ on the step
 * that failed.
 */
import { ProgressBar, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { JobInfo } from '../../electron/contract/api.js';

const useStyles = makeStyles({
  list: { listStyle: 'none', padding: 0, margin: `${tokens.spacingVerticalS} 0`, display: 'grid', gap: tokens.spacingVerticalS },
  step: { display: 'grid', gridTemplateColumns: '1.5rem minmax(10rem, 22rem) minmax(6rem, 12rem) minmax(0, 1fr)', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  // In a dialog: mark, label and bar, the detail under the label.
  compact: { gridTemplateColumns: '1.5rem minmax(0, 1fr) 6rem', rowGap: tokens.spacingVerticalXXS },
  compactDetail: { gridColumn: '2 / -1' },
  mark: { textAlign: 'center', fontWeight: tokens.fontWeightSemibold },
  done: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  detail: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' },
});

/** `compact`: for a dialog's width. */
export function JobSteps({ job, compact = false }: { job: JobInfo; compact?: boolean }) {
  const styles = useStyles();
  // The step running when the job failed or was cancelled is the one that did not finish.
  const stoppedAt = job.state === 'failed' || job.state === 'cancelled' ? job.steps.findLast((step) => !step.done)?.step : undefined;
  return (
    <ol className={mergeClasses("job-steps", styles.list)} aria-label={`${job.title} steps`}>
      {job.steps.map((step) => {
        const failed = step.step === stoppedAt;
        const state = step.done ? 'done' : failed ? (job.state === 'failed' ? 'failed' : 'cancelled') : job.state === 'running' ? 'running' : 'stopped';
        return (
          <li key={step.step} data-step={step.step} data-state={state} className={mergeClasses(styles.step, compact && styles.compact, step.done ? 'done' : 'running')}>
            <span className={mergeClasses(styles.mark, step.done && styles.done, failed && styles.failed)} aria-hidden="true">
              {step.done ? '✓' : failed ? '✗' : '•'}
            </span>
            <span>
              {step.label}
              <span className="visually-hidden">{step.done ? ' (done)' : failed ? ` (${state})` : ''}</span>
            </span>
            {step.done ? (
              <ProgressBar value={1} color="success" aria-label={`${step.label}: done`} />
            ) : failed ? (
              <ProgressBar value={step.fraction ?? 0} color="error" aria-label={`${step.label}: ${state}`} />
            ) : job.state === 'running' ? (
              // No fraction (or only the 0 every step starts with): the engine cannot say how far, so no percentage.
              <ProgressBar value={step.fraction ? step.fraction : undefined} aria-label={step.label} />
            ) : (
              <span />
            )}
            <span className={mergeClasses(styles.detail, compact && styles.compactDetail)}>{!step.done && step.detail ? step.detail : ''}</span>
          </li>
        );
      })}
    </ol>
  );
}
