/** Beijing calendar helpers for meetings (UTC+8, no daylight saving). */

const OFFSET_MS = 8 * 3600_000;

/** The Beijing date (YYYY-MM-DD) of an instant. */
export function beijingDate(at: Date | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(t + OFFSET_MS).toISOString().slice(0, 10);
}

/** An ISO instant normalised to UTC (…Z). */
export function toUtcIso(value: string): string {
  return new Date(value).toISOString();
}

/** First and last day of a month, YYYY-MM-DD. */
export function monthRange(year: number, month: number): { start: string; end: string } {
  const mm = String(month).padStart(2, '0');
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { start: `${year}-${mm}-01`, end: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

/** Whole calendar months from `from` to `to` (dates), counting a month only once its day-of-month is reached. */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let months = (ty - fy) * 12 + (tm - fm);
  if (td < fd) {
    months -= 1;
  }
  return Math.max(0, months);
}

/** A date plus whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
