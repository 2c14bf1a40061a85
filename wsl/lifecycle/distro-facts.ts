/**
 * What a distribution is, beyond its files, that a new registration would lose and the
 * lifecycle keeps: its name as WSL spells it, whether it is the default distribution, the user
 * it starts as, where its disk is, and its Windows Terminal profile settings; and, read in the
 * same single wsl.exe call (each call starts a process), its size and its account files.
 */
import { Readable } from 'node:stream';
import { AzlError } from '../../common/errors.js';
import { indexTarStream, type ArchiveIndex } from '../../rootfs/validate/archive-index.js';
import { execChecked } from '../driver/wsl-exec.js';
import { findDistro, type DistroListEntry } from '../driver/wsl-list.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { configuredDefaultUser } from './carry-plan.js';
import { defaultRegistrations, findRegistration, type DistroRegistration, type RegistrationSource } from './distro-registrations.js';
import { captureProfileSettings, fragmentProfileGuid, type TerminalProfileSettings } from './terminal-profile.js';

/**
 * Read with the survey: all of /etc (a few MB at most): the account files, wsl.conf, sudoers,
 * SSH keys and the install record, and every other file the upgrade lists for review.
 */
const SURVEY_ETC = ['etc'];
/** A tar of an export holds its data plus headers: this share on top of `du`. */
const ARCHIVE_OVERHEAD_SHARE = 0.05;

/**
 * As root: one line of sizes (KiB, `du -skx` per path before `--`, 0 when missing), then a tar
 * of the paths after `--` that exist.
 */
const SURVEY_SCRIPT = [
  'cd / || exit 1',
  'set -f',
  'sizes=',
  'while [ "$#" -gt 0 ] && [ "$1" != -- ]; do',
  '  s=0; if [ -e "$1" ]; then s=$(du -skx "$1" 2>/dev/null | tail -n 1 | cut -f1); fi',
  '  sizes="$sizes ${s:-0}"; shift',
  'done',
  'shift',
  'printf "%s\\n" "$sizes"',
  'files=; for p in "$@"; do [ -e "$p" ] && files="$files $p"; done',
  'exec tar -c -f - $files',
].join('\n');

export interface DistroFacts {
  entry: DistroListEntry;
  /** The user plain `wsl -d NAME` starts as by configuration. */
  defaultUser?: string;
  registration?: DistroRegistration;
  terminalProfile?: TerminalProfileSettings;
  /** Bytes an export of `/` and of each requested tree takes (0 when missing). */
  sizes: number[];
  /** The account files, wsl.conf, sudoers.d, ssh and the install record. */
  etc: ArchiveIndex;
}

export interface FactsOptions extends WslCallOptions {
  registrations?: RegistrationSource;
}

/** The registration source for these call options (their env names the simulator in tests). */
export function registrationsFor(options: FactsOptions): RegistrationSource {
  return options.registrations ?? defaultRegistrations({ ...process.env, ...options.env });
}

/** The call options without the extras (what the driver functions take). */
export function callOptions(options: WslCallOptions): WslCallOptions {
  return { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
}

/** Refuses with DISTRO_NOT_FOUND unless `name` is registered; returns WSL's entry. */
export async function requireDistro(name: string, call: WslCallOptions): Promise<DistroListEntry> {
  const entry = await findDistro(name, call);
  if (!entry) {
    throw new AzlError('DISTRO_NOT_FOUND', `There is no WSL distribution named "${name}".`, { hint: 'Run `azl-wsl list` to see the names. Nothing was changed.' });
  }
  return entry;
}

/** Sizes and /etc of a distribution in one call as root. */
export async function surveyDistro(name: string, trees: readonly string[], call: WslCallOptions): Promise<{ sizes: number[]; etc: ArchiveIndex }> {
  const result = await execChecked({ ...call, distro: name, user: 'root', name: 'survey', command: ['sh', '-c', SURVEY_SCRIPT, 'sh', '/', ...trees, '--', ...SURVEY_ETC] });
  const newline = result.stdout.indexOf(0x0a);
  const kib = result.stdout.subarray(0, newline).toString('utf8').trim().split(/\s+/).map((value) => Number.parseInt(value, 10));
  const sizes = [0, ...trees.map(() => 0)].map((_, index) => Math.ceil((Number.isFinite(kib[index]) ? kib[index] : 0) * 1024 * (1 + ARCHIVE_OVERHEAD_SHARE)));
  const etc = await indexTarStream(Readable.from([result.stdout.subarray(newline + 1)]));
  return { sizes, etc };
}

/** Reads everything above for `name`; `trees` are measured besides `/`. */
export async function readDistroFacts(name: string, options: FactsOptions, trees: readonly string[] = []): Promise<DistroFacts> {
  const call = callOptions(options);
  // The list, the registry and the survey are independent: asked at once (each wsl.exe call starts a process).
  const [entry, registration, survey] = await Promise.all([
    requireDistro(name, call),
    findRegistration(registrationsFor(options), name).catch(() => undefined),
    surveyDistro(name, trees, call).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
  ]);
  if ('error' in survey) throw survey.error;
  const { sizes, etc } = survey.value;
  const defaultUser = configuredDefaultUser(etc, registration?.defaultUid);
  const terminalProfile = await captureProfileSettings(await fragmentProfileGuid(registration), { ...process.env, ...options.env });
  return { entry, defaultUser, registration, terminalProfile, sizes, etc };
}
