/**
 * The Windows root certificate store as a source of extra CAs (win32 only): corporate TLS
 * inspection roots are deployed there by policy, and Node does not read it. PowerShell exports
 * the CurrentUser and LocalMachine Root stores as base64 DER lines; each certificate becomes a
 * PEM file named by the SHA-256 of its DER (so duplicates across the two stores collapse), and
 * the result is passed on exactly like `--ca-file` PEMs.
 *
 * Roots that Node already trusts (its bundled Mozilla list, `tls.rootCertificates`) are left
 * out: they add nothing for the registry client, and installing dozens of public roots into an
 * image "at the user's request" would bury the one corporate root the user actually needed.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import tls from 'node:tls';
import { runProgram, type RunOptions, type RunResult } from '../../common/run-program.js';

/** Line prefixes the export script prints; anything else on stdout is ignored. */
const CERT_MARKER = 'AZL-WSL-CERT';
const ERROR_MARKER = 'AZL-WSL-STORE-ERROR';

/**
 * Fixed script (no interpolation of anything): one `AZL-WSL-CERT <store> <base64 DER>` line per
 * certificate, one `AZL-WSL-STORE-ERROR <store> <message>` line for a store that cannot be read.
 */
export const WINDOWS_ROOT_STORE_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  "foreach ($s in @('CurrentUser', 'LocalMachine')) {",
  '  try {',
  "    foreach ($c in (Get-ChildItem -Path ('Cert:\\' + $s + '\\Root'))) {",
  `      [Console]::Out.WriteLine('${CERT_MARKER} ' + $s + ' ' + [Convert]::ToBase64String($c.RawData))`,
  '    }',
  '  } catch {',
  `    [Console]::Out.WriteLine('${ERROR_MARKER} ' + $s + ' ' + ($_.Exception.Message -replace '\\s+', ' '))`,
  '  }',
  '}',
].join('\n');

/** The PowerShell command line: an argument array, never a shell string. */
export const WINDOWS_ROOT_STORE_COMMAND: { program: string; args: readonly string[] } = {
  program: 'powershell.exe',
  args: ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_ROOT_STORE_SCRIPT],
};

/** The export is small (a few hundred KB at most); a hung PowerShell should not hang the build. */
const EXPORT_TIMEOUT_MS = 60_000;

/** One certificate from the store. */
export interface StoreCertificate {
  /** SHA-256 of the DER bytes, hex. */
  sha256: string;
  /** PEM text ending in a newline. */
  pem: string;
  /** The stores it was found in (CurrentUser, LocalMachine). */
  stores: string[];
  subject: string;
}

export interface ParsedRootStore {
  certificates: StoreCertificate[];
  /** Stores that could not be read, with PowerShell's message. */
  errors: Array<{ store: string; message: string }>;
  /** Lines with the marker whose data is not a certificate. */
  skipped: number;
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** SHA-256 (hex) of the DER of every root Node trusts out of the box. */
function bundledRootDigests(): Set<string> {
  const digests = new Set<string>();
  for (const pem of tls.rootCertificates) {
    const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    digests.add(createHash('sha256').update(Buffer.from(body, 'base64')).digest('hex'));
  }
  return digests;
}

/**
 * Parses the export script's output: certificates deduplicated by the SHA-256 of their DER,
 * in first-seen order. `excludeBundled` leaves out roots Node already trusts.
 */
export function parseRootStoreOutput(text: string, options: { excludeBundled?: boolean } = {}): ParsedRootStore {
  const bundled = options.excludeBundled ? bundledRootDigests() : new Set<string>();
  const byDigest = new Map<string, StoreCertificate>();
  const errors: ParsedRootStore['errors'] = [];
  let skipped = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith(`${ERROR_MARKER} `)) {
      const [, store = '', ...message] = line.split(' ');
      errors.push({ store, message: message.join(' ') });
      continue;
    }
    if (!line.startsWith(`${CERT_MARKER} `)) continue;
    const [, store = '', data = ''] = line.split(/\s+/);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) {
      skipped++;
      continue;
    }
    const der = Buffer.from(data, 'base64');
    let subject: string;
    try {
      subject = new X509Certificate(der).subject.replace(/\n/g, ', ');
    } catch {
      skipped++;
      continue;
    }
    const sha256 = createHash('sha256').update(der).digest('hex');
    if (bundled.has(sha256)) continue;
    const known = byDigest.get(sha256);
    if (known) {
      if (!known.stores.includes(store)) known.stores.push(store);
      continue;
    }
    byDigest.set(sha256, { sha256, pem: toPem(der), stores: [store], subject });
  }
  return { certificates: [...byDigest.values()], errors, skipped };
}

/**
 * Writes one `<sha256>.pem` per certificate into `dir` (created; PEMs from an earlier export
 * that are no longer in the store are removed) and returns their paths.
 */
export async function writeStorePems(dir: string, certificates: readonly StoreCertificate[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const wanted = new Set(certificates.map((cert) => `${cert.sha256}.pem`));
  for (const name of await readdir(dir)) {
    if (name.endsWith('.pem') && !wanted.has(name)) await rm(join(dir, name), { force: true });
  }
  const paths: string[] = [];
  for (const cert of certificates) {
    const path = join(dir, `${cert.sha256}.pem`);
    const partial = `${path}.partial`;
    await writeFile(partial, cert.pem);
    await rename(partial, path);
    paths.push(path);
  }
  return paths;
}

export interface WindowsRootStoreOptions {
  /** Where the PEM files go (a cache folder of ours). */
  dir: string;
  platform?: NodeJS.Platform;
  /** For tests: runs the export command instead of common/run-program. */
  run?: (program: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;
  signal?: AbortSignal;
  /** Told what happened (how many roots, unreadable stores), for progress logs. */
  log?: (text: string) => void;
}

/**
 * The extra roots of the Windows store as PEM files; `[]` (and nothing run) on any other
 * platform. A failing export is logged and yields `[]`: the build then behaves as if the
 * option were off, and a TLS error later still names `--ca-file` as the way out.
 */
export async function windowsRootStoreCaFiles(options: WindowsRootStoreOptions): Promise<string[]> {
  if ((options.platform ?? process.platform) !== 'win32') return [];
  const run = options.run ?? runProgram;
  const timeout = AbortSignal.timeout(EXPORT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let result: RunResult;
  try {
    result = await run(WINDOWS_ROOT_STORE_COMMAND.program, WINDOWS_ROOT_STORE_COMMAND.args, { name: 'export Windows root certificates', signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    options.log?.(`The Windows root certificate store could not be read (${(error as Error).message}); continuing without it.`);
    return [];
  }
  const parsed = parseRootStoreOutput(result.stdout.toString('utf8'), { excludeBundled: true });
  for (const failure of parsed.errors) options.log?.(`The ${failure.store} root store could not be read: ${failure.message}`);
  if (result.exitCode !== 0 && parsed.certificates.length === 0) {
    options.log?.(`Exporting the Windows root certificates failed (exit code ${result.exitCode}); continuing without them.`);
    return [];
  }
  const paths = await writeStorePems(options.dir, parsed.certificates);
  options.log?.(`Trusting ${paths.length} root certificate${paths.length === 1 ? '' : 's'} from the Windows store beyond the bundled public roots.`);
  return paths;
}
