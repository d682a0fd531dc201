import type { ErrorCode } from '@guantong/shared';

/** The one error type services throw; the handler turns it into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A record the actor may not see answers exactly like a missing one. */
export function notFound(entity = 'record'): AppError {
  return new AppError('NOT_FOUND', 404, `The ${entity} does not exist.`);
}

export function forbidden(message = 'You are not allowed to do this.'): AppError {
  return new AppError('FORBIDDEN', 403, message);
}

export function conflict(message: string, details?: unknown): AppError {
  return new AppError('CONFLICT', 409, message, details);
}

export function invalidState(message: string, details?: unknown): AppError {
  return new AppError('INVALID_STATE', 409, message, details);
}

export function badRequest(message: string, details?: unknown): AppError {
  return new AppError('BAD_REQUEST', 400, message, details);
}
