/**
 * Recent runs kept for the helpdesk: one file per kind under `<data>/logs/`, JSON lines, the
 * newest last, trimmed to the last few hundred lines. `ensure` appends its result (what Intune
 * ran on this machine and when); the app writes each finished job's log. `azl-wsl diagnose`
 * packs the folder (redacted).
 */
import { appendFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appDataDir } from '../builder/builder-names.js';

/** Lines kept per log file; enough for weeks of Intune runs, small enough to mail. */
const MAX_LOG_LINES = 500;
/** Job log files kept (the newest). */
export const MAX_JOB_LOGS = 20;

export function logsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.AZL_WSL_DATA_DIR ?? appDataDir(env), 'logs');
}

/** Appends one JSON line to `<logs>/<kind>.jsonl`, trimming old lines; never throws (logging must not fail a run). */
export async function appendRunLog(kind: string, entry: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const dir = logsDir(env);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${kind}.jsonl`);
    await appendFile(file, JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n');
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    if (lines.length > MAX_LOG_LINES) await writeFile(file, lines.slice(-MAX_LOG_LINES).join('\n') + '\n');
  } catch {}
}

/** Writes one job's log as `<logs>/jobs/<time>-<name>.log`, keeping the newest MAX_JOB_LOGS; never throws. */
export async function writeJobLog(name: string, lines: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const dir = join(logsDir(env), 'jobs');
    await mkdir(dir, { recursive: true });
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
    await writeFile(join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safe}.log`), lines.join('\n') + '\n');
    const files = await readdir(dir);
    const dated = await Promise.all(files.map(async (file) => ({ file, time: (await stat(join(dir, file))).mtimeMs })));
    dated.sort((a, b) => b.time - a.time || b.file.localeCompare(a.file));
    for (const old of dated.slice(MAX_JOB_LOGS)) await rm(join(dir, old.file), { force: true });
  } catch {}
}
