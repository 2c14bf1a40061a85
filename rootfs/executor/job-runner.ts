/**
 * The engine's entry point inside a WSL builder distro: `node job-runner.mjs JOB_DIR` (or
 * `--version`: the version the engine records).
 *
 * Reads job.json (and deletes it: it may hold proxy credentials), puts the proxy into the
 * builder's dnf.conf (mode 0600, the original kept in the job folder and restored at the end),
 * runs the same LocalExecutor the Linux CLI uses (`build`, or `resolve` for a review), and
 * prints progress and the result as JSON lines (secrets redacted). SIGTERM cancels cleanly.
 */
import { chmod, copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isAzlError } from '../../common/errors.js';
import { toolVersion } from '../../common/tool-version.js';
import type { ProgressEvent } from '../../common/progress.js';
import { LocalExecutor } from './local-executor.js';
import { buildRequest, resolveRequest } from './build-request.js';
import { dnfProxyFor, dnfProxyLines, proxySecrets, redactSecrets } from './network-settings.js';
import { BUILDER_CACHE_DIR, JOB_DNF_BACKUP, JOB_OUT, JOB_PID_FILE, JOB_WORK, type JobLine, type JobSpec } from './job-spec.js';

const DNF_CONF = '/etc/dnf/dnf.conf';

/** dnf.conf text with the proxy lines first in [main] (an existing proxy= is replaced). */
export function dnfConfWithProxy(original: string, lines: readonly string[]): string {
  const kept = original.split('\n').filter((line) => !/^\s*proxy(_username|_password)?\s*=/.test(line));
  const main = kept.findIndex((line) => line.trim() === '[main]');
  if (main === -1) return ['[main]', ...lines, '', ...kept].join('\n');
  kept.splice(main + 1, 0, ...lines);
  return kept.join('\n');
}

async function installDnfProxy(jobDir: string, spec: JobSpec): Promise<void> {
  const proxy = dnfProxyFor(spec.network?.proxy);
  if (!proxy) return;
  let original = '';
  try {
    original = await readFile(DNF_CONF, 'utf8');
    await copyFile(DNF_CONF, join(jobDir, JOB_DNF_BACKUP));
  } catch {
    await writeFile(join(jobDir, JOB_DNF_BACKUP), '');
  }
  await writeFile(DNF_CONF, dnfConfWithProxy(original, dnfProxyLines(proxy)), { mode: 0o600 });
  await chmod(DNF_CONF, 0o600);
}

async function restoreDnfConf(jobDir: string): Promise<void> {
  const backup = join(jobDir, JOB_DNF_BACKUP);
  let text: string;
  try {
    text = await readFile(backup, 'utf8');
  } catch {
    return;
  }
  await writeFile(DNF_CONF, text, { mode: 0o644 });
  await chmod(DNF_CONF, 0o644);
  await rm(backup, { force: true });
}

/** Runs one job; returns the process exit code. */
export async function runJob(jobDir: string, print: (line: JobLine) => void, signal: AbortSignal): Promise<number> {
  const specPath = join(jobDir, 'job.json');
  const spec = JSON.parse(await readFile(specPath, 'utf8')) as JobSpec;
  await rm(specPath, { force: true });
  const secrets = proxySecrets(spec.network?.proxy);
  const redact = (text: string): string => redactSecrets(text, secrets);
  await writeFile(join(jobDir, JOB_PID_FILE), `${process.pid}\n`);
  try {
    await installDnfProxy(jobDir, spec);
    const network = spec.network
      ? { ...spec.network, caFiles: spec.network.caFiles.map((file) => join(jobDir, file)) }
      : undefined;
    const executor = new LocalExecutor({ workDir: join(jobDir, JOB_WORK) });
    const choices = { profilePath: join(jobDir, spec.profilePath), image: spec.image, kiwiProfile: spec.kiwiProfile, arch: spec.arch, repo: spec.repo, setRepo: spec.setRepo, gpgCheck: spec.gpgCheck };
    const place = { cacheDir: BUILDER_CACHE_DIR, network };
    const work = {
      signal,
      onProgress: (event: ProgressEvent) => {
        const safe = event.kind === 'log' ? { ...event, text: redact(event.text) } : event;
        print({ azlJob: 'progress', event: safe });
      },
    };
    if (spec.kind === 'resolve') {
      // Paths in the result are this job folder's; the executor outside maps them back.
      print({ azlJob: 'resolved', resolution: await executor.resolve(resolveRequest(choices, place), work) });
      return 0;
    }
    const output = { outDir: join(jobDir, JOB_OUT), outName: spec.outName, format: spec.format, sourceDateEpoch: spec.sourceDateEpoch, verifyReproducible: spec.verifyReproducible };
    const result = await executor.build(buildRequest(choices, place, output, spec.reviewed), work);
    print({
      azlJob: 'result',
      image: basename(result.imagePath),
      manifest: basename(result.manifestPath),
      checksum: basename(result.checksumPath),
      ...(result.sbomPath ? { sbom: basename(result.sbomPath) } : {}),
      sha256: result.manifest.output.sha256,
      bytes: result.manifest.output.bytes,
    });
    return 0;
  } catch (error) {
    const plain: { code: string; message: string; hint?: string; detail?: string } = isAzlError(error)
      ? error.toJSON()
      : { code: 'PROGRAM_FAILED', message: `${spec.kind === 'resolve' ? 'Reading the repositories' : 'The build'} failed inside the builder: ${(error as Error).message}` };
    print({
      azlJob: 'error',
      error: { code: plain.code, message: redact(plain.message), hint: plain.hint && redact(plain.hint), detail: plain.detail && redact(plain.detail) },
    });
    return 1;
  } finally {
    await restoreDnfConf(jobDir);
  }
}

/** True when this module is the program being run (not imported by a test). */
function isMain(): boolean {
  const entry = process.argv[1] ?? '';
  return /job-runner\.(mjs|ts)$/.test(entry);
}

if (isMain()) {
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  process.once('SIGINT', () => controller.abort());
  process.once('SIGHUP', () => controller.abort());
  const jobDir = process.argv[2];
  if (!jobDir) {
    process.stderr.write('usage: job-runner.mjs JOB_DIR | --version\n');
    process.exit(2);
  }
  if (jobDir === '--version') {
    // The version this engine writes into manifests (a check that the bundle finds its package.json).
    process.stdout.write(`${toolVersion()}\n`);
    process.exit(0);
  }
  const code = await runJob(jobDir, (line) => process.stdout.write(JSON.stringify(line) + '\n'), controller.signal);
  process.exitCode = code;
}
