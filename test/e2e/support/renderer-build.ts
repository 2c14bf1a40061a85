/** Builds the renderer once per test run (vite, about a second). */
import { build } from 'vite';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../electron/web-host/fixture-setup.js';

let built: Promise<void> | undefined;

export function buildRenderer(): Promise<void> {
  built ??= build({ configFile: join(PROJECT_ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' }).then(() => undefined);
  return built;
}
