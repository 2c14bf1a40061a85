/**
 * Expected failures: a stable code, one sentence saying what went wrong, and the next step.
 *
 * Bugs stay plain `Error`s. Everything a user can cause (bad profile, missing package,
 * name clash…) is an `AzlError` (or a subclass that carries more data: RegistryError,
 * PolicyRefusal, AccountClashError), so the CLI prints `message` + `hint` without a stack and
 * the desktop app maps `code` to its own sentence. The app's main process throws the same class
 * for failures at its boundary (INVALID_ARGUMENT, NOT_FOUND…): there is one error base class.
 */

/**
 * Every code an expected failure can carry, as data: the contract recognises an error by its
 * code as well as by its class (one that crossed a process, such as the builder's job runner).
 */
export const AZL_ERROR_CODES = [
  // profiles and plans
  'PROFILE_NOT_FOUND',
  'PROFILE_SYNTAX',
  'PROFILE_UNSUPPORTED',
  'PROFILE_INVALID',
  'PROFILE_UNKNOWN',
  'PROFILE_CYCLE',
  'PATH_ESCAPE',
  'PROFILE_ARCH_UNSUPPORTED',
  // build
  'WSL_CONVERSION_BLOCKED',
  'REVIEW_OUTDATED',
  'PACKAGE_MISSING',
  'SCRIPTLET_FAILED',
  'SCRIPT_FAILED',
  'PACKAGE_MANAGER_FAILED',
  'PACKAGE_MANAGER_MISSING',
  'OUTPUT_UNWRITABLE',
  'OUTPUT_EXISTS',
  'VALIDATION_FAILED',
  'ARCHIVE_INVALID',
  'CANCELLED',
  'PROGRAM_MISSING',
  'PROGRAM_FAILED',
  'NOT_ROOT',
  // install (wsl.exe and accounts)
  'WSL_MISSING',
  'WSL_TOO_OLD',
  'WSL_VIRTUALIZATION_OFF',
  'WSL_FEATURE_MISSING',
  'WSL_POLICY_DISABLED',
  'WSL_FAILED',
  'DISTRO_NAME_INVALID',
  'DISTRO_EXISTS',
  'DISTRO_NOT_FOUND',
  'LOCATION_IN_USE',
  'LOCATION_UNUSABLE',
  'DISK_FULL',
  'USER_NAME_INVALID',
  'USER_EXISTS',
  'PASSWORD_INVALID',
  'ACCOUNT_SETUP_FAILED',
  'ANSWER_FILE_INVALID',
  'USER_NOT_FOUND',
  // lifecycle: upgrade, update, snapshots, restore, move, clone
  'DISTRO_BUSY',
  'SNAPSHOT_NOT_FOUND',
  'SNAPSHOT_DAMAGED',
  'UPGRADE_CHECK_FAILED',
  // container registries (builder base images)
  'REGISTRY_UNREACHABLE',
  'REGISTRY_UNAUTHORIZED',
  'REGISTRY_RATE_LIMITED',
  'REGISTRY_FAILED',
  'IMAGE_NOT_FOUND',
  'DIGEST_MISMATCH',
  'PROXY_INVALID',
  // fleets: catalog, Windows registry, admin policy, identity
  'CATALOG_INVALID',
  'CATALOG_ENTRY_NOT_FOUND',
  'WINDOWS_REGISTRY_FAILED',
  'ELEVATION_REQUIRED',
  'RUNNING_AS_SYSTEM',
  'POLICY_INVALID',
  'POLICY_REFUSED',
  // trust: reproducible builds, SBOMs, signatures, advisories
  'NOT_REPRODUCIBLE',
  'REPOSITORY_METADATA_UNREADABLE',
  'SIGNATURE_INVALID',
  'SIGNING_FAILED',
  // files the user named
  'INPUT_NOT_FOUND',
  'INPUT_UNREADABLE',
  'USAGE',
  // the app's boundary (IPC, the web host, the wizard): failures that only exist there
  'INVALID_ARGUMENT',
  'FORBIDDEN_SENDER',
  'UNSUPPORTED',
  'NOT_FOUND',
  'CONFIRMATION_MISMATCH',
  'DISCONNECTED',
  'INTERNAL',
] as const;

export type AzlErrorCode = (typeof AZL_ERROR_CODES)[number];

const KNOWN_CODES: ReadonlySet<string> = new Set(AZL_ERROR_CODES);

/** True for a code of AZL_ERROR_CODES. */
export function isAzlErrorCode(value: unknown): value is AzlErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

export interface AzlErrorOptions {
  /** What the user can do next, one sentence. */
  hint?: string;
  /** Extra diagnostic text (program output, file:line). Never holds secrets. */
  detail?: string;
  cause?: unknown;
}

/** The one error base class of expected failures (see the top of this file). */
export class AzlError extends Error {
  readonly code: AzlErrorCode;
  readonly hint?: string;
  readonly detail?: string;

  constructor(code: AzlErrorCode, message: string, options: AzlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AzlError';
    this.code = code;
    this.hint = options.hint;
    this.detail = options.detail;
  }

  /** Plain data for JSON output and IPC. */
  toJSON(): { code: AzlErrorCode; message: string; hint?: string; detail?: string } {
    return { code: this.code, message: this.message, hint: this.hint, detail: this.detail };
  }
}

export function isAzlError(value: unknown): value is AzlError {
  return value instanceof AzlError;
}

/** The error every cancelled operation rejects with. */
export function cancelledError(what = 'The operation'): AzlError {
  return new AzlError('CANCELLED', `${what} was cancelled.`, {
    hint: 'Nothing was left behind; run the command again when ready.',
  });
}

/** Throws `cancelledError` if the signal is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw cancelledError(what);
}
