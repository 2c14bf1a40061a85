/**
 * Keeping a distribution's Windows Terminal profile across a new registration. WSL writes a
 * Terminal fragment for every registration whose profile id derives from the registration's
 * own id, so a re-registered distribution (upgrade, restore, move by copy) gets a new profile
 * and the user's settings for the old one (font, colours, starting folder, "default profile")
 * would stop applying. Before the old registration goes, its profile's entry in each Terminal
 * settings.json is captured; afterwards the entry is pointed at the new profile id (comments
 * and formatting of settings.json kept), and `defaultProfile` follows when it named the old one.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import { readJsonFile, writeFileAtomic } from '../../common/atomic-file.js';
import type { DistroRegistration } from './distro-registrations.js';

/** Terminal's settings files under %LOCALAPPDATA%: Store, Preview, and the unpackaged build. */
const SETTINGS_FILES = [
  ['Packages', 'Microsoft.WindowsTerminal_8wekyb3d8bbwe', 'LocalState', 'settings.json'],
  ['Packages', 'Microsoft.WindowsTerminalPreview_8wekyb3d8bbwe', 'LocalState', 'settings.json'],
  ['Microsoft', 'Windows Terminal', 'settings.json'],
];

/** One settings.json's part for the profile. */
export interface CapturedSettings {
  settingsFile: string;
  /** The profile's entry in `profiles.list` (absent when the user never customised it). */
  entry?: Record<string, unknown>;
  /** Whether `defaultProfile` named the profile. */
  isDefault: boolean;
}

export interface TerminalProfileSettings {
  /** The profile id in force when captured. */
  profileGuid: string;
  files: CapturedSettings[];
}

/** The settings.json files that exist for this user. */
export function terminalSettingsFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const base = env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
  return SETTINGS_FILES.map((parts) => join(base, ...parts));
}

/** The distribution's profile id from its registration's fragment (the first profile that runs it). */
export async function fragmentProfileGuid(registration: DistroRegistration | undefined): Promise<string | undefined> {
  if (!registration?.terminalProfilePath) return undefined;
  const fragment = await readJsonFile<{ profiles?: Array<Record<string, unknown>> }>(registration.terminalProfilePath);
  const profile = fragment?.profiles?.find((candidate) => typeof candidate.guid === 'string' && typeof candidate.commandline === 'string');
  return profile ? String(profile.guid).toLowerCase() : undefined;
}

interface ProfilesShape {
  defaultProfile?: unknown;
  profiles?: unknown;
}

/** `profiles.list` (or a bare `profiles` array) and the JSON path to it. */
function profileList(doc: ProfilesShape): { list: Array<Record<string, unknown>>; path: Array<string | number> } | undefined {
  if (Array.isArray(doc.profiles)) return { list: doc.profiles as Array<Record<string, unknown>>, path: ['profiles'] };
  const list = (doc.profiles as { list?: unknown } | undefined)?.list;
  return Array.isArray(list) ? { list: list as Array<Record<string, unknown>>, path: ['profiles', 'list'] } : undefined;
}

function sameGuid(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

async function readSettings(file: string): Promise<{ text: string; doc: ProfilesShape } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const errors: ParseError[] = [];
  const doc = parse(text, errors, { allowTrailingComma: true }) as ProfilesShape | undefined;
  return doc && typeof doc === 'object' && errors.length === 0 ? { text, doc } : undefined;
}

/** What each settings.json says about `profileGuid`. */
export async function captureProfileSettings(profileGuid: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<TerminalProfileSettings | undefined> {
  if (!profileGuid) return undefined;
  const files: CapturedSettings[] = [];
  for (const settingsFile of terminalSettingsFiles(env)) {
    const settings = await readSettings(settingsFile);
    if (!settings) continue;
    const entry = profileList(settings.doc)?.list.find((candidate) => sameGuid(candidate?.guid, profileGuid));
    const isDefault = sameGuid(settings.doc.defaultProfile, profileGuid);
    if (entry || isDefault) files.push({ settingsFile, ...(entry ? { entry } : {}), isDefault });
  }
  return { profileGuid, files };
}

/**
 * Points the captured settings at `newGuid`: the entry is updated where the old id still is (or
 * added), and `defaultProfile` moves when it named the old id. Returns the files changed.
 */
export async function applyProfileSettings(captured: TerminalProfileSettings | undefined, newGuid: string | undefined): Promise<string[]> {
  if (!captured || !newGuid || captured.profileGuid === newGuid.toLowerCase()) return [];
  const changed: string[] = [];
  const formatting = { formattingOptions: { insertSpaces: true, tabSize: 4, eol: '\n' } };
  for (const file of captured.files) {
    const settings = await readSettings(file.settingsFile);
    if (!settings) continue;
    let text = settings.text;
    const located = profileList(settings.doc);
    if (file.entry && located) {
      const oldIndex = located.list.findIndex((candidate) => sameGuid(candidate?.guid, captured.profileGuid));
      const newIndex = located.list.findIndex((candidate) => sameGuid(candidate?.guid, newGuid));
      if (newIndex >= 0) {
        // Terminal already made an entry for the new profile: give it the user's settings.
        for (const [key, value] of Object.entries(file.entry)) {
          if (key === 'guid') continue;
          text = applyEdits(text, modify(text, [...located.path, newIndex, key], value, formatting));
        }
      } else if (oldIndex >= 0) {
        text = applyEdits(text, modify(text, [...located.path, oldIndex, 'guid'], newGuid, formatting));
      } else {
        text = applyEdits(text, modify(text, [...located.path, -1], { ...file.entry, guid: newGuid }, { ...formatting, isArrayInsertion: true }));
      }
    }
    if (file.isDefault && sameGuid(settings.doc.defaultProfile, captured.profileGuid)) {
      text = applyEdits(text, modify(text, ['defaultProfile'], newGuid, formatting));
    }
    if (text !== settings.text) {
      await writeFileAtomic(file.settingsFile, text, { mode: 0o644 });
      changed.push(file.settingsFile);
    }
  }
  return changed;
}
