import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type UrlPatch = Record<string, string | number | null | undefined>;

/**
 * Reads a list page's state (paging, sorting, filters) from the URL and writes changes back, so the view is
 * shareable and the back button returns to the previous filters. Empty values are removed from the URL.
 */
export function useUrlState<T>(parse: (params: URLSearchParams) => T): [T, (patch: UrlPatch, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const state = parse(params);
  const update = useCallback(
    (patch: UrlPatch, options?: { replace?: boolean }) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined || value === null || value === '') {
              next.delete(key);
            } else {
              next.set(key, String(value));
            }
          }
          return next;
        },
        { replace: options?.replace },
      );
    },
    [setParams],
  );
  return [state, update];
}

/** Parses the keys a zod-like schema knows from the URL, dropping any value the schema refuses (a hand-edited URL). */
export function parseKnown<T>(
  params: URLSearchParams,
  keys: readonly string[],
  safeParse: (
    input: Record<string, string>,
  ) => { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[] }> } },
): T {
  const input: Record<string, string> = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null && value !== '') {
      input[key] = value;
    }
  }
  for (let attempt = 0; attempt <= keys.length; attempt++) {
    const result = safeParse(input);
    if (result.success) {
      return result.data;
    }
    for (const issue of result.error.issues) {
      delete input[String(issue.path[0])];
    }
  }
  const result = safeParse({});
  if (!result.success) {
    throw new Error('list query schema refuses an empty query');
  }
  return result.data;
}
