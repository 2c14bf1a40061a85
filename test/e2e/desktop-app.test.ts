/**
 * The desktop app end to end, in Chromium, against the web host with the real services: the
 * build engine on the fixture repository and the wsl.exe simulator. One host and one build
 * are shared by the tests in order (the build is the slow part).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startFixtureHost, type FixtureHost } from '../../electron/web-host/fixture-setup.js';
import { ensureFixtureRepos } from '../fixtures/fixture-repos.js';
import { startHeldRepository } from '../fixtures/held-repository.js';
import { launchChromium } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { AppPage } from './support/app-page.js';

const DISTRO = 'AzureLinux-E2E';
const KEYBOARD_DISTRO = 'AzureLinux-Keys';
const USER = 'jane';
const PASSWORD = 'correct horse battery';

let host: FixtureHost;
let browser: Browser;
let page: Page;
let app: AppPage;
let builtImage = '';
/** While set, reviews and builds read this fixture repository folder from this URL instead. */
let servedElsewhere: { dir: string; url: string } | undefined;

before(async () => {
  await buildRenderer();
  host = await startFixtureHost({ repositoryUrl: (dir) => (dir === servedElsewhere?.dir ? servedElsewhere.url : undefined) });
  browser = await launchChromium();
  // The terminal's Ctrl+Shift+C / Ctrl+Shift+V use the async clipboard, as in Electron.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await context.newPage();
  app = new AppPage(page);
  await app.open(host.url);
});

after(async () => {
  await browser?.close();
  await host?.close();
});

test('the whole wizard: build the 4.0 WSL sample, install it, create the account, and the terminal runs as the new user', async () => {
  const wizard = app.wizard;
  await app.nav('New distribution');
  await wizard.chooseCatalog('Azure Linux 4.0 (WSL profile)');
  await app.screenshot('1-source');
  await wizard.next();
  await wizard.waitForStep('review');
  await wizard.waitForReview();
  assert.match(await page.getByTestId('package-count').innerText(), /^\d+ packages$/);
  await app.screenshot('2-review');
  await wizard.build();
  await page.locator('[data-step="install"], [data-step="download"]').first().waitFor({ timeout: 60_000 });
  await app.screenshot('3-build-running');
  await wizard.waitForBuildState('succeeded');
  const status = await wizard.buildStatus().innerText();
  builtImage = /ready: (\S+\.wsl)/.exec(status)?.[1] ?? '';
  assert.ok(builtImage.startsWith(host.outputDir), status);
  assert.ok((await stat(builtImage)).size > 0);
  await app.screenshot('3-build-done');
  await wizard.next();
  await wizard.waitForStep('install');
  await wizard.fillInstall(DISTRO);
  await page.getByText('The name is free.').waitFor();
  await app.screenshot('4-install');
  await wizard.next();
  await wizard.waitForStep('account');
  // Prefilled from the OS user "Jane.Doe".
  assert.equal(await page.getByLabel('User name').inputValue(), 'jane_doe');
  await wizard.fillAccount(USER, PASSWORD);
  await app.screenshot('5-account');
  await wizard.install();
  await wizard.waitForInstallState('succeeded');
  await app.screenshot('6-done');
  await wizard.openTerminal();
  await page.getByTestId('terminal').waitFor();
  await page.locator('[data-testid="terminal"]:not([hidden]) .xterm-helper-textarea').focus();
  await page.keyboard.type('id\r');
  const screen = await app.waitForTerminalText(/uid=1000\(jane\)/);
  assert.match(screen, /uid=1000\(jane\) gid=1000\(jane\)/);
  await app.screenshot('7-terminal');

  await app.nav('Distributions');
  const row = app.distros.row(DISTRO);
  await row.waitFor();
  assert.match(await row.innerText(), /WSL 2/);
  assert.match(await row.innerText(), /Packages\s+\d+/);
});

test('terminal copy and paste: text selected in the terminal is copied with Ctrl+Shift+C, and Ctrl+Shift+V pastes it into the shell', async () => {
  await app.nav('Terminals');
  const screen = page.locator('[data-testid="terminal"]:not([hidden])');
  await screen.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type('echo COPY-ME-$((40+2))\r');
  await app.waitForTerminalText(/^COPY-ME-42\s*$/m);
  // Select the output line's word the way a user does: double-click it.
  const row = screen.locator('.xterm-rows > div').filter({ hasText: /^COPY-ME-42\s*$/ }).last();
  const box = (await row.boundingBox())!;
  await page.mouse.dblclick(box.x + 12, box.y + box.height / 2);
  await page.keyboard.press('Control+Shift+KeyC');
  assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), 'COPY-ME-42');
  await screen.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type('echo pasted:');
  await page.keyboard.press('Control+Shift+KeyV');
  // The clipboard is read asynchronously: the text appears on the command line, pasted once.
  await app.waitForTerminalText(/echo pasted:COPY-ME-42\s*$/m);
  await page.keyboard.type('\r');
  const text = await app.waitForTerminalText(/^pasted:COPY-ME-42\s*$/m);
  assert.match(text, /^pasted:COPY-ME-42\s*$/m, 'the shell received the pasted text');
  await app.screenshot('7-terminal-copy-paste');
});

test('the install step refuses a name that is taken and the account step explains a bad user name as it is typed', async () => {
  assert.ok(builtImage, 'needs the image of the first test');
  const wizard = app.wizard;
  await app.nav('New distribution');
  await wizard.waitForStep('source');
  await wizard.chooseExistingImage(builtImage);
  await wizard.next();
  await wizard.waitForStep('review');
  await wizard.next();
  await wizard.waitForStep('install');
  await wizard.fillInstall(DISTRO.toLowerCase());
  await page.getByText(/already installed/).waitFor();
  assert.match(await wizard.nameMessage().innerText(), /A distribution named "AzureLinux-E2E" is already installed/);
  assert.equal(await page.getByRole('button', { name: 'Next', exact: true }).isDisabled(), true);
  await app.screenshot('4-install-name-clash');

  await wizard.fillInstall('AzureLinux-E2E-2');
  await page.getByText('The name is free.').waitFor();
  await wizard.next();
  await wizard.waitForStep('account');
  await wizard.fillAccount('Root!', PASSWORD, 'something else');
  await wizard.userError().waitFor();
  assert.match(await wizard.userError().innerText(), /starts with a lower-case letter/);
  assert.equal(await page.locator('[data-rule="password-mismatch"]').getAttribute('data-met'), 'false');
  await page.getByLabel('User name').fill('root');
  await page.getByText('"root" is a system account; choose another name.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Install', exact: true }).isDisabled(), true);
  await app.screenshot('5-account-invalid');
  // Going back keeps what was typed.
  await page.getByRole('button', { name: 'Back' }).click();
  await wizard.waitForStep('install');
  assert.equal(await page.getByLabel('Distribution name').inputValue(), 'AzureLinux-E2E-2');
});

test('cancelling a build mid-way says so and leaves no file behind', async () => {
  const before = (await readdir(host.outputDir)).sort();
  const wizard = app.wizard;
  await app.nav('New distribution');
  await page.getByRole('button', { name: 'Back' }).click().catch(() => undefined);
  while ((await wizard.step()) !== 'source') await page.getByRole('button', { name: 'Back' }).click();
  await wizard.chooseCatalog('Azure Linux 4.0 from marketplace-gen2 (same as our VMs)');
  await wizard.recordReviewStates();
  await wizard.next();
  await wizard.waitForStep('review');
  await wizard.waitForReview();
  // The review ran as a job: the step showed it running first (how long depends on dnf's cache,
  // so whether a step bar was drawn meanwhile is not asserted), then its steps done and the result.
  const states = await wizard.recordedReviewStates();
  assert.equal(states[0]?.startsWith('running:'), true, states.join(' '));
  assert.equal(states.at(-1), 'succeeded:steps', states.join(' '));
  assert.equal(await page.locator('[data-testid="wizard"] li[data-step="resolve"].done').count(), 1, 'the repositories step is done');
  assert.ok((await page.getByTestId('parity-list').locator('li').count()) > 0, 'the cloud profile lists its WSL changes');
  assert.match(await page.getByTestId('parity-list').innerText(), /WALinuxAgent/);
  await app.screenshot('2-review-job');
  await wizard.build();
  await page.locator('[data-testid="wizard"] li[data-step="resolve"]').waitFor({ timeout: 60_000 });
  // Leaving the page mid-build asks first; declining keeps the page and the build.
  const question = new Promise<string>((resolve) => page.once('dialog', (dialog) => void dialog.dismiss().then(() => resolve(dialog.type()))));
  void page.evaluate("location.href = 'about:blank'").catch(() => undefined);
  assert.equal(await question, 'beforeunload');
  assert.equal(await wizard.buildStatus().getAttribute('data-state'), 'running');
  await wizard.cancelBuild();
  await wizard.waitForBuildState('cancelled');
  assert.match(await wizard.buildStatus().innerText(), /cancelled\. Nothing was left behind/);
  await app.screenshot('3-build-cancelled');
  assert.deepEqual((await readdir(host.outputDir)).sort(), before);
});

test('the whole wizard by keyboard only: an existing image, installed with an account', async () => {
  assert.ok(builtImage, 'needs the image of the first test');
  const wizard = app.wizard;
  await app.nav('New distribution');
  while ((await wizard.step()) !== 'source') {
    await page.getByRole('button', { name: /^(Back|Create another)$/ }).first().click();
  }
  const key = (name: string) => page.keyboard.press(name);
  // Focus starts on the step heading; Tab reaches the radio group, arrows move within it.
  await page.getByRole('heading', { name: 'Choose a source' }).focus();
  await key('Tab');
  for (let i = 0; i < 6 && !(await page.getByRole('radio', { name: /existing .wsl/ }).isChecked()); i++) await key('ArrowDown');
  assert.equal(await page.getByRole('radio', { name: /existing .wsl/ }).isChecked(), true);
  await key('Tab');
  await page.keyboard.type(builtImage);
  await key('Enter');
  await wizard.waitForStep('review');
  await wizard.waitForReview();
  await key('Tab');
  await key('Tab');
  await key('Enter'); // Next (the primary button)
  await wizard.waitForStep('install');
  await key('Tab'); // from the heading to the name field
  await key('Control+A');
  await page.keyboard.type(KEYBOARD_DISTRO);
  await page.getByText('The name is free.').waitFor();
  await key('Enter');
  await wizard.waitForStep('account');
  await key('Tab');
  await key('Control+A');
  await page.keyboard.type('kim');
  await key('Tab');
  await page.keyboard.type(PASSWORD);
  await key('Tab');
  await page.keyboard.type(PASSWORD);
  await page.locator('[data-rule="password-mismatch"][data-met="true"]').waitFor();
  await key('Enter');
  await wizard.waitForInstallState('succeeded');
  const focused = await page.evaluate<string>("document.activeElement?.textContent ?? ''");
  assert.equal(focused, 'Open terminal');
  await key('Enter');
  await app.waitForTerminalText(/\$|#/);
  await page.keyboard.type('id -un\r');
  await app.waitForTerminalText(/\bkim\b/);
});

test('distro actions: set default, export, and unregister after typing the name', async () => {
  const { distros } = app;
  await app.nav('Distributions');
  await distros.row(DISTRO).waitFor();
  // The first distribution became the default; make the keyboard test's one the default.
  assert.equal(await distros.row(DISTRO).getByTestId('default-marker').count(), 1);
  await distros.action(KEYBOARD_DISTRO, 'Set as default');
  await distros.row(KEYBOARD_DISTRO).getByTestId('default-marker').waitFor();
  assert.equal(await distros.row(DISTRO).getByTestId('default-marker').count(), 0);

  const exported = join(host.workDir, 'backup.wsl');
  await distros.action(DISTRO, 'Export…');
  await distros.dialog().getByLabel('Export to file').fill(exported);
  await distros.dialog().getByRole('button', { name: 'Export', exact: true }).click();
  await distros.notice().filter({ hasText: 'exported' }).waitFor({ timeout: 60_000 });
  assert.ok((await stat(exported)).size > 0);

  // Off Windows there is no Windows Terminal, so the action is not offered at all.
  await distros.row(DISTRO).getByRole('button', { name: `More actions for ${DISTRO}` }).click();
  await page.getByRole('menuitem', { name: 'Show location' }).waitFor();
  assert.equal(await page.getByRole('menuitem', { name: 'Open in Windows Terminal' }).count(), 0);
  await page.keyboard.press('Escape');

  await distros.action(DISTRO, 'Unregister…');
  const confirm = distros.dialog().getByRole('button', { name: `Unregister ${DISTRO}` });
  await distros.dialog().getByLabel('Distribution name').fill(DISTRO.toLowerCase());
  assert.equal(await confirm.isDisabled(), true);
  await distros.dialog().getByLabel('Distribution name').fill(DISTRO);
  await app.screenshot('distros-unregister-confirm');
  await confirm.click();
  await distros.notice().filter({ hasText: 'removed' }).waitFor({ timeout: 30_000 });
  assert.equal((await distros.names()).includes(DISTRO), false);
});

test('cancelling a review while dnf waits on a slow repository stops dnf and goes back to the source; the next review works', { timeout: 180_000 }, async () => {
  const { azl4 } = await ensureFixtureRepos();
  const slow = await startHeldRepository(azl4);
  servedElsewhere = { dir: azl4, url: slow.url };
  try {
    const wizard = app.wizard;
    await app.nav('New distribution');
    while ((await wizard.step()) !== 'source') {
      await page.getByRole('button', { name: /^(Back|Create another)$/ }).first().click();
    }
    await wizard.chooseCatalog('Azure Linux 4.0 (WSL profile)');
    await wizard.next();
    await wizard.waitForStep('review');
    // dnf has asked the repository and is waiting for its answer: the review is mid-way.
    await slow.firstRequest;
    await page.locator('[data-testid="review-status"][data-state="running"]').waitFor();
    await app.screenshot('2-review-running');
    await page.getByRole('button', { name: 'Cancel review' }).click();
    await wizard.waitForStep('source');
    await page.getByText(/The review was cancelled; nothing was built/).waitFor();
    await app.screenshot('1-source-review-cancelled');
    // dnf hung up without its answer: it was stopped, not left waiting in the background (were
    // it still waiting, this would never resolve and the test's timeout would fail it).
    await slow.abandoned;
    slow.release();
    await wizard.next();
    await wizard.waitForStep('review');
    await wizard.waitForReview();
    assert.match(await page.getByTestId('package-count').innerText(), /^\d+ packages$/);
  } finally {
    servedElsewhere = undefined;
    await slow.close();
  }
});
