/**
 * The distribution list's lifecycle actions in Chromium against the web host (real services,
 * the wsl.exe simulator): a snapshot with a note, then an upgrade to a newer image that is
 * confirmed first, shows its steps, can be cancelled (the distribution is then as it was, no
 * temporary distribution left) and, run again, carries the user's home and default user over
 * and lists the /etc file to review. The simulator's imports are slowed (`slow-import`) so the
 * cancel lands while the new image registers; every wait polls for what the page shows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importDistro } from '../../wsl/driver/wsl-import.js';
import { execInDistro } from '../../wsl/driver/wsl-exec.js';
import { terminateDistro } from '../../wsl/driver/wsl-terminate.js';
import type { WslCallOptions } from '../../wsl/driver/wsl-runner.js';
import { lifecycleImage } from '../integration/wsl/lifecycle/lifecycle-images.js';
import { PREPARE_OLD } from '../integration/wsl/lifecycle/lifecycle-harness.js';
import type { AppPage } from './support/app-page.js';
import { launchApp, type LaunchedApp } from './support/launch-app.js';

/** How long the simulator's `--import` takes: long enough to press Cancel during it. */
const SLOW_IMPORT_MS = '4000';
const DISTRO = 'LifeDev';

let launched: LaunchedApp;
let app: AppPage;
let call: WslCallOptions;
let newImage: string;

async function inDistro(script: string, user?: string): Promise<string> {
  const result = await execInDistro({ ...call, distro: DISTRO, ...(user ? { user } : {}), command: ['sh', '-c', script] });
  return result.stdout.toString('utf8');
}

before(async () => {
  launched = await launchApp({
    host: { wslEnv: { AZL_WSL_SIM_FAULT: 'slow-import', AZL_WSL_SIM_SLOW_IMPORT_MS: SLOW_IMPORT_MS } },
    prepare: async (started) => {
      call = { wslPath: started.simulator.wslPath, env: { ...started.simulator.env, AZL_WSL_SIM_FAULT: '' } };
      const oldImage = await lifecycleImage(started.workDir, 'life-4-0', { version: '4.0' });
      newImage = await lifecycleImage(started.workDir, 'life-4-1', { version: '4.1', marker: '/usr/share/azl-new-image' });
      await importDistro({ ...call, name: DISTRO, location: join(started.workDir, 'lifedev'), file: oldImage });
      assert.equal((await execInDistro({ ...call, distro: DISTRO, user: 'root', command: ['sh', '-c', PREPARE_OLD] })).exitCode, 0);
      await terminateDistro(DISTRO, call);
    },
  });
  ({ app } = launched);
  await app.distros.row(DISTRO).waitFor();
});

after(() => launched?.close());

test('snapshot from the distribution list: a note, the steps, the snapshot listed', async () => {
  const distros = app.distros;
  await distros.action(DISTRO, 'Snapshot…');
  const dialog = distros.dialog();
  await dialog.getByLabel('Note (optional)').fill('before the upgrade test');
  await dialog.getByRole('button', { name: 'Take snapshot' }).click();
  await dialog.getByTestId('snapshot-done').waitFor({ timeout: 120_000 });
  const done = await dialog.getByTestId('snapshot-done').innerText();
  const id = /Snapshot (\d{8}-\d{6}-[0-9a-f]{4}) taken and verified/.exec(done)?.[1];
  assert.ok(id, done);
  assert.equal(await dialog.locator('[data-step="snapshot-verify"][data-state="done"]').count(), 1, 'the verify step ran');
  await dialog.getByTestId('snapshot-list').filter({ hasText: `${id}` }).filter({ hasText: 'before the upgrade test' }).waitFor();
  await app.checkpoint('lifecycle-snapshot-done');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await distros.notice().filter({ hasText: `Snapshot ${id} of ${DISTRO} taken` }).waitFor();
});

test('upgrade from the distribution list: confirmed first, cancellable (then as it was), then carried over', async () => {
  const distros = app.distros;
  await distros.action(DISTRO, 'Upgrade…');
  let dialog = distros.dialog();
  await dialog.getByLabel('New image').fill(newImage);
  await dialog.getByLabel('Also keep (optional)').fill('/opt/tools');
  const upgrade = dialog.getByRole('button', { name: 'Upgrade', exact: true });
  assert.equal(await upgrade.isDisabled(), true, 'nothing starts before the confirmation');
  await dialog.getByLabel(`Stop ${DISTRO} and upgrade it (its open terminals and programs close)`).check();
  await app.checkpoint('lifecycle-upgrade-confirm');

  // Cancel while the new image registers under a temporary name (the slowed import).
  await upgrade.click();
  await dialog.locator('[data-step="register-new"][data-state="running"]').waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Cancel upgrade' }).click();
  await dialog.getByTestId('upgrade-cancelled').waitFor({ timeout: 60_000 });
  assert.equal((await inDistro('. /etc/os-release; echo $VERSION_ID; cat /home/jane/projects/notes.txt')).trim(), '4.0\nmy work');
  const registry = (await launched.host.simulator.registry()) as { subkeys: Record<string, { DistributionName: string }> };
  assert.deepEqual(Object.values(registry.subkeys).map((key) => key.DistributionName), [DISTRO], 'no temporary distribution left');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Again, to the end.
  await distros.action(DISTRO, 'Upgrade…');
  dialog = distros.dialog();
  await dialog.getByLabel('New image').fill(newImage);
  await dialog.getByLabel('Also keep (optional)').fill('/opt/tools');
  await dialog.getByLabel(`Stop ${DISTRO} and upgrade it (its open terminals and programs close)`).check();
  await dialog.getByRole('button', { name: 'Upgrade', exact: true }).click();
  await dialog.getByTestId('upgrade-status').waitFor();
  await dialog.getByTestId('upgrade-done').waitFor({ timeout: 180_000 });
  const summary = await dialog.getByTestId('upgrade-done').innerText();
  assert.match(summary, new RegExp(`${DISTRO} now runs Azure Linux 4\\.1 and starts as jane\\. Carried over: /home, /opt/tools; accounts tester, jane\\.`));
  await dialog.getByTestId('upgrade-review').filter({ hasText: '/etc/motd (not in the new image)' }).waitFor();
  for (const step of ['check', 'register-new', 'copy', 'remove-old', 'register-final', 'restore-settings']) {
    assert.equal(await dialog.locator(`[data-step="${step}"][data-state="done"]`).count(), 1, `step ${step} done`);
  }
  await app.checkpoint('lifecycle-upgrade-done');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await distros.notice().filter({ hasText: `${DISTRO} now runs Azure Linux 4.1 and starts as jane` }).waitFor();

  assert.equal(await inDistro('id -un; cat ~/projects/notes.txt; cat /opt/tools/bin/tool; cat /usr/share/azl-new-image'), 'jane\nmy work\ntool v1\nfrom life-4-1\n');
});
