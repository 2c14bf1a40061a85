/**
 * Builds the renderer with vite (about a second). Browser tests and the renderer benchmark each
 * build into a folder of their own process: test files run side by side, and vite empties its
 * output folder first, so a shared renderer/dist could vanish under a page another test loads.
 */
import { build } from 'vite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../electron/web-host/fixture-setup.js';

let built: Promise<string> | undefined;

/** Builds the renderer into `outDir` (emptied first). */
export async function buildRendererInto(outDir: string): Promise<void> {
  await build({ configFile: join(PROJECT_ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/** This process's renderer build, made once: the folder holding it (removed when the process exits). */
export function buildRenderer(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'azl-renderer-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    await buildRendererInto(outDir);
    return outDir;
  })();
  return built;
}
