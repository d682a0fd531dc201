/** Date helpers on the enterprise's calendar (Beijing time, UTC+8, no daylight saving); dates are YYYY-MM-DD. */

const OFFSET_MS = 8 * 3600_000;

/** Today's date in Beijing. */
export function localToday(now: Date): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** A date plus (or minus) whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00.000Z`) - Date.parse(`${a}T00:00:00.000Z`)) / 86_400_000);
}

/** True for a real calendar date (2026-02-30 is not). */
export function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return false;
  }
  const d = new Date(`${date}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** The Beijing date of an ISO timestamp. */
export function localDateOf(iso: string): string {
  return localToday(new Date(iso));
}

export interface Period {
  /** e.g. 2026-12 (monthly) or 2026-Q4 (quarterly). */
  key: string;
  start: string;
  end: string;
  /** Chinese label, e.g. 2026年12月 or 2026年第4季度. */
  label: string;
}

/** The month or quarter containing a date. */
export function periodOf(freq: 'monthly' | 'quarterly', date: string): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (freq === 'monthly') {
    const start = `${date.slice(0, 7)}-01`;
    const end = addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
    return { key: date.slice(0, 7), start, end, label: `${y}年${m}月` };
  }
  const q = Math.floor((m - 1) / 3) + 1;
  const startMonth = (q - 1) * 3 + 1;
  const start = `${y}-${String(startMonth).padStart(2, '0')}-01`;
  const end = addDays(q === 4 ? `${y + 1}-01-01` : `${y}-${String(startMonth + 3).padStart(2, '0')}-01`, -1);
  return { key: `${y}-Q${q}`, start, end, label: `${y}年第${q}季度` };
}

/** The periods that overlap [from, to], in order. */
export function periodsBetween(freq: 'monthly' | 'quarterly', from: string, to: string): Period[] {
  const out: Period[] = [];
  let p = periodOf(freq, from);
  while (p.start <= to) {
    out.push(p);
    p = periodOf(freq, addDays(p.end, 1));
  }
  return out;
}

/** The earlier of two dates. */
export function earlier(a: string, b: string): string {
  return a < b ? a : b;
}

/** The later of two dates. */
export function later(a: string, b: string): string {
  return a > b ? a : b;
}
