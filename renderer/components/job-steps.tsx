/** A job's steps, each with a progress bar (indeterminate when the engine gives no fraction). */
import type { JobInfo } from '../../electron/contract/api.js';

export function JobSteps({ job }: { job: JobInfo }) {
  return (
    <ol className="job-steps" aria-label={`${job.title} steps`}>
      {job.steps.map((step) => (
        <li key={step.step} data-step={step.step} className={step.done ? 'done' : 'running'}>
          <span className="step-label">{step.done ? '✓ ' : ''}{step.label}</span>
          <progress aria-label={step.label} max={1} value={step.done ? 1 : step.fraction} />
          {step.detail && !step.done && <span className="step-detail">{step.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
