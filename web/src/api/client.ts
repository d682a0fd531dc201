import type { ErrorBody } from '@guantong/shared';
import { formatDateTime } from '../i18n/format';
import { currentLang, i18n, translateIfKnown } from '../i18n/index';

/** An error answer of the API (or a network failure, status 0), with the server's stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 is an expected answer here (sign-in, "who am I"): do not send the user to the login page. */
  allowUnauthenticated?: boolean;
}

/** Header the server requires on every write (CSRF defence, see server/src/core/session.ts). */
export const CSRF_HEADER = { 'x-requested-with': 'guantong' } as const;

let unauthenticatedHandler: (() => void) | null = null;

/** Registers what happens when any request answers 401 (the app sends the user to the login page). */
export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler;
}

/** Builds `?a=1&b=x`, leaving out empty values. */
export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') {
      continue;
    }
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value && typeof (value as ErrorBody).error?.code === 'string';
}

/** Calls the API with the session cookie and JSON; throws ApiError for any non-2xx answer. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    Object.assign(headers, CSRF_HEADER);
  }
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(`${path}${toQueryString(options.query)}`, {
      method,
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : 'Network error');
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const body = isErrorBody(data) ? data.error : null;
    const error = new ApiError(
      response.status,
      body?.code ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'),
      body?.message ?? response.statusText,
      body?.details,
    );
    if (response.status === 401 && !options.allowUnauthenticated) {
      unauthenticatedHandler?.();
    }
    throw error;
  }
  return data as T;
}

/** Shorthands for the HTTP verbs. */
export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, options?: Omit<RequestOptions, 'query' | 'body'>) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};

/** A sentence for the user, in their language, explaining an error (the server's message only for unknown codes). */
export function errorMessage(error: unknown): string {
  const t = i18n.t;
  if (!(error instanceof ApiError)) {
    return t('common.errors.UNKNOWN');
  }
  if (error.code === 'ACCOUNT_LOCKED') {
    const retryAt = (error.details as { retryAt?: string } | undefined)?.retryAt;
    if (retryAt) {
      return t('common.errors.ACCOUNT_LOCKED_UNTIL', { time: formatDateTime(retryAt, currentLang()) });
    }
  }
  // Known codes in the user's language; a code newer than this client falls back to the server's sentence.
  return translateIfKnown(`common.errors.${error.code}`, error.message || t('common.errors.UNKNOWN'));
}

/** The field-level problems of a VALIDATION_FAILED / CONFLICT answer, as `{ path, message }` pairs. */
export function errorDetails(error: unknown): Array<{ path: string; message: string }> {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) {
    return [];
  }
  return error.details.filter(
    (d): d is { path: string; message: string } =>
      typeof d === 'object' && d !== null && typeof (d as { path?: unknown }).path === 'string',
  );
}
