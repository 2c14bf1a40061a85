/**
 * Shared set-up of the lifecycle tests: a simulator with its own snapshot and state folders,
 * the CLI run as a real process (so kill -9 is a real kill), and readers for what a user
 * would check afterwards (the registry, the journal folder, files inside a distribution).
 */
import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execInDistro } from '../../../../wsl/driver/wsl-exec.js';
import type { WslCallOptions } from '../../../../wsl/driver/wsl-runner.js';
import { createSimulatorEnv, type SimulatorEnv } from '../../../wsl-simulator/simulator-env.js';

const cli = fileURLToPath(new URL('../../../../cli/azl-wsl.mjs', import.meta.url));

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface LifecycleHarness {
  sim: SimulatorEnv;
  /** The environment the CLI and the engine get (simulator, snapshot folder, state folder). */
  env: NodeJS.ProcessEnv;
  call: WslCallOptions;
  snapshotDir: string;
  stateDir: string;
  /** Runs the CLI to its end (or its death) with extra environment. */
  azl(args: string[], extraEnv?: NodeJS.ProcessEnv): CliRun;
  /** Runs a command in a distribution (as root unless `user`, or as its default user with `user` null). */
  run(distro: string, script: string, user?: string | null): Promise<{ code: number; out: string }>;
  /** Registered names, sorted. */
  names(): Promise<string[]>;
  /** Lifecycle journals left in the state folder. */
  journals(): Promise<string[]>;
  dispose(): Promise<void>;
}

export async function createLifecycleHarness(): Promise<LifecycleHarness> {
  const sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  const snapshotDir = join(sim.stateDir, 'snapshots');
  const stateDir = sim.env.AZL_WSL_STATE_DIR!;
  const env: NodeJS.ProcessEnv = { ...sim.env, AZL_WSL_SNAPSHOT_DIR: snapshotDir, AZL_WSL_EXE: sim.wslPath };
  const call: WslCallOptions = { wslPath: sim.wslPath, env };
  return {
    sim,
    env,
    call,
    snapshotDir,
    stateDir,
    azl(args, extraEnv = {}) {
      const result = spawnSync(process.execPath, [cli, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8' });
      return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
    },
    async run(distro, script, user = 'root') {
      const result = await execInDistro({ ...call, distro, ...(user === null ? {} : { user }), command: ['sh', '-c', script] });
      return { code: result.exitCode, out: result.stdout.toString('utf8') };
    },
    async names() {
      const registry = (await sim.registry()) as { subkeys: Record<string, { DistributionName: string }> };
      return Object.values(registry.subkeys).map((key) => key.DistributionName).sort();
    },
    async journals() {
      return (await readdir(stateDir).catch(() => [] as string[])).filter((name) => name.startsWith('lifecycle-') && name.endsWith('.json'));
    },
    dispose: () => sim.dispose(),
  };
}

/** The old distribution's own state: a second user with a home, groups, sudoers, wsl.conf, keys, a tool, a changed /etc file. */
export const PREPARE_OLD = `set -e
echo 'jane:x:1001:1001:Jane:/home/jane:/bin/sh' >> /etc/passwd
echo 'jane:$6$fixturesalt$abcdefghijklmnopqrstuvwxyz:19000:0:99999:7:::' >> /etc/shadow
echo 'jane:x:1001:' >> /etc/group
sed -i 's/^wheel:x:10:tester$/wheel:x:10:tester,jane/' /etc/group
echo 'docker:x:990:jane' >> /etc/group
echo 'jane:!::' >> /etc/gshadow
mkdir -p /home/jane/projects && echo 'my work' > /home/jane/projects/notes.txt && chown -R 1001:1001 /home/jane && chmod 700 /home/jane
echo 'jane ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/jane && chmod 440 /etc/sudoers.d/jane
printf '[boot]\\nsystemd=false\\n[user]\\ndefault=jane\\n[interop]\\nappendWindowsPath=false\\n' > /etc/wsl.conf
mkdir -p /etc/ssh && echo HOSTKEY > /etc/ssh/ssh_host_ed25519_key && chmod 600 /etc/ssh/ssh_host_ed25519_key && echo HOSTPUB > /etc/ssh/ssh_host_ed25519_key.pub
mkdir -p /opt/tools/bin && echo 'tool v1' > /opt/tools/bin/tool
echo 'welcome, edited' > /etc/motd
`;
