/** Shared helpers for the simulator's integration tests: run the shim, decode wsl.exe text. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '../../../common/run-program.js';
import { createSimulatorEnv, type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { buildFixtureDistro, type FixtureDistroOptions } from '../../wsl-simulator/fixture-distro.js';

export interface WslResult {
  code: number;
  stdout: Buffer;
  stderr: Buffer;
  /** stdout decoded as UTF-16LE (wsl.exe's own text). */
  text: string;
  /** stderr decoded as UTF-16LE. */
  errText: string;
}

/** Runs the simulated wsl.exe with the given arguments. */
export async function wsl(sim: SimulatorEnv, args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<WslResult> {
  const result = await runProgram(sim.wslPath, args, { env: { ...sim.env, ...options.env }, stdin: options.input, cwd: options.cwd });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr, text: result.stdout.toString('utf16le'), errText: result.stderr.toString('utf16le') };
}

/** wsl.exe bytes for a text written with `\n` line ends. */
export function utf16(text: string): Buffer {
  return Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le');
}

/** The error token: last `/` segment of the last line. */
export function errorToken(text: string): string | undefined {
  const lines = text.split('\r\n').filter((l) => l !== '');
  const last = lines[lines.length - 1] ?? '';
  return last.includes('/') ? last.slice(last.lastIndexOf('/') + 1) : undefined;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** The simulator a test file shares: its scratch folder, the fixture distribution packed there, and one close for both. */
export interface SimulatorSession {
  sim: SimulatorEnv;
  work: string;
  /** The packed fixture distribution ('' with `fixture: false`). */
  archive: string;
  close(): Promise<void>;
}

/**
 * The set-up the simulator's test files share: a simulator whose instances stay up for the whole
 * file (a long idle timeout: nothing waits for a restart unless it asks), a scratch folder named
 * from `prefix`, the fixture distribution packed in it (`fixture`: its options, or false for a
 * file that packs its own), imported as `importAs` when given.
 */
export async function openSimulator(prefix: string, options: { fixture?: FixtureDistroOptions | false; importAs?: string } = {}): Promise<SimulatorSession> {
  const sim = await createSimulatorEnv({ idleTimeoutMs: 600_000 });
  const work = await tempDir(prefix);
  const close = async () => {
    await sim.dispose();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const archive = options.fixture === false ? '' : await buildFixtureDistro(work, options.fixture);
    if (options.importAs) {
      const imported = await wsl(sim, ['--import', options.importAs, join(work, options.importAs.toLowerCase()), archive]);
      assert.equal(imported.code, 0, imported.text);
    }
    return { sim, work, archive, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A distribution's key in the simulated registry (Lxss\{GUID}); `State` 1 is Installed, 3 Installing. */
export type RegistryKey = Record<string, unknown> & { DistributionName: string; BasePath: string; State?: number; DefaultUid?: number; RunOOBE?: number };

/** The simulated Lxss key: the default distribution and one subkey per distribution. */
export interface RegistryShape {
  values: { DefaultDistribution?: string };
  subkeys: Record<string, RegistryKey>;
}

/** The registry subkey of a distro by name. */
export async function distroKey(sim: SimulatorEnv, name: string): Promise<[string, RegistryShape['subkeys'][string]]> {
  const registry = (await sim.registry()) as RegistryShape;
  const found = Object.entries(registry.subkeys).find(([, key]) => key.DistributionName.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`no distro ${name} in the simulated registry`);
  return found;
}

export async function registryOf(sim: SimulatorEnv): Promise<RegistryShape> {
  return (await sim.registry()) as RegistryShape;
}

/** Edits the registry file directly (to stage states a test cannot otherwise reach quickly). */
export async function editRegistry(sim: SimulatorEnv, edit: (registry: RegistryShape) => void): Promise<void> {
  const path = join(sim.stateDir, 'registry-tester.json');
  const registry = JSON.parse(await readFile(path, 'utf8')) as RegistryShape;
  edit(registry);
  await writeFile(path, JSON.stringify(registry));
}
