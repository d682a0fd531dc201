import dayjs, { type Dayjs } from 'dayjs';

/** Today as YYYY-MM-DD in the browser's calendar (the users are in China, as is the server's "today"). */
export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD');
}

/** A date picker's value as YYYY-MM-DD (undefined when empty). */
export function toIso(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM-DD') : undefined;
}

/** A YYYY-MM-DD string as a date picker value. */
export function fromIso(value: string | null | undefined): Dayjs | undefined {
  return value ? dayjs(value) : undefined;
}

/** Date pickers refuse days after today (events are recorded, not planned). */
export function isFuture(d: Dayjs): boolean {
  return d.isAfter(dayjs(), 'day');
}

/** Whole years between a birth date and today. */
export function ageOf(birthDate: string): number {
  return dayjs().diff(dayjs(birthDate), 'year');
}
