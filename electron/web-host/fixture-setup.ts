/**
 * Composes the web host over test fixtures: the fixture RPM repositories (by release), the
 * sample profiles as the catalog, and the wsl.exe simulator. Shared by `dev:web`, the
 * end-to-end tests and the renderer benchmark, so all three run the same thing.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node-pty';
import { startWebHost, type WebHost } from './web-host.js';
import type { PtySpawn } from '../main/pty-manager.js';
import { ensureFixtureRepos } from '../../test/fixtures/fixture-repos.js';
import { createSimulatorEnv, type SimulatorEnv } from '../../test/wsl-simulator/simulator-env.js';

/** The project root (this file is electron/web-host/fixture-setup.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where `vite build` puts the renderer. */
export const RENDERER_DIST = join(PROJECT_ROOT, 'renderer', 'dist');

export interface FixtureHost extends WebHost {
  simulator: SimulatorEnv;
  /** Temp folder holding the images, the app data and the install locations. */
  workDir: string;
  outputDir: string;
  /** The export folder the app proposes (the web host's stand-in for Documents). */
  exportDir: string;
}

export interface FixtureHostOptions {
  port?: number;
  /** The built renderer to serve; renderer/dist unless given. */
  distDir?: string;
  onProgress?: (line: string) => void;
  /**
   * Where builds and reviews read a fixture repository (given its folder), asked on every
   * plan; undefined means the folder itself (`file://`). Lets a test serve it another way.
   */
  repositoryUrl?: (repoDir: string) => string | undefined;
  /** Extra environment for the simulated wsl.exe (faults such as `slow-import`). */
  wslEnv?: NodeJS.ProcessEnv;
}

/** Starts a web host over the fixtures; `close()` removes everything it created. */
export async function startFixtureHost(options: FixtureHostOptions = {}): Promise<FixtureHost> {
  const repos = await ensureFixtureRepos({ onProgress: options.onProgress });
  const simulator = await createSimulatorEnv();
  const workDir = await mkdtemp(join(tmpdir(), 'azl-wsl-app-'));
  const outputDir = join(workDir, 'images');
  const exportDir = join(workDir, 'Documents');
  await mkdir(exportDir, { recursive: true });
  const repoFor = (path: string) => `${options.repositoryUrl?.(path) ?? `file://${path}`},gpgkey=file://${repos.gpgKey}`;
  let host: WebHost;
  try {
    host = await startWebHost({
      distDir: options.distDir ?? RENDERER_DIST,
      port: options.port,
      dataDir: join(workDir, 'app-data'),
      outputDir,
      exportDir,
      profilesDir: join(PROJECT_ROOT, 'rootfs', 'samples'),
      // Install locations default under LOCALAPPDATA, kept inside the temp folder.
      // Snapshots go there too.
      wsl: {
        wslPath: simulator.wslPath,
        env: { ...simulator.env, LOCALAPPDATA: join(workDir, 'localappdata'), AZL_WSL_SNAPSHOT_DIR: join(workDir, 'snapshots'), USERNAME: 'Jane.Doe', ...options.wslEnv },
      },
      spawnPty: spawn as unknown as PtySpawn,
      repositories: (plan) => ({ add: [], set: [repoFor(plan.releaseVersion.value.startsWith('3') ? repos.azl3 : repos.azl4)] }),
      gpgCheck: true,
      cacheDir: join(PROJECT_ROOT, '.cache', 'app-build-cache'),
      osUserName: 'Jane.Doe',
    });
  } catch (error) {
    await simulator.dispose();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...host,
    simulator,
    workDir,
    outputDir,
    exportDir,
    async close() {
      await host.close();
      await simulator.dispose();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
