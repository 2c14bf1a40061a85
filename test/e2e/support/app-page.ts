/**
 * Page objects for the desktop app's renderer: tests say what a user does ("choose the
 * WSL profile", "type a user name") and read what a user sees, never CSS internals.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../../electron/web-host/fixture-setup.js';
import { expectAccessible } from './accessibility.js';

export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'screenshots');

/** Generous: a build on two cores under a full test suite. */
const BUILD_TIMEOUT_MS = 150_000;
const INSTALL_TIMEOUT_MS = 90_000;

export class AppPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('heading', { name: 'WSL distributions' }).waitFor();
  }

  async screenshot(name: string): Promise<void> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }

  /** A screenshot kept as an artifact and an axe-core check of the same screen (fails on serious/critical). */
  async checkpoint(name: string): Promise<void> {
    await this.screenshot(name);
    await expectAccessible(this.page, name);
  }

  nav(name: 'Distributions' | 'New distribution' | 'Parity' | 'Terminals'): Promise<void> {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
  }

  get wizard(): WizardPage {
    return new WizardPage(this.page);
  }

  /** Help → Save diagnostics; resolves with the path the app says it saved to. */
  async saveDiagnostics(): Promise<string> {
    await this.page.getByRole('button', { name: 'Help' }).click();
    await this.page.getByRole('menuitem', { name: 'Save diagnostics' }).click();
    await this.page.getByTestId('diagnostics-saved').waitFor({ timeout: 60_000 });
    return this.page.getByTestId('diagnostics-path').innerText();
  }

  /** The "set by your organization" note of a locked setting. */
  lockedNote(setting: 'installMethod' | 'installLocation' | 'sudo' | 'outputDir'): Locator {
    return this.page.getByTestId(`locked-${setting}`);
  }

  get distros(): DistrosPage {
    return new DistrosPage(this.page);
  }

  /** The visible text of the active terminal's screen. */
  async terminalText(): Promise<string> {
    return (await this.page.locator('[data-testid="terminal"]:not([hidden]) .xterm-rows').innerText()).replace(/\u00a0/g, ' ');
  }

  async waitForTerminalText(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      text = await this.terminalText().catch(() => '');
      if (pattern.test(text)) return text;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`The terminal never showed ${pattern}; it shows:\n${text}`);
  }
}

export class WizardPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('wizard');
  }

  async step(): Promise<string> {
    return (await this.root.getAttribute('data-step')) ?? '';
  }

  async waitForStep(step: string, timeoutMs = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="wizard"][data-step="${step}"]`).waitFor({ timeout: timeoutMs });
  }

  async chooseCatalog(label: string): Promise<void> {
    await this.page.getByRole('radio', { name: label }).check();
  }

  async chooseExistingImage(path: string): Promise<void> {
    await this.page.getByRole('radio', { name: /existing .wsl or .tar.gz image/ }).check();
    await this.page.getByLabel('Image file path').fill(path);
  }

  /** From the Source step: an existing image, through its review (nothing is built), to Name and location. */
  async reviewExistingImage(path: string): Promise<void> {
    await this.chooseExistingImage(path);
    await this.next();
    await this.waitForStep('review');
    await this.next();
    await this.waitForStep('target');
  }

  /** Back to the Source step from wherever the wizard is (Back, or New distribution after an install). */
  async backToSource(): Promise<void> {
    while ((await this.step()) !== 'source') {
      await this.root.getByRole('button', { name: /^(Back|New distribution)$/ }).first().click();
    }
  }

  /** A local profile file; its images or profiles are then offered as radio buttons. */
  async chooseProfileFile(path: string): Promise<void> {
    await this.page.getByRole('radio', { name: /A local profile file/ }).check();
    await this.page.getByLabel('Profile file path').fill(path);
  }

  profileChoices(): Locator {
    return this.page.getByTestId('profile-choices');
  }

  /** The step bar's state of one step (done, current, failed, skipped, todo). */
  async stepState(step: string): Promise<string> {
    return (await this.page.getByTestId('step-bar').locator(`li[data-name="${step}"]`).getAttribute('data-state')) ?? '';
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next', exact: true }).click();
  }

  /** Waits until the review job has finished and its summary shows (a first review with dnf takes seconds). */
  async waitForReview(timeoutMs = 60_000): Promise<void> {
    await this.page.getByTestId('review-summary').waitFor({ timeout: timeoutMs });
  }

  /**
   * Starts recording every state the review status shows, with whether the step list was on
   * screen, so a test can check what the user saw while the review ran without racing it.
   */
  async recordReviewStates(): Promise<void> {
    await this.page.evaluate(`(() => {
      const seen = [];
      window.__reviewStates = seen;
      const record = () => {
        const state = document.querySelector('[data-testid="review-status"]')?.getAttribute('data-state');
        if (!state) return;
        const entry = state + (document.querySelector('[data-testid="wizard"] .job-steps li') ? ':steps' : ':no-steps');
        if (seen[seen.length - 1] !== entry) seen.push(entry);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
  }

  async recordedReviewStates(): Promise<string[]> {
    return this.page.evaluate<string[]>('window.__reviewStates ?? []');
  }

  async build(): Promise<void> {
    await this.page.getByRole('button', { name: 'Build', exact: true }).click();
    await this.waitForStep('build');
  }

  buildStatus(): Locator {
    return this.page.getByTestId('build-status');
  }

  async waitForBuildState(state: 'succeeded' | 'cancelled' | 'failed'): Promise<void> {
    await this.page.locator(`[data-testid="build-status"][data-state="${state}"]`).waitFor({ timeout: BUILD_TIMEOUT_MS });
  }

  async cancelBuild(): Promise<void> {
    await this.page.getByRole('button', { name: 'Cancel build' }).click();
  }

  async fillInstall(name: string): Promise<void> {
    await this.page.getByLabel('Distribution name').fill(name);
  }

  nameMessage(): Locator {
    return this.page.getByTestId('name-message');
  }

  async fillAccount(user: string, password: string, confirmation = password): Promise<void> {
    await this.page.getByLabel('User name').fill(user);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByLabel('Confirm password').fill(confirmation);
  }

  userError(): Locator {
    return this.page.getByTestId('user-error');
  }

  async install(): Promise<void> {
    await this.page.getByRole('button', { name: 'Install', exact: true }).click();
  }

  async waitForInstallState(state: 'succeeded' | 'failed'): Promise<void> {
    await this.page.locator(`[data-testid="install-status"][data-state="${state}"]`).waitFor({ timeout: INSTALL_TIMEOUT_MS });
  }

  async openTerminal(): Promise<void> {
    await this.page.getByRole('button', { name: 'Open terminal' }).click();
  }

  /** The finished install's "New distribution" button (the wizard's, not the navigation's). */
  async createAnother(): Promise<void> {
    await this.root.getByRole('button', { name: 'New distribution' }).click();
  }
}

export class DistrosPage {
  constructor(readonly page: Page) {}

  row(name: string): Locator {
    return this.page.locator(`[data-testid="distro-row"][data-name="${name}"]`);
  }

  async names(): Promise<string[]> {
    return this.page.getByTestId('distro-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name') ?? ''));
  }

  /** Clicks an action of a distribution's card: a button, or an item of its "More…" menu. */
  async action(name: string, label: string): Promise<void> {
    // Wait until the card is reachable by role (a closing dialog still hides the page from assistive technology).
    await this.row(name).getByRole('button', { name: `More actions for ${name}` }).waitFor();
    const button = this.row(name).getByRole('button', { name: label, exact: true });
    if ((await button.count()) > 0) {
      await button.click();
      return;
    }
    // The menu is fetched after the list paints: until it is, "More…" is a placeholder that opens
    // nothing, so the click is repeated until the menu answers (a poll, not a fixed wait).
    const item = this.page.getByRole('menuitem', { name: label, exact: true });
    for (let attempt = 0; ; attempt++) {
      await this.row(name).getByRole('button', { name: `More actions for ${name}` }).click();
      try {
        await item.waitFor({ timeout: 2_000 });
        break;
      } catch (error) {
        if (attempt >= 15) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
    await item.click();
  }

  /** The dialog an action opened (Fluent renders it outside the card). */
  dialog(): Locator {
    return this.page.locator('[role="dialog"], [role="alertdialog"]');
  }

  notice(): Locator {
    return this.page.getByTestId('notice');
  }

  noticeError(): Locator {
    return this.page.getByTestId('notice-error');
  }
}
