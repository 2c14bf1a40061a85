/** Shared bits of the install-engine integration tests: the simulator, logs, and leak checks. */
import { readdir } from 'node:fs/promises';
import type { ProgressEvent } from '../../../common/progress.js';
import type { WslLogEntry } from '../../../wsl/driver/wsl-runner.js';
import type { WslCallOptions } from '../../../wsl/driver/wsl-runner.js';
import { execInDistro } from '../../../wsl/driver/wsl-exec.js';
import { createSimulatorEnv, type SimulatorEnv, type SimulatorEnvOptions } from '../../wsl-simulator/simulator-env.js';
import { registryOf, type RegistryKey } from '../wsl-simulator/simulator-harness.js';

export interface Harness {
  sim: SimulatorEnv;
  call: WslCallOptions;
  /** Every logger entry and progress event, for "the secret never appears" checks. */
  logs: WslLogEntry[];
  events: ProgressEvent[];
  onProgress: (event: ProgressEvent) => void;
  /** Runs a command as root (or `user`) in the distribution, returning stdout as text and the exit code. */
  run(distro: string, command: string[], user?: string): Promise<{ exitCode: number; out: string }>;
  /** Runs a command as the distribution's default user (what plain `wsl -d NAME` starts as). */
  runAsDefault(distro: string, command: string[]): Promise<{ exitCode: number; out: string }>;
  distroNames(): Promise<string[]>;
  /** The distribution's registry key by name (exact case), or undefined. */
  registryKey(name: string): Promise<RegistryKey | undefined>;
}

export async function createHarness(options: SimulatorEnvOptions = {}): Promise<Harness> {
  // Short idle timeout: nothing here relies on instances staying up, and dispose is quicker.
  const sim = await createSimulatorEnv({ idleTimeoutMs: 1000, ...options });
  const logs: WslLogEntry[] = [];
  const events: ProgressEvent[] = [];
  const call: WslCallOptions = { wslPath: sim.wslPath, env: sim.env, logger: (entry) => logs.push(entry) };
  return {
    sim,
    call,
    logs,
    events,
    onProgress: (event) => events.push(event),
    async run(distro, command, user = 'root') {
      const result = await execInDistro({ ...call, distro, user, command });
      return { exitCode: result.exitCode, out: result.stdout.toString('utf8') };
    },
    async runAsDefault(distro, command) {
      const result = await execInDistro({ ...call, distro, command });
      return { exitCode: result.exitCode, out: result.stdout.toString('utf8') };
    },
    async distroNames() {
      return Object.values((await registryOf(sim)).subkeys).map((key) => key.DistributionName).sort();
    },
    async registryKey(name) {
      return Object.values((await registryOf(sim)).subkeys).find((key) => key.DistributionName === name);
    },
  };
}

/** Entries of a folder, or undefined when it does not exist. */
export async function listDir(dir: string): Promise<string[] | undefined> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return undefined;
  }
}
