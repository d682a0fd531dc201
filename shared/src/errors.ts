/** Stable error codes the API answers with; clients translate them for the user. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'TOO_MANY_REQUESTS',
  'CSRF_REJECTED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'WEAK_PASSWORD',
  'FILE_TYPE_NOT_ALLOWED',
  'FILE_TOO_LARGE',
  'EXPORT_TOO_LARGE',
  'IMPORT_WRONG_TEMPLATE',
  'IMPORT_UNREADABLE',
  'IMPORT_EMPTY',
  'IMPORT_TOO_MANY_ROWS',
  'IMPORT_HAS_ERRORS',
  'IMPORT_ALREADY_COMMITTED',
  'ORG_CYCLE',
  'ORG_KIND_NOT_ALLOWED',
  'ORG_NOT_EMPTY',
  'STATUS_TRANSITION_NOT_ALLOWED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown; requestId?: string };
}
