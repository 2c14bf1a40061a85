/**
 * The desktop app end to end, in Chromium, against the web host with the real services: the
 * build engine on the fixture repository and the wsl.exe simulator. One host and one build
 * are shared by the tests in order (the build is the slow part). Every screen and wizard step is
 * kept as a screenshot and checked with axe-core (`app.checkpoint`): a serious or critical
 * accessibility violation fails the test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { FixtureHost } from '../../electron/web-host/fixture-setup.js';
import { ensureFixtureRepos } from '../fixtures/fixture-repos.js';
import { startHeldRepository } from '../fixtures/held-repository.js';
import type { AppPage } from './support/app-page.js';
import { launchApp, type LaunchedApp } from './support/launch-app.js';
import { PROJECT_ROOT } from '../../electron/web-host/fixture-setup.js';

const DISTRO = 'AzureLinux-E2E';
const KEYBOARD_DISTRO = 'AzureLinux-Keys';
const RESTORED_DISTRO = 'AzureLinux-Restored';
const PROFILES = join(PROJECT_ROOT, 'rootfs', 'samples', 'azl4');
const USER = 'jane';
const PASSWORD = 'correct horse battery';

let launched: LaunchedApp | undefined;
let host: FixtureHost;
let page: Page;
let app: AppPage;
let builtImage = '';
/** The export of DISTRO (its jane at uid 1000), made by the distro actions test. */
let exportedImage = '';
/** While set, reviews and builds read this fixture repository folder from this URL instead. */
let servedElsewhere: { dir: string; url: string } | undefined;

before(async () => {
  launched = await launchApp({
    host: { repositoryUrl: (dir) => (dir === servedElsewhere?.dir ? servedElsewhere.url : undefined) },
    // The terminal's Ctrl+Shift+C / Ctrl+Shift+V use the async clipboard, as in Electron.
    context: { permissions: ['clipboard-read', 'clipboard-write'] },
  });
  ({ host, page, app } = launched);
});

after(() => launched?.close());

test('the whole wizard: build the 4.0 WSL sample, install it, create the account, and the terminal runs as the new user', async () => {
  const wizard = app.wizard;
  await app.nav('New distribution');
  await app.checkpoint('0-distributions-empty');
  await app.nav('New distribution');
  await wizard.chooseCatalog('Azure Linux 4.0 (WSL profile)');
  await app.checkpoint('1-source');
  await wizard.next();
  await wizard.waitForStep('review');
  await wizard.waitForReview();
  // The review says what is requested (the build adds dependencies) and which file it writes.
  assert.match(await page.getByTestId('package-count').innerText(), /^\d+ packages requested$/);
  const outputFile = await page.getByTestId('output-file').innerText();
  assert.ok(outputFile.startsWith(host.outputDir) && outputFile.endsWith('.wsl'), outputFile);
  assert.equal(await wizard.stepState('source'), 'done');
  await app.checkpoint('2-review');
  await wizard.build();
  await page.locator('[data-step="install"], [data-step="download"]').first().waitFor({ timeout: 60_000 });
  await app.screenshot('3-build-running');
  await wizard.waitForBuildState('succeeded');
  const status = await wizard.buildStatus().innerText();
  builtImage = /ready: (\S+\.wsl)/.exec(status)?.[1] ?? '';
  assert.equal(builtImage, outputFile, 'the build wrote the file the review announced');
  assert.match(status, /\d+ packages installed: the \d+ requested and what they depend on/);
  assert.ok((await stat(builtImage)).size > 0);
  await app.checkpoint('3-build-done');
  await wizard.next();
  await wizard.waitForStep('target');
  await wizard.fillInstall(DISTRO);
  await page.getByText('The name is free.').waitFor();
  assert.match(await page.getByTestId('location-hint').innerText(), /goes in .*localappdata.*free on that drive/);
  await app.checkpoint('4-name-and-location');
  await wizard.next();
  await wizard.waitForStep('account');
  // Prefilled from the OS user "Jane.Doe".
  assert.equal(await page.getByLabel('User name').inputValue(), 'jane_doe');
  await wizard.fillAccount(USER, PASSWORD);
  await app.checkpoint('5-account');
  assert.equal(await wizard.stepState('install'), 'todo', 'nothing is installed before Install is chosen');
  await wizard.install();
  await wizard.waitForInstallState('succeeded');
  assert.equal(await wizard.stepState('install'), 'done');
  await app.checkpoint('6-installed');
  await wizard.openTerminal();
  await page.getByTestId('terminal').waitFor();
  await page.locator('[data-testid="terminal"]:not([hidden]) .xterm-helper-textarea').focus();
  await page.keyboard.type('id\r');
  const screen = await app.waitForTerminalText(/uid=1000\(jane\)/);
  assert.match(screen, /uid=1000\(jane\) gid=1000\(jane\)/);
  await app.checkpoint('7-terminal');

  await app.nav('Distributions');
  const row = app.distros.row(DISTRO);
  await row.waitFor();
  assert.match(await row.innerText(), /WSL 2/);
  assert.match(await row.innerText(), /Packages\s+\d+/);
  await app.checkpoint('8-distributions');
  await app.nav('Parity');
  await page.getByRole('heading', { name: 'Parity with the cloud image' }).waitFor();
  await app.checkpoint('9-parity');
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
  await app.checkpoint('7-terminal-copy-paste');
});

test('the install step refuses a name that is taken and the account step explains a bad user name as it is typed', async () => {
  assert.ok(builtImage, 'needs the image of the first test');
  const wizard = app.wizard;
  await app.nav('New distribution');
  await wizard.waitForStep('source');
  await wizard.reviewExistingImage(builtImage);
  await wizard.fillInstall(DISTRO.toLowerCase());
  await page.getByText(/already installed/).waitFor();
  assert.match(await wizard.nameMessage().innerText(), /A distribution named "AzureLinux-E2E" is already installed/);
  assert.equal(await page.getByRole('button', { name: 'Next', exact: true }).isDisabled(), true);
  await app.checkpoint('4-name-clash');
  // A free name is offered and taken with one click.
  await page.getByRole('button', { name: 'Use azurelinux-e2e-2' }).click();
  assert.equal(await page.getByLabel('Distribution name').inputValue(), 'azurelinux-e2e-2');
  await page.getByText('The name is free.').waitFor();

  // Only Microsoft's own names are official; one of them can still be taken after confirming.
  await wizard.fillInstall('AzureLinux-4.0');
  await page.getByText(/Microsoft's official Azure Linux image/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Next', exact: true }).isDisabled(), true);
  await app.checkpoint('4-official-name');
  await page.getByRole('checkbox', { name: /Use the official name anyway/ }).check();
  await page.getByText('The name is free.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Next', exact: true }).isDisabled(), false);
  await wizard.fillInstall('my distro!');
  await page.getByText(/letters, digits, "\.", "_" or "-"/).waitFor();

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
  await app.checkpoint('5-account-invalid');
  // "Both passwords match" only once both are typed; a very short password is warned about.
  await wizard.fillAccount('kim', '', '');
  assert.equal(await page.locator('[data-rule="password-mismatch"]').getAttribute('data-met'), 'false');
  await wizard.fillAccount('kim', 'x', 'x');
  await page.getByTestId('account-warning').filter({ hasText: /1-character password/ }).waitFor();
  // Going back keeps what was typed.
  await page.getByRole('button', { name: 'Back' }).click();
  await wizard.waitForStep('target');
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
  // Said at once, before the engine has finished cleaning up.
  await page.getByRole('button', { name: /^(Cancelling…|Build again)$/ }).waitFor();
  await wizard.waitForBuildState('cancelled');
  assert.match(await wizard.buildStatus().innerText(), /cancelled\. Nothing was left behind/);
  await app.checkpoint('3-build-cancelled');
  assert.deepEqual((await readdir(host.outputDir)).sort(), before);
});

test('the whole wizard by keyboard only: an existing image, installed with an account', async () => {
  assert.ok(builtImage, 'needs the image of the first test');
  const wizard = app.wizard;
  await app.nav('New distribution');
  await wizard.backToSource();
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
  await wizard.waitForStep('target');
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

test('distro actions: set default, the default user (the current one shown, root warned about), export with the proposed path, and unregister after typing the name', async () => {
  const { distros } = app;
  await app.nav('Distributions');
  await distros.row(DISTRO).waitFor();
  // The first distribution became the default; make the keyboard test's one the default.
  assert.equal(await distros.row(DISTRO).getByTestId('default-marker').count(), 1);
  await distros.action(KEYBOARD_DISTRO, 'Set as default');
  await distros.row(KEYBOARD_DISTRO).getByTestId('default-marker').waitFor();
  assert.equal(await distros.row(DISTRO).getByTestId('default-marker').count(), 0);
  // A stopped distribution cannot be terminated: the button says so by being disabled.
  if ((await distros.row(DISTRO).getByTestId('state').innerText()) === 'Running') {
    await distros.action(DISTRO, 'Terminate');
    await distros.row(DISTRO).getByTestId('state').filter({ hasText: 'Stopped' }).waitFor();
  }
  assert.equal(await distros.row(DISTRO).getByRole('button', { name: 'Terminate', exact: true }).isDisabled(), true);

  await distros.action(DISTRO, 'Set default user…');
  await distros.dialog().getByTestId('current-default-user').filter({ hasText: `${DISTRO} starts as jane now` }).waitFor({ timeout: 30_000 });
  await distros.dialog().getByLabel('Default user').selectOption('root');
  await distros.dialog().getByTestId('root-warning').waitFor();
  await app.checkpoint('distros-default-user');
  await page.keyboard.press('Escape');
  await distros.dialog().waitFor({ state: 'detached' });

  // Export: a full default path in the export folder is proposed and checked before sending.
  await distros.action(DISTRO, 'Export…');
  const field = distros.dialog().getByLabel('Export to file');
  await distros.dialog().getByTestId('export-target').waitFor();
  const proposed = await field.inputValue();
  assert.ok(proposed.startsWith(join(host.exportDir, `${DISTRO}-`)) && proposed.endsWith('.wsl'), proposed);
  await distros.dialog().getByTestId('export-target').filter({ hasText: `Saves to ${proposed}` }).waitFor();
  await app.checkpoint('distros-export-proposed');
  const exportButton = distros.dialog().getByRole('button', { name: 'Export', exact: true });
  await field.fill('');
  await distros.dialog().getByText('Enter the file to export to.').waitFor();
  assert.equal(await exportButton.isDisabled(), true);
  await field.fill(host.exportDir);
  await distros.dialog().getByText(/is a folder\. Add a file name/).waitFor();
  assert.equal(await exportButton.isDisabled(), true);
  await field.fill(join(host.workDir, 'missing', 'x.wsl'));
  await distros.dialog().getByText(/The folder .*missing does not exist/).waitFor();
  await field.fill('backup');
  await distros.dialog().getByTestId('export-target').filter({ hasText: `Saves to ${join(host.exportDir, 'backup.wsl')}` }).waitFor();
  await field.fill(proposed);
  await distros.dialog().getByTestId('export-target').filter({ hasText: `Saves to ${proposed}` }).waitFor();
  await page.evaluate(`(() => {
    const seen = [];
    window.__exportStates = seen;
    new MutationObserver(() => {
      const button = [...document.querySelectorAll('[role="dialog"] button')].find((b) => /^Export/.test(b.textContent ?? ''));
      const state = button ? button.textContent + (button.disabled ? ':disabled' : '') : 'none';
      if (seen[seen.length - 1] !== state) seen.push(state);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
  await exportButton.click();
  await distros.dialog().getByTestId('export-done').filter({ hasText: `Exported to ${proposed}` }).waitFor({ timeout: 120_000 });
  const states = await page.evaluate<string[]>('window.__exportStates');
  assert.ok(states.includes('Exporting…:disabled'), `the button is disabled while the export runs: ${states.join(' ')}`);
  assert.ok((await stat(proposed)).size > 0);
  await app.checkpoint('distros-export-done');
  await distros.dialog().getByRole('button', { name: 'Close' }).click();
  await distros.notice().filter({ hasText: `${DISTRO} was exported to ${proposed}` }).waitFor();
  exportedImage = proposed;

  // Off Windows there is no Windows Terminal, so the action is not offered at all.
  await distros.row(DISTRO).getByRole('button', { name: `More actions for ${DISTRO}` }).click();
  await page.getByRole('menuitem', { name: 'Show location' }).waitFor();
  assert.equal(await page.getByRole('menuitem', { name: 'Open in Windows Terminal' }).count(), 0);
  await app.checkpoint('distros-more-menu');
  await page.keyboard.press('Escape');

  await distros.action(DISTRO, 'Unregister…');
  const confirm = distros.dialog().getByRole('button', { name: `Unregister ${DISTRO}` });
  await distros.dialog().getByLabel('Distribution name').fill(DISTRO.toLowerCase());
  assert.equal(await confirm.isDisabled(), true);
  await distros.dialog().getByLabel('Distribution name').fill(DISTRO);
  await app.checkpoint('distros-unregister-confirm');
  await confirm.click();
  await distros.notice().filter({ hasText: 'removed' }).waitFor({ timeout: 30_000 });
  assert.equal((await distros.names()).includes(DISTRO), false);
});

test('installing the exported distribution again: its account jane is found in the image and kept as the default user', async () => {
  assert.ok(exportedImage, 'needs the export of the previous test');
  const wizard = app.wizard;
  await app.nav('New distribution');
  await wizard.backToSource();
  await wizard.chooseExistingImage(exportedImage);
  await wizard.next();
  await wizard.waitForStep('review');
  await wizard.waitForReview();
  assert.match(await page.getByTestId('image-accounts').innerText(), /jane \(uid 1000, its default user\)/);
  assert.equal(await wizard.stepState('build'), 'skipped', 'nothing is built for an existing image');
  await app.checkpoint('restore-2-review');
  await wizard.next();
  await wizard.waitForStep('target');
  await wizard.fillInstall(RESTORED_DISTRO);
  await page.getByText('The name is free.').waitFor();
  await wizard.next();
  await wizard.waitForStep('account');
  // Keeping the image's own account is offered first; creating another would take uid 1001.
  assert.equal(await page.getByRole('radio', { name: /Keep an account the image has/ }).isChecked(), true);
  await page.getByRole('radio', { name: /Create another account \(it gets uid 1001: jane has 1000\)/ }).waitFor();
  assert.equal(await page.getByLabel('Account to keep').inputValue(), 'jane');
  await app.checkpoint('restore-5-account');
  await wizard.install();
  await wizard.waitForInstallState('succeeded');
  assert.match(await page.getByTestId('install-status').innerText(), /AzureLinux-Restored is installed\. jane is its default user\./);
  await app.checkpoint('restore-6-installed');
  await wizard.openTerminal();
  await app.waitForTerminalText(/\$|#/);
  await page.locator('[data-testid="terminal"]:not([hidden]) .xterm-helper-textarea').focus();
  await page.keyboard.type('id\r');
  await app.waitForTerminalText(/uid=1000\(jane\)/);
});

test('a local .kiwi file: its profiles are listed with their descriptions, the chosen one is reviewed and built', async () => {
  const wizard = app.wizard;
  await app.nav('New distribution');
  await wizard.backToSource();
  // A relative path is refused with the reason (main's working folder means nothing to the user).
  await wizard.chooseProfileFile('AzureLinux.kiwi');
  await page.getByText(/"AzureLinux\.kiwi" is not a full path/).waitFor();
  await wizard.chooseProfileFile(join(PROFILES, 'AzureLinux.kiwi'));
  await wizard.profileChoices().waitFor();
  assert.match(await wizard.profileChoices().innerText(), /wsl\s+Azure Linux WSL Image/);
  assert.match(await wizard.profileChoices().innerText(), /marketplace-gen2\s+Azure Linux Marketplace Gen2 Image/);
  await page.getByTestId('choice-needed').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Next', exact: true }).isDisabled(), true, 'a profile must be chosen');
  await app.checkpoint('kiwi-1-source-choices');
  await wizard.profileChoices().getByRole('radio', { name: /^wsl/ }).check();
  await wizard.next();
  await wizard.waitForStep('review');
  await wizard.waitForReview();
  assert.match(await page.getByTestId('review-summary').innerText(), /wsl \(wsl\) — .*AzureLinux\.kiwi/);
  await app.checkpoint('kiwi-2-review');
  await wizard.build();
  await wizard.waitForBuildState('succeeded');
  assert.match(await wizard.buildStatus().innerText(), /ready: .*AzureLinux-4-\S+\.wsl/);
  await app.checkpoint('kiwi-3-build-done');
});

test('cancelling a review while dnf waits on a slow repository stops dnf and goes back to the source; the next review works', { timeout: 180_000 }, async () => {
  const { azl4 } = await ensureFixtureRepos();
  const slow = await startHeldRepository(azl4);
  servedElsewhere = { dir: azl4, url: slow.url };
  try {
    const wizard = app.wizard;
    await app.nav('New distribution');
    while ((await wizard.step()) !== 'source') {
      await wizard.root.getByRole('button', { name: /^(Back|New distribution)$/ }).first().click();
    }
    await wizard.chooseCatalog('Azure Linux 4.0 (WSL profile)');
    await wizard.next();
    await wizard.waitForStep('review');
    // dnf has asked the repository and is waiting for its answer: the review is mid-way.
    await slow.firstRequest;
    await page.locator('[data-testid="review-status"][data-state="running"]').waitFor();
    await app.checkpoint('2-review-running');
    await page.getByRole('button', { name: 'Cancel review' }).click();
    await wizard.waitForStep('source');
    await page.getByText(/The review was cancelled; nothing was built/).waitFor();
    await app.checkpoint('1-source-review-cancelled');
    // dnf hung up without its answer: it was stopped, not left waiting in the background (were
    // it still waiting, this would never resolve and the test's timeout would fail it).
    await slow.abandoned;
    slow.release();
    await wizard.next();
    await wizard.waitForStep('review');
    await wizard.waitForReview();
    assert.match(await page.getByTestId('package-count').innerText(), /^\d+ packages requested$/);
  } finally {
    servedElsewhere = undefined;
    await slow.close();
  }
});

test('the layout holds from 1024×700 to 1920×1080, in light and dark (following the system), with nothing cut off sideways', async () => {
  const sizes: Array<{ width: number; height: number; scheme: 'light' | 'dark' }> = [
    { width: 1024, height: 700, scheme: 'light' },
    { width: 1920, height: 1080, scheme: 'dark' },
  ];
  try {
    for (const { width, height, scheme } of sizes) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      for (const view of ['Distributions', 'New distribution', 'Parity', 'Terminals'] as const) {
        await app.nav(view);
        await page.locator('main h1').first().waitFor();
        // Nothing wider than the window: no sideways scrolling of the page or the content pane.
        const overflow = await page.evaluate<number>(
          "Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth, (() => { const main = document.querySelector('main'); return main.scrollWidth - main.clientWidth; })())",
        );
        assert.ok(overflow <= 1, `${view} at ${width}×${height} overflows sideways by ${overflow}px`);
        const background = await page.evaluate<string>("getComputedStyle(document.querySelector('main')).backgroundColor");
        assert.equal(scheme === 'dark' ? background !== 'rgb(255, 255, 255)' : background === 'rgb(255, 255, 255)', true, `${scheme} theme: ${background}`);
        await app.checkpoint(`layout-${width}x${height}-${scheme}-${view.toLowerCase().replace(/ /g, '-')}`);
      }
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
  }
});
