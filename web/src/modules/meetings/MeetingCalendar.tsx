import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import type { CalendarItem } from '@guantong/shared';
import { Alert, Button, Checkbox, Empty, Flex, Segmented, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STATUS_COLORS } from '../../components/status';
import { useUrlState } from '../../components/useUrlState';
import { toLang } from '../../i18n/languages';
import { useCalendar, useMeetingTypes } from './meetings.api';

/** The colour of a meeting on the calendar: green held, blue planned, red not recorded, grey cancelled. */
export function meetingTone(item: Pick<CalendarItem, 'status' | 'overdue'>): string {
  if (item.status === 'held') {
    return STATUS_COLORS.done.hex;
  }
  if (item.status === 'cancelled') {
    return STATUS_COLORS.neutral.hex;
  }
  return item.overdue ? STATUS_COLORS.overdue.hex : STATUS_COLORS.inProgress.hex;
}

function localTime(iso: string): string {
  return dayjs(iso).format('HH:mm');
}

function Chip({ item }: { item: CalendarItem }) {
  const { t } = useTranslation();
  const tone = meetingTone(item);
  const status = item.overdue ? t('meetings.status.overdue') : t(`meetings.status.${item.status}`);
  return (
    <Link
      to={`/meetings/${item.id}`}
      title={`${item.orgName} · ${item.title} · ${status}`}
      style={{
        display: 'block',
        fontSize: 12,
        lineHeight: '18px',
        padding: '0 4px',
        borderLeft: `3px solid ${tone}`,
        background: `${tone}14`,
        color: 'inherit',
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        textDecoration: item.status === 'cancelled' ? 'line-through' : undefined,
      }}
    >
      {localTime(item.startsAt)} {item.typeName} · {item.orgName}
    </Link>
  );
}

const WEEKDAYS_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAYS_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MAX_IN_CELL = 3;

/** Monday of the week containing a day. */
function weekStart(d: Dayjs): Dayjs {
  return d.subtract((d.day() + 6) % 7, 'day');
}

/** Month and week calendar of an organisation subtree's meetings (dates and view kept in the URL). */
export function MeetingCalendar({ orgId }: { orgId: number | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const [state, setState] = useUrlState((p) => ({
    view: p.get('view') === 'week' ? ('week' as const) : ('month' as const),
    date: dayjs(p.get('date') ?? undefined).isValid() ? dayjs(p.get('date') ?? undefined) : dayjs(),
    talks: p.get('talks') === '1',
  }));
  const types = useMeetingTypes();
  // 谈心谈话 are one-to-one records, numerous and rarely scheduled in advance: hidden unless asked for.
  const typeFilter = state.talks
    ? undefined
    : (types.data ?? [])
        .filter((ty) => !ty.isTalk)
        .map((ty) => ty.code)
        .join(',') || undefined;
  const anchor = state.date;
  const start = state.view === 'month' ? weekStart(anchor.startOf('month')) : weekStart(anchor);
  const days = state.view === 'month' ? 42 : 7;
  const end = start.add(days - 1, 'day');
  const calendar = useCalendar(orgId, start.format('YYYY-MM-DD'), end.format('YYYY-MM-DD'), typeFilter);
  const byDay = useMemo(() => {
    const m = new Map<string, CalendarItem[]>();
    for (const it of calendar.data?.items ?? []) {
      m.set(it.meetingDate, [...(m.get(it.meetingDate) ?? []), it]);
    }
    return m;
  }, [calendar.data]);
  const today = dayjs().format('YYYY-MM-DD');
  const title =
    state.view === 'month'
      ? lang === 'zh-CN'
        ? anchor.format('YYYY年M月')
        : anchor.format('YYYY-MM')
      : `${lang === 'zh-CN' ? start.format('YYYY年M月D日') : start.format('YYYY-MM-DD')} – ${lang === 'zh-CN' ? end.format('M月D日') : end.format('MM-DD')}`;
  const move = (n: number) =>
    setState({ date: anchor.add(n, state.view === 'month' ? 'month' : 'week').format('YYYY-MM-DD') }, { replace: true });
  const weekdays = lang === 'zh-CN' ? WEEKDAYS_ZH : WEEKDAYS_EN;
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex gap={8} align="center">
          <Button aria-label={t('meetings.prev')} icon={<LeftOutlined />} onClick={() => move(-1)} />
          <Button onClick={() => setState({ date: null }, { replace: true })}>{t('meetings.today')}</Button>
          <Button aria-label={t('meetings.next')} icon={<RightOutlined />} onClick={() => move(1)} />
          <Typography.Title level={4} style={{ margin: '0 8px' }}>
            {title}
          </Typography.Title>
          {calendar.isFetching ? <Spin size="small" /> : null}
        </Flex>
        <Flex gap={12} align="center">
          <Checkbox checked={state.talks} onChange={(e) => setState({ talks: e.target.checked ? 1 : null }, { replace: true })}>
            {t('meetings.showTalks')}
          </Checkbox>
          <Segmented
            value={state.view}
            onChange={(v) => setState({ view: v === 'month' ? null : 'week' })}
            options={[
              { value: 'month', label: t('meetings.views.month') },
              { value: 'week', label: t('meetings.views.week') },
            ]}
          />
        </Flex>
      </Flex>
      {calendar.data?.truncated ? (
        <Alert type="warning" showIcon title={t('meetings.truncated', { n: calendar.data.items.length })} />
      ) : null}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
          border: '1px solid #f0f0f0',
          borderRadius: 6,
          overflow: 'hidden',
        }}
      >
        {weekdays.map((w) => (
          <div key={w} style={{ padding: '6px 8px', background: '#fafafa', fontWeight: 500, borderBottom: '1px solid #f0f0f0' }}>
            {w}
          </div>
        ))}
        {Array.from({ length: days }, (_, i) => {
          const d = start.add(i, 'day');
          const key = d.format('YYYY-MM-DD');
          const items = byDay.get(key) ?? [];
          const shown = state.view === 'week' ? items : items.slice(0, MAX_IN_CELL);
          const outside = state.view === 'month' && d.month() !== anchor.month();
          return (
            <div
              key={key}
              data-date={key}
              style={{
                minHeight: state.view === 'week' ? 280 : 96,
                padding: 4,
                borderTop: i >= 7 || state.view === 'week' ? '1px solid #f0f0f0' : undefined,
                borderLeft: i % 7 ? '1px solid #f0f0f0' : undefined,
                background: key === today ? '#fff1f0' : outside ? '#fcfcfc' : '#fff',
                opacity: outside ? 0.55 : 1,
              }}
            >
              <div style={{ fontSize: 12, color: key === today ? '#C8161D' : '#8c8c8c', fontWeight: key === today ? 600 : 400 }}>
                {state.view === 'week' ? d.format(lang === 'zh-CN' ? 'M月D日' : 'MM-DD') : d.date()}
              </div>
              <Flex vertical gap={2}>
                {shown.map((it) => (
                  <Chip key={it.id} item={it} />
                ))}
                {items.length > shown.length ? (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0, height: 18, fontSize: 12 }}
                    onClick={() => setState({ view: 'week', date: key })}
                  >
                    {t('meetings.more', { n: items.length - shown.length })}
                  </Button>
                ) : null}
              </Flex>
            </div>
          );
        })}
      </div>
      {!calendar.isLoading && (calendar.data?.items.length ?? 0) === 0 ? <Empty description={t('meetings.emptyCalendar')} /> : null}
      <Flex gap={16} wrap style={{ fontSize: 12, color: '#595959' }}>
        {(['held', 'planned', 'overdue', 'cancelled'] as const).map((s) => (
          <Flex key={s} gap={4} align="center">
            <span
              style={{
                width: 10,
                height: 10,
                display: 'inline-block',
                background: meetingTone({ status: s === 'overdue' ? 'planned' : s, overdue: s === 'overdue' }),
              }}
            />
            {t(`meetings.status.${s}`)}
          </Flex>
        ))}
      </Flex>
    </Flex>
  );
}
