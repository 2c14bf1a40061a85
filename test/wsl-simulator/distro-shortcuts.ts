/**
 * The Start-menu shortcut and Windows Terminal fragment WSL creates on registration
 * (LxssUserSession.cpp `_CreateTerminalProfile`), modelled as files under the state folder:
 * `<state>/start-menu/<Name>.lnk` (a text description of the .lnk) and
 * `<state>/terminal-fragments/{guid}.json`. Bad icons are ignored silently and bad templates
 * only warn: neither ever fails the install.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configBoolean, configString, type ConfigFile, type ConfigWarning } from './config-file.js';
import { readFileInRoot } from './root-files.js';
import type { SimulatorContext } from './simulator-context.js';

/** WSL reads icons and templates with UtilReadFileRaw(…, 1024*1024). */
export const MAX_SIDE_FILE_BYTES = 1024 * 1024;

/** Windows Terminal's WSL profile generator namespace (profile GUID = v5 of the UTF-16 name). */
const TERMINAL_WSL_NAMESPACE = 'be9372fe-59e1-4876-bda9-c33c8f2f1af1';

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

function hasDotDot(path: string): boolean {
  return path.split(/[\\/]/).includes('..');
}

export function shortcutFile(ctx: SimulatorContext, name: string): string {
  return join(ctx.settings.stateDir, 'start-menu', `${name}.lnk`);
}

export function fragmentFile(ctx: SimulatorContext, guid: string): string {
  return join(ctx.settings.stateDir, 'terminal-fragments', `${guid}.json`);
}

/** Creates icon, shortcut and Terminal fragment per /etc/wsl-distribution.conf. */
export async function createSideEffects(
  ctx: SimulatorContext,
  guid: string,
  name: string,
  basePath: string,
  rootfs: string,
  conf: ConfigFile,
  warn: ConfigWarning,
): Promise<SideEffects> {
  const result: SideEffects = {};
  const iconSource = configString(conf, 'shortcut.icon');
  if (iconSource !== undefined && !hasDotDot(iconSource)) {
    const icon = readFileInRoot(rootfs, iconSource, MAX_SIDE_FILE_BYTES);
    if (icon) {
      result.iconPath = join(basePath, 'shortcut.ico');
      await writeFile(result.iconPath, icon);
    }
  }
  const icon = result.iconPath ?? ctx.wslExePath;
  if (configBoolean(conf, 'shortcut.enabled', true, warn)) {
    result.shortcutPath = shortcutFile(ctx, name);
    await mkdir(join(ctx.settings.stateDir, 'start-menu'), { recursive: true });
    await writeFile(
      result.shortcutPath,
      `[Shortcut]\r\nTarget=${ctx.wslExePath}\r\nArguments=--distribution-id ${guid} --cd ~\r\nIconLocation=${icon}\r\n`,
    );
  }
  if (configBoolean(conf, 'windowsterminal.enabled', true, warn)) {
    const fragment = buildFragment(ctx, guid, name, icon, rootfs, configString(conf, 'windowsterminal.profiletemplate'));
    if (typeof fragment === 'string') {
      ctx.out.warn(ctx.out.text('terminalProfileFailed', fragment));
    } else {
      result.terminalProfilePath = fragmentFile(ctx, guid);
      await mkdir(join(ctx.settings.stateDir, 'terminal-fragments'), { recursive: true });
      await writeFile(result.terminalProfilePath, JSON.stringify(fragment, null, 4));
    }
  }
  return result;
}

/** The fragment object, or the error text WSL would print. */
function buildFragment(ctx: SimulatorContext, guid: string, name: string, icon: string, rootfs: string, templatePath: string | undefined): Record<string, unknown> | string {
  let fragment: Record<string, unknown> = { profiles: [{}] };
  if (templatePath !== undefined) {
    if (hasDotDot(templatePath)) return 'E_INVALIDARG';
    const bytes = readFileInRoot(rootfs, templatePath, MAX_SIDE_FILE_BYTES);
    if (!bytes) return 'ERROR_FILE_NOT_FOUND';
    try {
      fragment = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch (error) {
      return `[json.exception.parse_error] ${(error as Error).message}`;
    }
    if (fragment === null || typeof fragment !== 'object' || Array.isArray(fragment) || !Array.isArray(fragment.profiles)) return 'E_UNEXPECTED';
  }
  const profiles = fragment.profiles as unknown[];
  profiles.forEach((profile, index) => {
    if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) return;
    const p = profile as Record<string, unknown>;
    p.commandline = `${ctx.wslExePath} --distribution-id ${guid}`;
    p.name = name;
    p.guid = uuidV5(TERMINAL_WSL_NAMESPACE, Buffer.from(`${guid}${index === 0 ? '' : `-${index}`}`, 'utf16le'));
    p.icon = icon;
    if (!('startingDirectory' in p)) p.startingDirectory = '~';
    p.pathTranslationStyle = 'wsl';
  });
  // Hide the profile Terminal would generate for this distro itself.
  profiles.push({ guid: uuidV5(TERMINAL_WSL_NAMESPACE, Buffer.from(name, 'utf16le')), hidden: true });
  return fragment;
}

/** Deletes shortcut, icon and fragment of a registration. */
export async function removeSideEffects(paths: SideEffects): Promise<void> {
  if (paths.shortcutPath) await rm(paths.shortcutPath, { force: true });
  if (paths.terminalProfilePath) await rm(paths.terminalProfilePath, { force: true });
  if (paths.iconPath) await rm(paths.iconPath, { force: true });
}
