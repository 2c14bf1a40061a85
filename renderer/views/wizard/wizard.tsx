/**
 * The new-distro wizard: the step bar and the current step; input survives going back. The bar
 * tells the truth: a step is ✓ only when its work is done, a failed step is ✗ and the bar stays
 * on it, the build is marked skipped for an existing image, and Install is done only when the
 * install job succeeded.
 */
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ViewSection } from '../../components/view-section.js';
import { useAppStore } from '../../state/app-store-context.js';
import { STEP_LABELS, WIZARD_STEPS } from '../../state/wizard-slice.js';
import { stepStates, type StepState } from './step-states.js';
import { AccountStep } from './account-step.js';
import { BuildStep } from './build-step.js';
import { InstallStep } from './install-step.js';
import { ReviewStep } from './review-step.js';
import { SourceStep } from './source-step.js';
import { TargetStep } from './target-step.js';

const STATE_WORDS: Record<StepState, string> = { done: 'done', current: 'current step', failed: 'failed', skipped: 'skipped', todo: 'not yet' };

const useStyles = makeStyles({
  section: { gap: tokens.spacingVerticalL, maxWidth: '72rem' },
  bar: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexWrap: 'wrap', gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}` },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground3 },
  mark: {
    display: 'inline-grid',
    placeItems: 'center',
    width: '24px',
    height: '24px',
    borderRadius: tokens.borderRadiusCircular,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  current: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  currentMark: { backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand, border: 'none' },
  done: { color: tokens.colorNeutralForeground1 },
  doneMark: { backgroundColor: tokens.colorPaletteGreenBackground3, color: tokens.colorNeutralForegroundOnBrand, border: 'none' },
  failed: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  failedMark: { backgroundColor: tokens.colorPaletteRedBackground3, color: tokens.colorNeutralForegroundOnBrand, border: 'none' },
});

export function Wizard() {
  const styles = useStyles();
  const step = useAppStore((state) => state.wizardStep);
  const review = useAppStore((state) => (state.reviewJobId ? state.jobs[state.reviewJobId] : undefined));
  const build = useAppStore((state) => (state.buildJobId ? state.jobs[state.buildJobId] : undefined));
  const install = useAppStore((state) => (state.installJobId ? state.jobs[state.installJobId] : undefined));
  const prebuilt = useAppStore((state) => Boolean(state.review?.prebuiltImage));
  const states = stepStates(step, { review, build, install }, prebuilt);
  return (
    <ViewSection id="wizard" title="New distribution" className={mergeClasses('wizard', styles.section)} data-testid="wizard" data-step={step}>
      <ol className={styles.bar} aria-label="Steps" data-testid="step-bar">
        {WIZARD_STEPS.map((name, index) => {
          const state = states[name];
          return (
            <li
              key={name}
              data-name={name}
              aria-current={name === step ? "step" : undefined}
              data-state={state}
              className={mergeClasses(styles.item, state === 'current' && styles.current, state === 'done' && styles.done, state === 'failed' && styles.failed)}
            >
              <span
                aria-hidden="true"
                className={mergeClasses(styles.mark, state === 'current' && styles.currentMark, state === 'done' && styles.doneMark, state === 'failed' && styles.failedMark)}
              >
                {state === 'done' ? '✓' : state === 'failed' ? '✗' : state === 'skipped' ? '–' : index + 1}
              </span>
              {STEP_LABELS[name]}
              <span className="visually-hidden">, {STATE_WORDS[state]}</span>
            </li>
          );
        })}
      </ol>
      {step === 'source' && <SourceStep />}
      {step === 'review' && <ReviewStep />}
      {step === 'build' && <BuildStep />}
      {step === 'target' && <TargetStep />}
      {step === 'account' && <AccountStep />}
      {step === 'install' && <InstallStep />}
    </ViewSection>
  );
}
