import autocannon from 'autocannon';
import { percentile } from './stats.js';

/** One autocannon run against one URL. Latencies are the 2xx responses', in milliseconds. */
export interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerResponse: number;
  seconds: number;
}

/**
 * Drives a URL with `connections` concurrent keep-alive connections for `duration` seconds. Percentiles are
 * computed here from every response time (autocannon's own table has no p95).
 */
export function drive(url: string, headers: Record<string, string>, connections: number, duration: number): Promise<LoadResult> {
  let times = new Float64Array(1 << 16);
  let n = 0;
  let bytes = 0;
  let responses = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, headers, connections, duration, timeout: 30 }, (err, result) => {
      if (err) {
        reject(err);
        return;
      }
      const sorted = times.subarray(0, n).sort();
      let sum = 0;
      for (const t of sorted) {
        sum += t;
      }
      resolve({
        rps: result['2xx'] / result.duration,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        mean: n ? sum / n : Number.NaN,
        max: n ? sorted[n - 1] : Number.NaN,
        ok: result['2xx'],
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        bytesPerResponse: responses ? bytes / responses : 0,
        seconds: result.duration,
      });
    });
    instance.on('response', (_client: unknown, status: number, resBytes: number, responseTime: number) => {
      responses++;
      bytes += resBytes;
      if (status < 200 || status >= 300) {
        return;
      }
      if (n === times.length) {
        const bigger = new Float64Array(times.length * 2);
        bigger.set(times);
        times = bigger;
      }
      times[n++] = responseTime;
    });
  });
}
