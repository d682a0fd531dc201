import v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it collects again:
 * 50 % instead of V8's own factor (up to 4× when the process looks busy). Bulk work — a 50,000-row roster import,
 * an evaluation run — creates short-lived objects faster than young-generation collections retire them; with V8's
 * factor the heap reached 337 MB over 75 MB of live data, and the import's peak RSS 536 MB (target < 500 MB).
 * With 50 % the same import peaks at 348 MB in the same time (bench/README.md, roster import).
 */
export const HEAP_GROWING_PERCENT = 50;

let tuned = false;

/** Applies HEAP_GROWING_PERCENT to this process (idempotent; the server calls it while it is assembled). */
export function tuneHeap(): void {
  if (tuned) {
    return;
  }
  tuned = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
