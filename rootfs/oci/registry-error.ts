/**
 * Registry failures as `AzlError`s with a precise `reason`.
 *
 * common/errors.ts has no registry codes yet, so each reason maps onto the nearest existing
 * code (the CLI and app still get message + hint); `reason` is the exact cause for tests and logs.
 */
import { AzlError, type AzlErrorCode, type AzlErrorOptions } from '../../common/errors.js';

export type RegistryFailure =
  | 'REFERENCE_INVALID'
  | 'PROXY_INVALID'
  | 'CA_INVALID'
  | 'REGISTRY_UNREACHABLE'
  | 'PROXY_REFUSED'
  | 'REGISTRY_UNAUTHORIZED'
  | 'IMAGE_NOT_FOUND'
  | 'REGISTRY_RATE_LIMITED'
  | 'REGISTRY_FAILED'
  | 'DIGEST_MISMATCH'
  | 'MEDIA_TYPE_UNSUPPORTED'
  | 'PLATFORM_NOT_FOUND'
  | 'LAYER_INVALID'
  | 'LAYER_PATH_ESCAPE';

const BASE_CODE: Record<RegistryFailure, AzlErrorCode> = {
  REFERENCE_INVALID: 'USAGE',
  PROXY_INVALID: 'PROXY_INVALID',
  CA_INVALID: 'USAGE',
  REGISTRY_UNREACHABLE: 'REGISTRY_UNREACHABLE',
  PROXY_REFUSED: 'REGISTRY_UNREACHABLE',
  REGISTRY_UNAUTHORIZED: 'REGISTRY_UNAUTHORIZED',
  IMAGE_NOT_FOUND: 'IMAGE_NOT_FOUND',
  REGISTRY_RATE_LIMITED: 'REGISTRY_RATE_LIMITED',
  REGISTRY_FAILED: 'REGISTRY_FAILED',
  DIGEST_MISMATCH: 'DIGEST_MISMATCH',
  MEDIA_TYPE_UNSUPPORTED: 'ARCHIVE_INVALID',
  PLATFORM_NOT_FOUND: 'IMAGE_NOT_FOUND',
  LAYER_INVALID: 'ARCHIVE_INVALID',
  LAYER_PATH_ESCAPE: 'PATH_ESCAPE',
};

/** An expected failure while pulling or flattening a container image. */
export class RegistryError extends AzlError {
  readonly reason: RegistryFailure;
  constructor(reason: RegistryFailure, message: string, options: AzlErrorOptions = {}) {
    super(BASE_CODE[reason], message, options);
    this.name = 'RegistryError';
    this.reason = reason;
  }
}

/** True when `value` is a RegistryError with the given reason. */
export function isRegistryFailure(value: unknown, reason: RegistryFailure): value is RegistryError {
  return value instanceof RegistryError && value.reason === reason;
}
