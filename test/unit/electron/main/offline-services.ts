/**
 * The real composition root for unit tests of what main decides itself: every folder under one
 * scratch folder, a wsl.exe that does not exist (background distro refreshes fail quietly into
 * logBug), no terminals; `options` replace any of it (a policy, a fake executor, folders).
 */
import { join } from 'node:path';
import { composeServices, type ComposeOptions } from '../../../../electron/main/compose-services.js';
import type { ApiClient } from '../../../../electron/main/api-router.js';
import type { PtySpawn } from '../../../../electron/main/pty-manager.js';

const noTerminals = (() => {
  throw new Error('no terminals in unit tests');
}) as unknown as PtySpawn;

export function offlineServices(dir: string, options: Partial<ComposeOptions> = {}) {
  return composeServices({
    dataDir: join(dir, 'data'),
    outputDir: join(dir, 'out'),
    profilesDir: join(dir, 'profiles'),
    wsl: { wslPath: join(dir, 'no-wsl.exe'), env: {} },
    spawnPty: noTerminals,
    logBug: () => undefined,
    ...options,
  });
}

/** A window that ignores what main pushes. */
export const quietClient: ApiClient = { id: 'test', send: () => undefined };
