/**
 * axe-core on the page as it is now (the view, the wizard step, an open dialog): any serious or
 * critical violation fails the test, with each rule, its help and the offending elements. Every
 * check is also written to test-results/accessibility/ as an artifact beside the screenshots.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../../electron/web-host/fixture-setup.js';

export const ACCESSIBILITY_DIR = join(PROJECT_ROOT, 'test-results', 'accessibility');

/** The WCAG 2.1 A/AA rules plus axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const BLOCKING = new Set(['serious', 'critical']);

export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Tabster (Fluent's focus manager) puts aria-hidden focus sentinels (<i data-tabster-dummy>)
  // at the edges of tab lists, menus and dialogs; they pass focus on at once and are never read.
  // Legacy mode runs axe in the page itself: the app has no frames, and the default mode opens a
  // blank page for every check (seconds each on a busy two-core machine).
  const results = await new AxeBuilder({ page }).withTags(TAGS).exclude('[data-tabster-dummy]').setLegacyMode(true).analyze();
  await mkdir(ACCESSIBILITY_DIR, { recursive: true });
  const summary = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
  await writeFile(join(ACCESSIBILITY_DIR, `${name}.json`), JSON.stringify({ url: page.url(), passes: results.passes.length, violations: summary }, null, 2) + '\n');
  const blocking = summary.filter((violation) => BLOCKING.has(violation.impact ?? ''));
  assert.deepEqual(blocking, [], `${name}: serious or critical accessibility violations`);
}
