/**
 * kill -9 at every journaled step of upgrade, restore and move (the copy path of a WSL without
 * `--manage --move`), then `azl-wsl doctor` (or the next run of the same command) finishes or
 * rolls back and says which; afterwards nothing is lost: the distribution is registered under
 * its name, starts as its default user, and holds the user's files, either as before or as the
 * completed operation left them, with no temporary distribution and no journal left behind.
 *
 * The kill is the engine's own fault-injection point (crash-point.ts): the process sends itself
 * SIGKILL right after the journal records the step's start, exactly what a crash there leaves.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDistro } from '../../../../wsl/driver/wsl-import.js';
import { terminateDistro } from '../../../../wsl/driver/wsl-terminate.js';
import { CRASH_AT_ENV } from '../../../../wsl/lifecycle/crash-point.js';
import { registrationsFor } from '../../../../wsl/lifecycle/distro-facts.js';
import { recoverAllInterrupted } from '../../../../wsl/lifecycle/recover-lifecycle.js';
import { snapshotStoreFor } from '../../../../wsl/lifecycle/take-snapshot.js';
import { createLifecycleHarness, PREPARE_OLD, type LifecycleHarness } from './lifecycle-harness.js';
import { lifecycleImage } from './lifecycle-images.js';

const UPGRADE_STEPS = ['register-new', 'copy', 'remove-old', 'move-disk', 'register-final', 'restore-settings', 'record-snapshot', 'delete-old'];
const RESTORE_STEPS = ['register-temp', 'check-temp', 'remove-old', 'move-disk', 'register-final', 'restore-settings', 'delete-old'];
const MOVE_STEPS = ['stop', 'move', 'export', 'verify-export', 'register-temp', 'check-temp', 'remove-old', 'move-disk', 'register-final', 'restore-settings', 'clean-up'];
/** Steps from which an interrupted operation is finished rather than rolled back. */
const FINISHED_FROM = { upgrade: 'remove-old', restore: 'remove-old', move: 'remove-old' } as const;

let h: LifecycleHarness;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-lifecycle-kill-'));
  h = await createLifecycleHarness();
  const old = await lifecycleImage(dir, 'v4-0', { version: '4.0' });
  await importDistro({ ...h.call, name: 'Dev', location: join(dir, 'dev'), file: old });
  assert.equal((await h.run('Dev', PREPARE_OLD)).code, 0);
  // A restart, so the default user of the new wsl.conf is in force from the start.
  await terminateDistro('Dev', h.call);
});
after(async () => {
  await h?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** What a user checks after any recovery: nothing lost, nothing left over. */
async function assertWhole(expected: { version: string; notes: string }): Promise<void> {
  assert.deepEqual(await h.names(), ['Dev'], 'one distribution, no temporary one left');
  assert.deepEqual(await h.journals(), [], 'no journal left');
  const seen = await h.run('Dev', 'id -un; cat ~/projects/notes.txt; . /etc/os-release; echo "$VERSION_ID"; cat /opt/tools/bin/tool', null);
  assert.equal(seen.out, `jane\n${expected.notes}\n${expected.version}\ntool v1\n`);
}

function crash(args: string[], point: string, extraEnv: NodeJS.ProcessEnv = {}): void {
  const result = h.azl(args, { ...extraEnv, [CRASH_AT_ENV]: point });
  assert.equal(result.signal, 'SIGKILL', `the run was killed at ${point}\n${result.stderr}`);
}

/**
 * Recovers as `azl-wsl doctor` does. The first recovery of each operation runs the doctor
 * command itself; the rest call the same engine function in this process, which saves a
 * process start and doctor's own checks per step.
 */
async function recover(expected: 'Finished' | 'Rolled back', operation: string, viaDoctor: boolean): Promise<void> {
  const pattern = new RegExp(`${expected} an? ${operation} of Dev interrupted at`);
  if (viaDoctor) {
    const doctor = h.azl(['doctor']);
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, pattern);
    return;
  }
  const recovered = await recoverAllInterrupted({ call: h.call, registrations: registrationsFor(h.call), env: h.env, store: snapshotStoreFor(h.call) });
  assert.equal(recovered.length, 1);
  assert.match(recovered[0].message, pattern);
}

describe('kill -9 at each journaled step', () => {
  test('upgrade: rolled back before the old registration goes, finished from then on', async () => {
    let version = '4.0';
    for (const [index, step] of UPGRADE_STEPS.entries()) {
      const next = `4.${index + 1}`;
      const image = await lifecycleImage(dir, `v${next.replace('.', '-')}`, { version: next });
      crash(['upgrade', 'Dev', '--file', image, '--keep', '/opt/tools', '--yes'], `upgrade:${step}:begin`);
      const finishes = index >= UPGRADE_STEPS.indexOf(FINISHED_FROM.upgrade);
      if (step === 'copy') {
        // The next upgrade of the distribution deals with it too, and says so.
        const again = h.azl(['upgrade', 'Dev', '--file', image, '--keep', '/opt/tools', '--yes']);
        assert.equal(again.status, 0, again.stderr);
        assert.match(again.stdout, /^Rolled back an upgrade of Dev interrupted at .*Dev is as it was/m);
        version = next;
      } else {
        await recover(finishes ? 'Finished' : 'Rolled back', 'upgrade', index === 0 || step === 'move-disk');
        if (finishes) version = next;
      }
      await assertWhole({ version, notes: 'my work' });
    }
    // Every snapshot the upgrades took is whole.
    const listed = h.azl(['snapshots', 'Dev', '--verify']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.ok(listed.stdout.split('\n').filter((line) => / ok$/.test(line)).length >= 6, listed.stdout);
  });

  test('restore: the current files or the snapshot, never neither', async () => {
    const taken = h.azl(['snapshot', 'Dev', '--note', 'known good', '--json']);
    assert.equal(taken.status, 0, taken.stderr);
    const { snapshot } = JSON.parse(taken.stdout.trim().split('\n').pop()!) as { snapshot: { id: string } };
    const version = (await h.run('Dev', '. /etc/os-release; echo "$VERSION_ID"')).out.trim();
    for (const [index, step] of RESTORE_STEPS.entries()) {
      assert.equal((await h.run('Dev', "echo 'changed since' > /home/jane/projects/notes.txt")).code, 0);
      crash(['restore', 'Dev', snapshot.id, '--yes'], `restore:${step}:begin`);
      const finishes = index >= RESTORE_STEPS.indexOf(FINISHED_FROM.restore);
      if (step === 'check-temp') {
        const again = h.azl(['restore', 'Dev', snapshot.id, '--yes']);
        assert.equal(again.status, 0, again.stderr);
        assert.match(again.stdout, /^Rolled back a restore of Dev interrupted at/m);
        await assertWhole({ version, notes: 'my work' });
        continue;
      }
      await recover(finishes ? 'Finished' : 'Rolled back', 'restore', step === 'register-final');
      await assertWhole({ version, notes: finishes ? 'my work' : 'changed since' });
      assert.equal((await h.run('Dev', "echo 'my work' > /home/jane/projects/notes.txt")).code, 0);
    }
  });

  test('move by copy (WSL without --manage): never unregistered before the copy is verified', async () => {
    const oldWsl = { AZL_WSL_SIM_VERSION: '1.2.5' };
    const version = (await h.run('Dev', '. /etc/os-release; echo "$VERSION_ID"')).out.trim();
    for (const [index, step] of MOVE_STEPS.entries()) {
      const target = join(dir, 'moves', `m${index}`);
      crash(['move', 'Dev', target, '--yes'], `move:${step}:begin`, oldWsl);
      const finishes = index >= MOVE_STEPS.indexOf(FINISHED_FROM.move);
      await recover(finishes ? 'Finished' : 'Rolled back', 'move', step === 'export');
      await assertWhole({ version, notes: 'my work' });
      const registry = (await h.sim.registry()) as { subkeys: Record<string, { DistributionName: string; BasePath: string }> };
      const basePath = Object.values(registry.subkeys).find((key) => key.DistributionName === 'Dev')!.BasePath;
      if (finishes) assert.equal(basePath, target);
      else assert.notEqual(basePath, target);
    }
  });
});
