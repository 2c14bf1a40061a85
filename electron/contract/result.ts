/** Turning thrown errors into Result data at the boundary. */
import type { ApiError, ApiErrorCode, Result } from './api.js';
import { ValidationError } from './validate.js';

/** A thrown expected failure with an app code (the engines throw AzlError, which has the same shape). */
export class ApiFailure extends Error {
  readonly code: ApiErrorCode;
  readonly hint?: string;
  readonly detail?: string;

  constructor(code: ApiErrorCode, message: string, options: { hint?: string; detail?: string } = {}) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.hint = options.hint;
    this.detail = options.detail;
  }
}

function hasCode(error: unknown): error is { code: ApiErrorCode; message: string; hint?: string; detail?: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && (error.name === 'AzlError' || error.name === 'ApiFailure');
}

/**
 * Maps anything thrown to an ApiError. Expected failures keep their code, sentence and hint;
 * validation failures become INVALID_ARGUMENT; anything else is a bug: INTERNAL, with the
 * message as detail (the stack stays in main's log).
 */
export function toApiError(error: unknown): ApiError {
  if (hasCode(error)) {
    const out: ApiError = { code: error.code, message: error.message };
    if (error.hint) out.hint = error.hint;
    if (error.detail) out.detail = error.detail;
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
