/** Turning thrown errors into Result data at the boundary. */
import { AzlError, isAzlErrorCode } from '../../common/errors.js';
import type { ApiError, Result } from './api.js';
import { ValidationError } from './validate.js';

/** An expected failure that lost its class on the way (another realm, a bundle, JSON): recognised by its code. */
function hasKnownCode(error: unknown): error is { code: ApiError['code']; message: string; hint?: unknown; detail?: unknown } {
  if (error === null || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return isAzlErrorCode(code) && typeof message === 'string';
}

/**
 * Maps anything thrown to an ApiError. Expected failures (AzlError and its subclasses, or
 * anything carrying one of AZL_ERROR_CODES) keep their code, sentence and hint; validation
 * failures become INVALID_ARGUMENT; anything else is a bug: INTERNAL, with the message as
 * detail (the stack stays in main's log).
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof AzlError || hasKnownCode(error)) {
    const out: ApiError = { code: error.code, message: error.message };
    if (typeof error.hint === 'string' && error.hint) out.hint = error.hint;
    if (typeof error.detail === 'string' && error.detail) out.detail = error.detail;
    return out;
  }
  if (error instanceof ValidationError) return { code: 'INVALID_ARGUMENT', message: error.message };
  return { code: 'INTERNAL', message: 'Something went wrong inside the app.', detail: error instanceof Error ? error.message : String(error) };
}

/** Wraps a value. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps a failure. */
export function fail<T = never>(error: unknown): Result<T> {
  return { ok: false, error: toApiError(error) };
}
