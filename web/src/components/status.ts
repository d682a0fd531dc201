/**
 * Status colours of the supervision levels (UI.md), shared by every module: green done, blue in progress,
 * gold due soon, red overdue, purple 挂牌督办 (flagged supervision). `tag` is an antd Tag preset colour,
 * `hex` the solid colour for charts and badges. Red here means "overdue", never decoration.
 */
export const STATUS_COLORS = {
  done: { tag: 'green', hex: '#389E0D' },
  inProgress: { tag: 'blue', hex: '#1677FF' },
  dueSoon: { tag: 'gold', hex: '#D48806' },
  overdue: { tag: 'red', hex: '#CF1322' },
  flagged: { tag: 'purple', hex: '#722ED1' },
  neutral: { tag: 'default', hex: '#8C8C8C' },
} as const;

export type StatusTone = keyof typeof STATUS_COLORS;

/** The antd Tag colour of a status tone. */
export function statusTagColor(tone: StatusTone): string {
  return STATUS_COLORS[tone].tag;
}

/** The solid colour of a status tone (charts, dots). */
export function statusHex(tone: StatusTone): string {
  return STATUS_COLORS[tone].hex;
}
