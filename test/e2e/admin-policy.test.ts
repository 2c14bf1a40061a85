/**
 * The app under an admin policy, in Chromium against the web host: settings the policy fixes
 * show as locked ("set by your organization") with the fixed value, and Help → Save diagnostics
 * writes a bundle with the policy in it. The policy is set where Group Policy puts it
 * (HKLM\SOFTWARE\Policies\azl-wsl), in the simulator's HKLM stand-in.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { catalogImage } from '../fixtures/catalog-images.js';
import type { AppPage } from './support/app-page.js';
import { launchApp, type LaunchedApp } from './support/launch-app.js';

let launched: LaunchedApp | undefined;
let page: Page;
let app: AppPage;
let image: string;

before(async () => {
  launched = await launchApp({
    prepare: async (started) => {
      const policy = {
        keys: {
          'HKLM\\SOFTWARE\\Policies\\azl-wsl': { RequireSudoPassword: { type: 'REG_DWORD', data: 1 } },
          'HKLM\\SOFTWARE\\Policies\\azl-wsl\\LockedSettings': { installMethod: { type: 'REG_SZ', data: 'import' } },
        },
      };
      await writeFile(join(started.simulator.stateDir, 'hklm.json'), JSON.stringify(policy));
      image = await catalogImage(started.workDir, 'policy-test.wsl', { version: '4.0.1' });
    },
  });
  ({ page, app } = launched);
});

after(() => launched?.close());

test('settings the policy fixes are locked, with their value and "set by your organization"', async () => {
  const wizard = app.wizard;
  await app.nav('New distribution');
  await wizard.reviewExistingImage(image);
  await app.lockedNote('installMethod').waitFor();
  assert.match(await app.lockedNote('installMethod').innerText(), /Set by your organization/);
  const method = page.getByLabel('Install method');
  assert.equal(await method.inputValue(), 'import');
  assert.equal(await method.isDisabled(), true);
  assert.equal(await page.getByLabel('Location (optional)').isDisabled(), false, 'what the policy does not fix stays editable');
  await wizard.fillInstall('PolicyTest');
  await page.getByText('The name is free.').waitFor();
  await wizard.next();
  await wizard.waitForStep('account');
  // The image has a user at uid 1000; sudo applies to an account the install creates.
  await page.getByRole('radio', { name: /Create another account/ }).check();
  await app.lockedNote('sudo').waitFor();
  assert.equal(await page.getByLabel('sudo asks for this password (recommended)').isChecked(), true);
  assert.equal(await page.getByLabel('sudo without a password').isDisabled(), true);
  await app.screenshot('policy-locked-sudo');
});

test('Help → Save diagnostics writes a zip with the policy in effect', async () => {
  const path = await app.saveDiagnostics();
  const files = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' });
  assert.match(files, /azl-wsl-diagnostics\/policy\.json/);
  assert.match(files, /azl-wsl-diagnostics\/wsl-list\.txt/);
  const policy = JSON.parse(execFileSync('unzip', ['-p', path, 'azl-wsl-diagnostics/policy.json'], { encoding: 'utf8' })) as { values: { RequireSudoPassword: boolean; LockedSettings: Record<string, string> } };
  assert.deepEqual(policy.values.LockedSettings, { installMethod: 'import' });
  assert.equal(policy.values.RequireSudoPassword, true);
});
