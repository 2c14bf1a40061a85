/**
 * Test helper: a private simulator state folder and the environment that puts the simulated
 * `wsl.exe`/`wsl` first on PATH. Tests run their code (or the shims directly) with `env`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isAlive, type Instances } from './registry-store.js';
import { SIMULATOR_BIN_DIR } from './simulator-context.js';

export interface SimulatorEnvOptions {
  /** AZL_WSL_SIM_FAULT entries: virtualization-off, policy-disabled, absent, slow-import, feature-missing. */
  faults?: string[];
  /** AZL_WSL_SIM_LOCALE: 'fr' or 'de' for localized prose. */
  locale?: string;
  /** AZL_WSL_SIM_VERSION, e.g. '2.3.26' for a WSL without `--install --from-file`. */
  version?: string;
  /** AZL_WSL_SIM_IDLE_MS: instance idle timeout (default 15000). */
  idleTimeoutMs?: number;
}

export interface SimulatorEnv {
  binDir: string;
  stateDir: string;
  /** PATH with binDir first plus the simulator's variables (and no inherited WSL_UTF8). */
  env: NodeJS.ProcessEnv;
  /** Absolute path of the `wsl.exe` shim. */
  wslPath: string;
  /** Every argv the simulator received, in order. */
  readArgvLog(): Promise<string[][]>;
  /** The simulated HKCU\…\Lxss key (see registry-store.ts for the shape). */
  registry(): Promise<unknown>;
  /** Stops running instances and deletes the state folder (install locations tests chose stay theirs). */
  dispose(): Promise<void>;
}

/** The Windows user the helper simulates. */
const TEST_WINDOWS_USER = 'tester';

/** Creates a fresh simulator state for one test (or suite). */
export async function createSimulatorEnv(options: SimulatorEnvOptions = {}): Promise<SimulatorEnv> {
  const stateDir = await mkdtemp(join(tmpdir(), 'azl-wsl-sim-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('AZL_WSL_SIM_') || name === 'WSL_UTF8' || name === 'WSL_DISABLE_WARNINGS') delete env[name];
  env.PATH = `${SIMULATOR_BIN_DIR}${delimiter}${process.env.PATH ?? ''}`;
  env.AZL_WSL_SIM_STATE = stateDir;
  env.AZL_WSL_SIM_USER = TEST_WINDOWS_USER;
  // Default install folders and azl-wsl's own journals stay inside this simulator's state.
  env.LOCALAPPDATA = join(stateDir, 'localappdata');
  env.AZL_WSL_STATE_DIR = join(stateDir, 'azl-wsl-state');
  if (options.faults?.length) env.AZL_WSL_SIM_FAULT = options.faults.join(',');
  if (options.locale) env.AZL_WSL_SIM_LOCALE = options.locale;
  if (options.version) env.AZL_WSL_SIM_VERSION = options.version;
  if (options.idleTimeoutMs !== undefined) env.AZL_WSL_SIM_IDLE_MS = String(options.idleTimeoutMs);
  return {
    binDir: SIMULATOR_BIN_DIR,
    stateDir,
    env,
    wslPath: join(SIMULATOR_BIN_DIR, 'wsl.exe'),
    async readArgvLog() {
      let text = '';
      try {
        text = await readFile(join(stateDir, 'argv.log'), 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { argv: string[] }).argv);
    },
    async registry() {
      try {
        return JSON.parse(await readFile(join(stateDir, `registry-${TEST_WINDOWS_USER}.json`), 'utf8')) as unknown;
      } catch {
        return { key: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss', values: {}, subkeys: {} };
      }
    },
    async dispose() {
      try {
        const instances = JSON.parse(await readFile(join(stateDir, `instances-${TEST_WINDOWS_USER}.json`), 'utf8')) as Instances;
        for (const instance of Object.values(instances)) {
          for (const pid of instance.pids) if (isAlive(pid)) process.kill(pid, 'SIGTERM');
        }
      } catch {}
      // Mounts live only in the simulator's private namespaces, so a plain delete is safe.
      // A killed process may still be closing its files there: retry as rm -rf would after it ends.
      await rm(stateDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
