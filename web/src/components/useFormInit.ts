import { useEffect, useRef } from 'react';

/**
 * Fills a form once when its dialog opens, and again only when the record it edits changes — not whenever the data
 * behind the dialog is refetched. Background refetches (an invalidation after another write, polling) hand the
 * dialog new objects with the same content; filling on those wiped what the user had just chosen or typed.
 *
 * `key` names what is being edited (an id, or a version such as id + updatedAt); `init` may read the latest props.
 */
export function useFormInit(open: boolean, key: unknown, init: () => void): void {
  const filled = useRef<{ key: unknown } | null>(null);
  // No dependency list on purpose: the effect runs after every render and decides itself whether to fill, so `init`
  // never goes stale and need not be memoised by the caller.
  useEffect(() => {
    if (!open) {
      filled.current = null;
      return;
    }
    if (filled.current && Object.is(filled.current.key, key)) {
      return;
    }
    filled.current = { key };
    init();
  });
}
