/**
 * `wsl -l -v` and `wsl -l -q`: the installed distributions.
 *
 * `-l -v` rows are `<* or space> <name> <state> <version>`; names never contain spaces but
 * localized states may, so the name is the first field, the version the last, and the state
 * everything between. With no distributions `-l -v` fails without an error code while `-l -q`
 * prints nothing and succeeds, which is how "empty" is recognised without reading prose.
 */
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';

export type DistroState = 'Stopped' | 'Running' | 'Installing' | 'Uninstalling' | 'Converting' | 'Exporting' | 'Unknown';

export interface DistroListEntry {
  name: string;
  state: DistroState;
  /** The state as wsl.exe printed it (may be localized). */
  stateText: string;
  /** WSL 1 or 2. */
  version: number;
  isDefault: boolean;
}

/** State words wsl.exe prints, English plus the French and German builds. */
const STATE_WORDS: ReadonlyArray<[DistroState, readonly string[]]> = [
  ['Stopped', ['stopped', 'arrêté', 'arrete', 'beendet', 'angehalten']],
  ['Running', ['running', "en cours d'exécution", 'wird ausgeführt', 'aktiv']],
  ['Installing', ['installing', 'installation', 'wird installiert']],
  ['Uninstalling', ['uninstalling', 'désinstallation', 'wird deinstalliert']],
  ['Converting', ['converting', 'conversion', 'wird konvertiert']],
  ['Exporting', ['exporting', 'exportation', 'wird exportiert']],
];

function classifyState(text: string): DistroState {
  const lower = text.toLowerCase();
  return STATE_WORDS.find(([, words]) => words.includes(lower))?.[0] ?? 'Unknown';
}

/**
 * One `-l -v` row: marker, name, state, version digit at the end. wsl.exe pads the state with
 * `%-16s`, so a long localized state can touch the version ("En cours d'exécution2").
 */
const VERBOSE_ROW = /^(\*)?\s*([a-zA-Z0-9._-]+)\s+(\S.*?)\s*(\d)$/;

/** Parses `wsl -l -v` text (the header, whatever its language, has no version digit and is skipped). */
export function parseListVerbose(text: string): DistroListEntry[] {
  const entries: DistroListEntry[] = [];
  for (const line of text.split('\n')) {
    const match = VERBOSE_ROW.exec(line.trim());
    if (!match) continue;
    entries.push({
      name: match[2],
      state: classifyState(match[3]),
      stateText: match[3],
      version: Number(match[4]),
      isDefault: match[1] === '*',
    });
  }
  return entries;
}

/** Parses `wsl -l -q`: one name per line. */
export function parseListQuiet(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Names only (`wsl -l -q`); empty array when none are installed. */
export async function listDistroNames(options: WslCallOptions = {}): Promise<string[]> {
  const result = await runWsl(['-l', '-q'], { ...options, name: 'list quiet' });
  if (result.exitCode !== 0) throw wslFailure(result, 'Listing distributions');
  return parseListQuiet(result.text);
}

/** Every distribution with state, version and default marker; empty array when none. */
export async function listDistros(options: WslCallOptions = {}): Promise<DistroListEntry[]> {
  const result = await runWsl(['-l', '-v'], { ...options, name: 'list' });
  if (result.exitCode === 0) return parseListVerbose(result.text);
  if (result.failed && !result.error) {
    // "No installed distributions" has no error code; -l -q tells it apart from other failures.
    const names = await listDistroNames(options);
    if (names.length === 0) return [];
  }
  throw wslFailure(result, 'Listing distributions');
}

/** The registered name matching `name` case-insensitively (as WSL compares), if any. */
export async function findDistro(name: string, options: WslCallOptions = {}): Promise<DistroListEntry | undefined> {
  const lower = name.toLowerCase();
  return (await listDistros(options)).find((entry) => entry.name.toLowerCase() === lower);
}
