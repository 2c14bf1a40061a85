/**
 * `azl-wsl diagnose` and the app's Help → Save diagnostics: one zip for the helpdesk with what
 * explains most WSL trouble: `wsl --version`, `--status` and `-l -v` output, `.wslconfig`, the
 * admin policy in effect, the doctor checks, the inventory, recent logs (ensure runs, app jobs),
 * build manifests and the install journals. Every text goes through `redactSecrets` on its way in
 * (proxy credentials, tokens, password hashes, keys), and nothing is read from inside a
 * distribution beyond what inventory reads (install.json, os-release, packages, sudo rules).
 */
import { createWriteStream } from 'node:fs';
import { readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { toolVersion } from '../../common/tool-version.js';
import { userStateDir } from '../../common/state-dir.js';
import { runStep, type WorkOptions } from '../../common/progress.js';
import { runWsl, type WslCallOptions } from '../driver/wsl-runner.js';
import { runPreflight } from '../preflight/preflight.js';
import { policyValues, type AdminPolicy } from '../policy/admin-policy.js';
import { takeInventory } from '../fleet/inventory.js';
import { redactSecrets } from './redact-secrets.js';
import { logsDir } from './run-log.js';

/** A file larger than this is cut to its last part (logs) or left out (anything else). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface BundleEntry {
  path: string;
  text: string;
}

export interface DiagnosticsOptions extends WslCallOptions, WorkOptions {
  policy: AdminPolicy;
  /** Build manifests to include (the app's install records name them; `--manifest` adds more). */
  manifests?: readonly string[];
  /** Extra logs the caller holds in memory (the app's running jobs). */
  extraLogs?: readonly BundleEntry[];
  /** Start stopped distributions for the inventory (default: no). */
  start?: boolean;
}

async function readCapped(path: string, keepTail: boolean): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    const data = await readFile(path);
    if (data.length <= MAX_FILE_BYTES) return data.toString('utf8');
    return keepTail ? `[first ${data.length - MAX_FILE_BYTES} bytes left out]\n${data.subarray(data.length - MAX_FILE_BYTES).toString('utf8')}` : undefined;
  } catch {
    return undefined;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** `%USERPROFILE%\.wslconfig` (or ~/.wslconfig). */
function wslConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.USERPROFILE ?? homedir(), '.wslconfig');
}

/** Gathers every part of the bundle (unredacted: `writeDiagnosticsZip` redacts). */
export async function collectDiagnostics(options: DiagnosticsOptions): Promise<BundleEntry[]> {
  const env = { ...process.env, ...options.env };
  const call: WslCallOptions = { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
  const entries: BundleEntry[] = [];
  const add = (path: string, text: string | undefined): void => void (text !== undefined && entries.push({ path, text }));
  const attempt = async (path: string, work: () => Promise<string>): Promise<void> => {
    try {
      add(path, await work());
    } catch (error) {
      add(path, `could not be collected: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };

  await runStep(options, 'wsl', 'Asking WSL about itself', async () => {
    for (const [file, args] of [['wsl-version.txt', ['--version']], ['wsl-status.txt', ['--status']], ['wsl-list.txt', ['-l', '-v']]] as const) {
      await attempt(file, async () => {
        const result = await runWsl(args, { ...call, name: `diagnose ${args[0]}` });
        return `$ wsl ${args.join(' ')}\nexit code ${result.exitCode}\n${result.text}${result.stderr ? `\n[stderr]\n${result.stderr}` : ''}`;
      });
    }
  });
  add('wslconfig.txt', (await readCapped(wslConfigPath(env), false)) ?? '(no .wslconfig)\n');
  add('policy.json', JSON.stringify({ source: options.policy.source, values: policyValues(options.policy) }, null, 2) + '\n');
  await runStep(options, 'doctor', 'Running the doctor checks', () => attempt('doctor.json', async () => JSON.stringify(await runPreflight(call), null, 2) + '\n'));
  await runStep(options, 'inventory', 'Taking the inventory', () =>
    attempt('inventory.json', async () => JSON.stringify(await takeInventory({ ...call, policy: options.policy, start: options.start }), null, 2) + '\n'),
  );
  const logs = logsDir(env);
  for (const file of await filesUnder(logs)) add(`logs/${file.slice(logs.length + 1).replace(/\\/g, '/')}`, await readCapped(file, true));
  for (const log of options.extraLogs ?? []) add(`logs/${log.path}`, log.text);
  const state = userStateDir(env);
  for (const file of await filesUnder(state)) if (file.endsWith('.json')) add(`state/${file.slice(state.length + 1).replace(/\\/g, '/')}`, await readCapped(file, false));
  for (const manifest of options.manifests ?? []) add(`manifests/${basename(manifest)}`, await readCapped(manifest, false));
  add('README.txt', `azl-wsl ${toolVersion()} diagnostics, ${new Date().toISOString()}, ${process.platform}.\nSecrets (proxy credentials, tokens, password hashes, keys) were replaced by [redacted].\n`);
  return entries;
}

/** Writes the entries, each redacted, as a zip (temporary name, then renamed). */
export async function writeDiagnosticsZip(entries: readonly BundleEntry[], outFile: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const mtime = new Date();
  for (const entry of entries) zip.addBuffer(Buffer.from(redactSecrets(entry.text), 'utf8'), `azl-wsl-diagnostics/${entry.path}`, { mtime });
  zip.end();
  const temp = `${outFile}.${process.pid}.partial`;
  try {
    await pipeline(zip.outputStream, createWriteStream(temp));
    await rename(temp, outFile);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
