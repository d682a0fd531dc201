import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ms } from './format.js';

/** One in-process measurement: median and minimum time over the runs, and the event loop's longest stall. */
export interface Figure {
  label: string;
  medianMs: number;
  minMs: number;
  maxStallMs: number;
  note: string;
}

/**
 * Starts watching the event loop: a timer that must fire every 10 ms (its worst lateness is how long other requests
 * would have waited) and Node's own event-loop delay histogram as a second opinion. `stop` ends both and gives the
 * timer's worst lateness and the histogram's maximum, in milliseconds.
 */
export function watchStalls(): { stop(): { timerMs: number; histogramMs: number } } {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let worst = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last - 10);
    last = t;
  }, 10);
  return {
    stop: () => {
      clearInterval(tick);
      h.disable();
      return { timerMs: worst, histogramMs: h.max / 1e6 };
    },
  };
}

/**
 * Runs `fn` `repeat` times in a row (a 15 ms pause between: on SQLite a read holds the event loop for its whole
 * duration), prints the median with the longest event-loop stall seen meanwhile (what other users of the process
 * would have felt), and returns the last result with the figure.
 */
export async function measureMedian<T>(
  name: string,
  fn: () => Promise<T>,
  describe: (r: T) => string,
  repeat: number,
): Promise<{ result: T; figure: Figure }> {
  const stalls = watchStalls();
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 15));
  }
  const seen = stalls.stop();
  const worst = Math.max(seen.timerMs, seen.histogramMs);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const note = describe(result as T);
  const figure = { label: name, medianMs: Math.round(median), minMs: Math.round(times[0] ?? 0), maxStallMs: Math.round(worst), note };
  console.log(
    `  ${name.padEnd(52)} ${ms(median).padStart(9)}${repeat > 1 ? ` (median of ${repeat}, min ${ms(times[0] ?? 0)})` : ''}  loop stall max ${ms(worst)}  ${note}`,
  );
  return { result: result as T, figure };
}
