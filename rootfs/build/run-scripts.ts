/**
 * Runs the profile's scripts (`config.sh`, post-install, finalize) inside the image, in the
 * build's sandbox (image-sandbox.ts: the image root is all they can reach).
 *
 * Each script is copied into the root's `/var/tmp`, run with a clean environment plus the
 * plan's variables (`kiwi_profiles`, `kiwi_iname`…), and removed afterwards. A failing script
 * fails the build with its output in the error detail.
 */
import { chmod, copyFile, mkdir, open, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ScriptSpec } from '../plan/build-plan.js';
import { AzlError } from '../../common/errors.js';
import { lastLines } from '../../common/run-program.js';
import { runInImage } from './image-sandbox.js';
import { resolveInRoot } from './root-path.js';

/** Where scripts are placed inside the root while they run (removed afterwards). */
const SCRIPT_DIR_IN_IMAGE = '/var/tmp/azl-wsl-scripts';

/** Lines of script output kept in the error detail. */
const SCRIPT_ERROR_LINES = 60;

/** The order scripts run in: KIWI's config.sh and toolkit post-install, then finalize. */
const KIND_ORDER: Record<ScriptSpec['kind'], number> = { 'config-sh': 0, 'post-install': 0, finalize: 1 };

async function interpreterFor(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(128);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const firstLine = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0];
    return /^#!.*\bbash\b/.test(firstLine) ? '/bin/bash' : '/bin/sh';
  } finally {
    await handle.close();
  }
}

/**
 * Runs every script of the plan in order; `onLine` receives their output as it comes. `env`
 * (the build's SOURCE_DATE_EPOCH) is given to every script, under the script's own variables.
 */
export async function runScripts(
  root: string,
  scripts: readonly ScriptSpec[],
  options: { signal?: AbortSignal; onLine?: (line: string, stream: 'stdout' | 'stderr') => void; env?: Readonly<Record<string, string>> },
): Promise<void> {
  const ordered = [...scripts].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  if (ordered.length === 0) return;
  const hostDir = await resolveInRoot(root, SCRIPT_DIR_IN_IMAGE, { what: 'the script folder' });
  await rm(hostDir, { recursive: true, force: true });
  await mkdir(hostDir, { recursive: true, mode: 0o700 });
  try {
    for (const [index, script] of ordered.entries()) {
      const name = `${index}-${basename(script.path)}`;
      await copyFile(script.path, join(hostDir, name));
      await chmod(join(hostDir, name), 0o700);
      const interpreter = await interpreterFor(script.path);
      const lines: string[] = [];
      await runInImage({
        root,
        command: [interpreter, `${SCRIPT_DIR_IN_IMAGE}/${name}`, ...script.args],
        name: `${script.kind} ${basename(script.path)}`,
        env: { ...options.env, ...script.env },
        signal: options.signal,
        onLine: (line, stream) => {
          if (line === '') return;
          lines.push(line);
          options.onLine?.(line, stream);
        },
        failure: (result) =>
          new AzlError('SCRIPT_FAILED', `The profile script ${basename(script.path)} failed with exit code ${result.exitCode}.`, {
            hint: `Fix the script (${script.source.file}); its output is in the details.`,
            detail: lastLines(lines.join('\n'), SCRIPT_ERROR_LINES),
          }),
      });
    }
  } finally {
    await rm(hostDir, { recursive: true, force: true });
  }
}
