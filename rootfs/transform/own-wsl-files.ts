/**
 * The WSL files we ship ourselves when the repositories have no `wsl-setup` (Azure Linux 3.0):
 * wsl.conf, wsl-distribution.conf, the first-run script, the icon and a Terminal profile
 * template, laid out where WSL's validator (validate-modern.py) wants them.
 */
import { fileURLToPath } from 'node:url';
import { AzlError } from '../../common/errors.js';
import { FIRST_USER_UID } from '../../common/account-rules.js';
import { isWslDistroName } from '../../common/distro-names.js';
import { WSL_TRANSFORM } from '../../common/source-location.js';
import type { FinishStep } from '../plan/build-plan.js';
import { FIRST_RUN_SCRIPT_PATH, renderFirstRunScript } from './first-run-script.js';

export interface OwnWslFilesOptions {
  /** `oobe.defaultName`, e.g. "AzureLinux-3.0". */
  distroName: string;
  /** The plan's release version, e.g. "3.0". */
  releaseVersion: string;
  /** Whether the image has systemd to start (`[boot] systemd`); default true. */
  systemd?: boolean;
}

export const WSL_CONF_PATH = '/etc/wsl.conf';
export const WSL_DISTRIBUTION_CONF_PATH = '/etc/wsl-distribution.conf';
export const ICON_PATH = '/usr/lib/wsl/azurelinux.ico';
export const TERMINAL_PROFILE_PATH = '/usr/lib/wsl/terminal-profile.json';

/** The icon rendered by wsl-icon.ts, kept as a file so the builder copies bytes, not text. */
export const ICON_ASSET = fileURLToPath(new URL('./assets/azurelinux.ico', import.meta.url));

/** Validator modes: config files and icon 0644, the script 0755, the Terminal template 0640. */
const CONFIG_MODE = 0o644;
const SCRIPT_MODE = 0o755;
const TERMINAL_PROFILE_MODE = 0o640;

/** Only keys validate-modern.py allows; anything else in this file is an error there. */
function renderDistributionConf(distroName: string, releaseVersion: string): string {
  return `# WSL distribution settings for Azure Linux ${releaseVersion}, written by azl-wsl.
[oobe]
command = ${FIRST_RUN_SCRIPT_PATH}
defaultUid = ${FIRST_USER_UID}
defaultName = ${distroName}

[shortcut]
icon = ${ICON_PATH}

[windowsterminal]
profileTemplate = ${TERMINAL_PROFILE_PATH}
`;
}

/**
 * Windows Terminal profile fragment. WSL fills in commandline, name, guid and icon itself; we
 * add the colour scheme so the tab looks like Azure Linux.
 */
function renderTerminalProfile(): string {
  const scheme = 'Azure Linux';
  const template = {
    profiles: [{ colorScheme: scheme, font: { face: 'Cascadia Mono' } }],
    schemes: [
      {
        name: scheme,
        background: '#0C1B2A',
        foreground: '#E6EDF3',
        cursorColor: '#4CC2FF',
        selectionBackground: '#264F78',
        black: '#0C1B2A',
        red: '#E5534B',
        green: '#57AB5A',
        yellow: '#C69026',
        blue: '#0078D4',
        purple: '#B083F0',
        cyan: '#39C5CF',
        white: '#C9D1D9',
        brightBlack: '#6E7681',
        brightRed: '#FF7B72',
        brightGreen: '#7EE787',
        brightYellow: '#E3B341',
        brightBlue: '#4CC2FF',
        brightPurple: '#D2A8FF',
        brightCyan: '#56D4DD',
        brightWhite: '#FFFFFF',
      },
    ],
  };
  return JSON.stringify(template, null, 2) + '\n';
}

/** Finishing steps that write our WSL files into the image. */
export function ownWslFiles(options: OwnWslFilesOptions): FinishStep[] {
  // WSL's own rule (wsl-spec §3.4): defaultName must pass it or double-click install fails.
  if (!isWslDistroName(options.distroName)) {
    throw new AzlError('DISTRO_NAME_INVALID', `"${options.distroName}" cannot be a WSL distribution name.`, {
      hint: 'Use 1 to 256 letters, digits, ".", "_" or "-" (not "Legacy").',
    });
  }
  const source = WSL_TRANSFORM;
  return [
    { kind: 'write-file', path: WSL_CONF_PATH, content: `[boot]\nsystemd=${options.systemd ?? true}\n`, mode: CONFIG_MODE, source },
    {
      kind: 'write-file',
      path: WSL_DISTRIBUTION_CONF_PATH,
      content: renderDistributionConf(options.distroName, options.releaseVersion),
      mode: CONFIG_MODE,
      source,
    },
    {
      kind: 'write-file',
      path: FIRST_RUN_SCRIPT_PATH,
      content: renderFirstRunScript({ distroName: options.distroName }),
      mode: SCRIPT_MODE,
      source,
    },
    { kind: 'copy-file', from: ICON_ASSET, path: ICON_PATH, mode: CONFIG_MODE, source },
    { kind: 'write-file', path: TERMINAL_PROFILE_PATH, content: renderTerminalProfile(), mode: TERMINAL_PROFILE_MODE, source },
  ];
}
