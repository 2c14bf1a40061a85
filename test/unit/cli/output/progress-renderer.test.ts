import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressRenderer, formatElapsed } from '../../../../cli/output/progress-renderer.js';
import { CLEAR_LINE } from '../../../../cli/output/line-writer.js';
import { waitFor } from '../../../support/wait-for.js';

/** A TTY renderer on a clock the test moves; returns the live lines it drew. */
function ttyRenderer() {
  let clock = 1_000_000;
  let output = '';
  const renderer = createProgressRenderer({ mode: 'tty', write: (text) => void (output += text), now: () => clock, columns: () => 120 });
  return {
    renderer,
    advance: (ms: number) => void (clock += ms),
    /** Every line drawn so far (live lines are separated by the clear-line sequence). */
    lines: () => output.split(CLEAR_LINE).flatMap((part) => part.split('\n')).filter((line) => line.length > 0),
  };
}

test('a step without a fraction shows a spinner and its elapsed time, never "0%"', () => {
  const { renderer, advance, lines } = ttyRenderer();
  renderer.listener({ kind: 'step', step: 'install', label: 'Installing packages', fraction: 0 });
  advance(8_200);
  renderer.listener({ kind: 'step', step: 'install', label: 'Installing packages', detail: 'bash' });
  renderer.finish();
  const drawn = lines();
  assert.match(drawn[0]!, /^⠋ Installing packages {2}0s$/);
  assert.match(drawn.at(-1)!, /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Installing packages — bash {2}8s$/);
  assert.ok(drawn.every((line) => !/%/.test(line)), drawn.join('\n'));
});

test('a step that reports a fraction is drawn as a bar with its percentage and time; done steps get a tick', () => {
  const { renderer, advance, lines } = ttyRenderer();
  renderer.listener({ kind: 'step', step: 'pack', label: 'Packing', fraction: 0 });
  advance(1_500);
  renderer.listener({ kind: 'step', step: 'pack', label: 'Packing', fraction: 0.5 });
  renderer.listener({ kind: 'step-done', step: 'pack', label: 'Packing', elapsedMs: 3_000 });
  renderer.finish();
  const drawn = lines();
  assert.match(drawn.find((line) => line.includes('%'))!, /^\[=+> +\] +50% Packing {2}1s$/);
  assert.equal(drawn.at(-1), '✔ Packing (3.0 s)');
});

test('the spinner keeps turning and the clock keeps running while the engine is silent', async () => {
  let output = '';
  const renderer = createProgressRenderer({ mode: 'tty', write: (text) => void (output += text), columns: () => 120 });
  renderer.listener({ kind: 'step', step: 'resolve', label: 'Asking the repositories', fraction: 0 });
  const first = output;
  // The renderer redraws on its own timer: a redraw comes without a new event.
  await waitFor('the live line to be redrawn without a new event', () => output !== first);
  renderer.finish();
  assert.ok(output.endsWith(CLEAR_LINE), 'finish clears the live line');
});

test('elapsed times read as seconds, then minutes and seconds', () => {
  assert.equal(formatElapsed(0), '0s');
  assert.equal(formatElapsed(59_999), '59s');
  assert.equal(formatElapsed(65_000), '1m 05s');
});
