import dayjs from 'dayjs';
import type { Lang } from './languages';

/** A date as users read it: `2026年11月25日` in Chinese, ISO `2026-11-25` in English; an empty value is a dash. */
export function formatDate(value: string | Date | null | undefined, lang: Lang): string {
  if (!value) {
    return '—';
  }
  const d = dayjs(value);
  if (!d.isValid()) {
    return String(value);
  }
  return lang === 'zh-CN' ? d.format('YYYY年M月D日') : d.format('YYYY-MM-DD');
}

/** A date with the local time of day: `2026年11月25日 14:05` / `2026-11-25 14:05`. */
export function formatDateTime(value: string | Date | null | undefined, lang: Lang, withSeconds = false): string {
  if (!value) {
    return '—';
  }
  const d = dayjs(value);
  if (!d.isValid()) {
    return String(value);
  }
  const time = withSeconds ? 'HH:mm:ss' : 'HH:mm';
  return lang === 'zh-CN' ? d.format(`YYYY年M月D日 ${time}`) : d.format(`YYYY-MM-DD ${time}`);
}

/** A number with thousands separators (1,234,567). */
export function formatNumber(value: number | null | undefined, lang: Lang, fractionDigits?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  return new Intl.NumberFormat(lang, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits ?? 2,
  }).format(value);
}

/** A ratio (0.1234) as a percentage with one decimal (12.3%). */
export function formatPercent(ratio: number | null | undefined, lang: Lang): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) {
    return '—';
  }
  return new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
}
