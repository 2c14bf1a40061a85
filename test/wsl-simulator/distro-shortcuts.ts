/**
 * The Start-menu shortcut and Windows Terminal fragment WSL creates on registration
 * (LxssUserSession.cpp `_ProcessImportResultMessage`, `_CreateTerminalProfile`), modelled as
 * files under the state folder: `<state>/start-menu/<Name>.lnk` (a text description of the
 * .lnk) and `<state>/terminal-fragments/{profile guid}.json`. An icon or template WSL cannot
 * read (a `..` anywhere in the path, missing, over 1 MiB) is skipped silently (the template
 * falls back to WSL's default one); a template that is not a JSON object with a `profiles`
 * array only warns. Neither ever fails the install.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WslConfigFile } from '../../common/wsl-config-file.js';
import { readFileInRoot } from './root-files.js';
import type { SimulatorContext } from './simulator-context.js';

/** WSL reads icons and templates with UtilReadFileRaw(…, 1024*1024). */
export const MAX_SIDE_FILE_BYTES = 1024 * 1024;

/** WslTerminalNamespace (wslutil.h): profile GUID = v5 of the distribution id's UTF-16 text. */
const WSL_TERMINAL_NAMESPACE = 'be9372fe-59e1-4876-bda9-c33c8f2f1af1';
/** GeneratedProfilesTerminalNamespace: the profile Terminal would generate itself, which WSL hides. */
const GENERATED_PROFILES_NAMESPACE = '2bde4a90-d05f-401c-9492-e40884ead1d8';
/** The template WSL uses when the image names none or its own cannot be read. */
const DEFAULT_TEMPLATE = '{"profiles": [{"startingDirectory": "~"}]}';
/** nlohmann's `json.dump(2)`. */
const FRAGMENT_INDENT = 2;

/** RFC 4122 version-5 UUID of `name` bytes in `namespace`, lower-case with braces. */
export function uuidV5(namespace: string, name: Buffer): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`;
}

export interface SideEffects {
  shortcutPath?: string;
  terminalProfilePath?: string;
  iconPath?: string;
}

/** WSL refuses any path containing `..` (`find("..")`, not just a `..` component). */
function hasDotDot(path: string): boolean {
  return path.includes('..');
}

export function shortcutFile(ctx: SimulatorContext, name: string): string {
  return join(ctx.settings.stateDir, 'start-menu', `${name}.lnk`);
}

export function fragmentFile(ctx: SimulatorContext, profileGuid: string): string {
  return join(ctx.settings.stateDir, 'terminal-fragments', `${profileGuid}.json`);
}

/** The Terminal profile GUID WSL derives from a distribution id. */
export function terminalProfileGuid(guid: string): string {
  return uuidV5(WSL_TERMINAL_NAMESPACE, Buffer.from(guid, 'utf16le'));
}

/** Creates icon, shortcut and Terminal fragment per /etc/wsl-distribution.conf. */
export async function createSideEffects(
  ctx: SimulatorContext,
  guid: string,
  name: string,
  basePath: string,
  rootfs: string,
  conf: WslConfigFile,
  osRelease: { id?: string; versionId?: string },
): Promise<SideEffects> {
  const result: SideEffects = {};
  const iconSource = conf.string('shortcut.icon');
  if (iconSource !== undefined && !hasDotDot(iconSource)) {
    const icon = readFileInRoot(rootfs, iconSource, MAX_SIDE_FILE_BYTES);
    if (icon) {
      result.iconPath = join(basePath, 'shortcut.ico');
      await writeFile(result.iconPath, icon);
    }
  }
  const icon = result.iconPath ?? ctx.wslExePath;
  if (conf.boolean('shortcut.enabled', true)) {
    result.shortcutPath = shortcutFile(ctx, name);
    await mkdir(join(ctx.settings.stateDir, 'start-menu'), { recursive: true });
    await writeFile(
      result.shortcutPath,
      `[Shortcut]\r\nTarget=${ctx.wslExePath}\r\nArguments=--distribution-id ${guid} --cd ~\r\nIconLocation=${icon}\r\n`,
    );
  }
  if (conf.boolean('windowsterminal.enabled', true)) {
    const fragment = buildFragment(ctx, guid, name, icon, rootfs, conf.string('windowsterminal.profileTemplate'), osRelease);
    if (typeof fragment === 'string') {
      ctx.out.warn(ctx.out.text('terminalProfileFailed', fragment));
    } else if (fragment !== undefined) {
      result.terminalProfilePath = fragmentFile(ctx, terminalProfileGuid(guid));
      await mkdir(join(ctx.settings.stateDir, 'terminal-fragments'), { recursive: true });
      await writeFile(result.terminalProfilePath, JSON.stringify(fragment, null, FRAGMENT_INDENT));
    }
  }
  return result;
}

/**
 * The fragment object; or the error text WSL prints as a warning; or undefined when WSL gives
 * up silently (a profile entry that is neither an object nor null makes its JSON library throw).
 */
function buildFragment(
  ctx: SimulatorContext,
  guid: string,
  name: string,
  icon: string,
  rootfs: string,
  templatePath: string | undefined,
  osRelease: { id?: string; versionId?: string },
): Record<string, unknown> | string | undefined {
  let text = DEFAULT_TEMPLATE;
  if (templatePath !== undefined && !hasDotDot(templatePath)) {
    const bytes = readFileInRoot(rootfs, templatePath, MAX_SIDE_FILE_BYTES);
    if (bytes) text = bytes.toString('utf8');
  }
  let fragment: unknown;
  try {
    fragment = JSON.parse(text);
  } catch (error) {
    return `[json.exception.parse_error.101] ${(error as Error).message}`;
  }
  if (fragment === null || typeof fragment !== 'object' || Array.isArray(fragment)) return 'E_UNEXPECTED';
  const profiles = (fragment as Record<string, unknown>).profiles;
  if (!Array.isArray(profiles)) return 'E_UNEXPECTED';
  const profileGuid = terminalProfileGuid(guid);
  const hideGuid = uuidV5(GENERATED_PROFILES_NAMESPACE, Buffer.from(name, 'utf16le'));
  let foundHide = false;
  for (let index = 0; index < profiles.length; index++) {
    if (profiles[index] === null) profiles[index] = {};
    const profile = profiles[index] as unknown;
    if (typeof profile !== 'object' || Array.isArray(profile)) return undefined;
    const p = profile as Record<string, unknown>;
    if (p.updates === hideGuid) {
      foundHide = true;
      continue;
    }
    p.commandline = `${ctx.wslExePath} --distribution-id ${guid}`;
    p.name = name;
    p.guid = profileGuid;
    p.icon = icon;
    if (!('startingDirectory' in p)) p.startingDirectory = '~';
    p.pathTranslationStyle = 'wsl';
    if (osRelease.id) p['wsl.distribution-type'] = osRelease.id;
    if (osRelease.versionId) p['wsl.distribution-version'] = osRelease.versionId;
  }
  // Hide the profile Terminal would generate for this distro itself, unless the template does.
  if (!foundHide) profiles.unshift({ updates: hideGuid, hidden: true });
  return fragment as Record<string, unknown>;
}

/** Deletes shortcut, icon and fragment of a registration. */
export async function removeSideEffects(paths: SideEffects): Promise<void> {
  if (paths.shortcutPath) await rm(paths.shortcutPath, { force: true });
  if (paths.terminalProfilePath) await rm(paths.terminalProfilePath, { force: true });
  if (paths.iconPath) await rm(paths.iconPath, { force: true });
}
