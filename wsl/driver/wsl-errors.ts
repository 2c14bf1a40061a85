/**
 * wsl.exe failures → AzlError, keyed on the error TOKEN (never the localized prose).
 * Each message says what happened in one sentence, each hint what to do next; the raw wsl.exe
 * text goes to `detail` for the helpdesk.
 */
import { AzlError, type AzlErrorCode } from '../../common/errors.js';
import type { WslResult } from './wsl-runner.js';

interface TokenMeaning {
  code: AzlErrorCode;
  message: string;
  hint: string;
}

const VIRTUALIZATION_OFF: TokenMeaning = {
  code: 'WSL_VIRTUALIZATION_OFF',
  message: 'WSL 2 cannot start because virtualization is not enabled on this machine.',
  hint: 'Turn on virtualization in the firmware settings and enable the Virtual Machine Platform feature, then restart Windows.',
};

const ARCHIVE_NOT_DISTRO: TokenMeaning = {
  code: 'ARCHIVE_INVALID',
  message: 'The image file is not a valid Linux root file system archive.',
  hint: 'Check that the file is a complete .wsl/.tar.gz image (rebuild or download it again), then retry.',
};

/** What each known token means for the user. Tokens are the contract (wsl-spec.md §3.3). */
const TOKEN_MEANINGS: Readonly<Record<string, TokenMeaning>> = {
  ERROR_ALREADY_EXISTS: {
    code: 'DISTRO_EXISTS',
    message: 'A WSL distribution with this name already exists.',
    hint: 'Choose another name, or remove the existing one with "wsl --unregister NAME" if you no longer need it.',
  },
  E_ILLEGAL_STATE_CHANGE: {
    code: 'DISTRO_EXISTS',
    message: 'An install, uninstall or conversion of this distribution is already in progress.',
    hint: 'Wait for the other operation to finish, then try again.',
  },
  WSL_E_DISTRO_NOT_FOUND: {
    code: 'DISTRO_NOT_FOUND',
    message: 'There is no WSL distribution with this name.',
    hint: 'Run "wsl -l -v" to see the installed distributions and check the spelling.',
  },
  WSL_E_DISTRIBUTION_NAME_NEEDED: {
    code: 'DISTRO_NAME_INVALID',
    message: 'The image does not say which name to install it under.',
    hint: 'Pass a distribution name explicitly.',
  },
  ERROR_FILE_EXISTS: {
    code: 'LOCATION_IN_USE',
    message: 'The install location is already used by another distribution or already holds a disk (ext4.vhdx).',
    hint: 'Choose an empty folder that no other distribution uses.',
  },
  ERROR_PATH_NOT_FOUND: {
    code: 'LOCATION_UNUSABLE',
    message: 'The parent folder of the install location does not exist.',
    hint: 'Create the parent folder or choose another location, then try again.',
  },
  HCS_E_HYPERV_NOT_INSTALLED: VIRTUALIZATION_OFF,
  HCS_E_SERVICE_NOT_AVAILABLE: {
    code: 'WSL_FEATURE_MISSING',
    message: 'A Windows feature WSL 2 needs is not installed.',
    hint: 'Enable the Virtual Machine Platform feature ("wsl --install --no-distribution" as administrator), then restart Windows.',
  },
  WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED: {
    code: 'WSL_FEATURE_MISSING',
    message: 'The Windows Subsystem for Linux optional component is not enabled.',
    hint: 'Run "wsl --install --no-distribution" as administrator, then restart Windows.',
  },
  ERROR_ACCESS_DISABLED_BY_POLICY: {
    code: 'WSL_POLICY_DISABLED',
    message: 'Your organization has disabled WSL on this machine by policy.',
    hint: 'Ask your IT department to allow WSL (policy AllowWSL) for your account.',
  },
  WSL_E_IMPORT_FAILED: ARCHIVE_NOT_DISTRO,
  WSL_E_NOT_A_LINUX_DISTRO: ARCHIVE_NOT_DISTRO,
  ERROR_FILE_NOT_FOUND: {
    code: 'ARCHIVE_INVALID',
    message: 'The image file does not exist.',
    hint: 'Check the path of the image file, then try again.',
  },
  WSL_E_USER_NOT_FOUND: {
    code: 'USER_NOT_FOUND',
    message: 'The Linux user does not exist in this distribution.',
    hint: 'Run "azl-wsl setup-user NAME" to create the account, or use -u root.',
  },
  WSL_E_TTY_LIMIT: {
    code: 'WSL_FAILED',
    message: 'WSL has run out of terminals for this distribution.',
    hint: 'Close some WSL windows or run "wsl --shutdown", then try again.',
  },
};

/** The AzlError code a token maps to (WSL_FAILED when unknown). Exposed for tests and UIs. */
export function codeForToken(token: string | undefined, path = ''): AzlErrorCode {
  if (!token) return 'WSL_FAILED';
  if (token === 'E_INVALIDARG') return path.includes('RegisterDistro') ? 'DISTRO_NAME_INVALID' : 'USAGE';
  return TOKEN_MEANINGS[token]?.code ?? 'WSL_FAILED';
}

/** The error path of wsl.exe's own argument parser inside a verb (`--manage`, `--install`…). */
export const CLIENT_ARGUMENT_ERROR_PATH = 'Wsl/E_INVALIDARG';

/**
 * True when this wsl.exe does not know an option or verb we passed. Inside a verb an unknown
 * option is `Invalid command line argument: X` + `Error code: Wsl/E_INVALIDARG` (WSL's
 * ArgumentParser); an unknown verb at the top level (or an inbox wsl.exe) prints its complaint
 * with no code line at all. Never true for a silent failure: `--manage --set-default-user`
 * swallows the text of the nested wsl.exe it runs, so a broken distribution fails with -1 and
 * nothing printed.
 */
export function isUnsupportedOption(result: WslResult): boolean {
  if (!result.failed) return false;
  if (result.error) return result.error.path === CLIENT_ARGUMENT_ERROR_PATH;
  return result.text.trim() !== '';
}

/** Raw wsl.exe text for `detail`: stdout, then stderr when it says anything. */
export function wslDetail(result: WslResult): string {
  return [result.text.trim(), result.stderr.trim()].filter((part) => part.length > 0).join('\n');
}

/** Builds the AzlError for a failed wsl.exe call; `what` names the operation ("Importing Foo"). */
export function wslFailure(result: WslResult, what: string): AzlError {
  const token = result.error?.token;
  const path = result.error?.path ?? '';
  const detail = wslDetail(result);
  if (token === 'E_INVALIDARG') {
    if (path.includes('RegisterDistro')) {
      return new AzlError('DISTRO_NAME_INVALID', 'The distribution name is not valid.', {
        hint: 'Use 1–256 letters, digits, ".", "_" or "-" (not "legacy").',
        detail,
      });
    }
    return new AzlError('USAGE', `${what} failed: wsl.exe refused the arguments.`, {
      hint: 'Update WSL with "wsl --update"; if it persists, report it with the detail below.',
      detail,
    });
  }
  const meaning = token ? TOKEN_MEANINGS[token] : undefined;
  if (meaning) return new AzlError(meaning.code, meaning.message, { hint: meaning.hint, detail });
  return new AzlError(
    'WSL_FAILED',
    `${what} failed (wsl.exe exit code ${result.exitCode}${token ? `, ${token}` : ''}).`,
    { hint: 'Read the detail below; "wsl --update" and "wsl --shutdown" fix many transient problems.', detail },
  );
}
