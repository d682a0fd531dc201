import { ClockCircleOutlined, FlagFilled, RiseOutlined } from '@ant-design/icons';
import type { TaskListItem, TaskRollup, TaskStatus } from '@guantong/shared';
import { Flex, Progress, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS, statusHex } from '../../components/status';
import { formatPercent } from '../../i18n/format';
import { toLang } from '../../i18n/languages';

/** Status colours: blue while work is owed, gold-free (gold means due soon), green when done, grey when not live. */
const STATUS_TAG: Record<TaskStatus, string> = {
  draft: 'default',
  issued: 'processing',
  accepted: 'blue',
  in_progress: 'blue',
  reported: 'geekblue',
  verified: 'green',
  returned: 'orange',
  closed: 'green',
  cancelled: 'default',
};

/** A task's status as a tag in the user's language. */
export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={STATUS_TAG[status]}
      variant={status === 'cancelled' || status === 'draft' ? 'outlined' : 'filled'}
      style={{ marginInlineEnd: 0 }}
    >
      {t(`tasks.status.${status}`)}
    </Tag>
  );
}

/** The board's lights: what a task looks like to a supervisor. */
export type Light = 'green' | 'yellow' | 'red' | 'escalated' | 'flagged' | 'stale' | 'reported' | 'done';

export const LIGHT_HEX: Record<Light, string> = {
  green: STATUS_COLORS.done.hex,
  yellow: STATUS_COLORS.dueSoon.hex,
  red: STATUS_COLORS.overdue.hex,
  escalated: '#820014',
  flagged: STATUS_COLORS.flagged.hex,
  stale: '#8C8C8C',
  reported: STATUS_COLORS.inProgress.hex,
  done: STATUS_COLORS.done.hex,
};

type LightFacts = Pick<TaskListItem, 'status' | 'supervisionLevel' | 'flagged' | 'stale' | 'overdueDays' | 'escalatedAt'>;

/** The lights that apply to a task, most urgent first (a task can be red, escalated and flagged at once). */
export function lightsOf(t: LightFacts): Light[] {
  const out: Light[] = [];
  if (t.status === 'verified' || t.status === 'closed') {
    return ['done'];
  }
  if (t.status === 'draft' || t.status === 'cancelled') {
    return [];
  }
  if (t.flagged) {
    out.push('flagged');
  }
  if (t.supervisionLevel === 'red') {
    out.push('red');
  }
  if (t.escalatedAt && t.supervisionLevel === 'red') {
    out.push('escalated');
  }
  if (t.supervisionLevel === 'yellow') {
    out.push('yellow');
  }
  if (t.status === 'reported') {
    out.push('reported');
  }
  if (t.stale) {
    out.push('stale');
  }
  if (out.length === 0 || (out.length === 1 && out[0] === 'stale')) {
    out.unshift('green');
  }
  return out;
}

/** A coloured dot with a label, e.g. ● 已逾期 12 天. */
export function LightDot({ light, label, hint }: { light: Light; label: string; hint?: string }) {
  return (
    <Tooltip title={hint}>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
        <span
          aria-hidden
          style={{ width: 10, height: 10, borderRadius: '50%', background: LIGHT_HEX[light], flex: 'none', boxShadow: '0 0 0 2px #fff' }}
        />
        <span>{label}</span>
      </span>
    </Tooltip>
  );
}

/** Every light of a task, with overdue days on the red one. */
export function TaskLights({ task, compact = false }: { task: LightFacts; compact?: boolean }) {
  const { t } = useTranslation();
  const lights = lightsOf(task);
  if (lights.length === 0) {
    return <Typography.Text type="secondary">{t('tasks.misc.none')}</Typography.Text>;
  }
  const shown = compact ? lights.slice(0, 2) : lights;
  return (
    <Flex vertical={!compact} gap={compact ? 8 : 2} wrap>
      {shown.map((l) => (
        <span key={l}>
          {l === 'flagged' ? (
            <Tag color="purple" icon={<FlagFilled />} style={{ marginInlineEnd: 0 }}>
              {t('tasks.light.flagged')}
            </Tag>
          ) : l === 'escalated' ? (
            <Tooltip title={t('tasks.lightHint.escalated')}>
              <Tag color="#820014" icon={<RiseOutlined />} style={{ marginInlineEnd: 0 }}>
                {t('tasks.light.escalated')}
              </Tag>
            </Tooltip>
          ) : (
            <LightDot
              light={l}
              label={l === 'red' && task.overdueDays > 0 ? t('tasks.overdueDays', { days: task.overdueDays }) : t(`tasks.light.${l}`)}
              hint={t(`tasks.lightHint.${l}`)}
            />
          )}
        </span>
      ))}
    </Flex>
  );
}

/** How far away a due date is, for the due column: "3 天后到期" / "今天到期"; nothing once past (the light says it). */
export function DueHint({ dueOn, today }: { dueOn: string; today: string }) {
  const { t } = useTranslation();
  const days = Math.round((Date.parse(dueOn) - Date.parse(today)) / 86_400_000);
  if (days < 0 || days > 14) {
    return null;
  }
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
      <ClockCircleOutlined aria-hidden /> {days === 0 ? t('tasks.dueToday') : t('tasks.dueIn', { days })}
    </Typography.Text>
  );
}

/** Reported progress and verified completion, apart: two thin bars with their numbers (labels on hover when compact). */
export function ProgressPair({
  progress,
  verified,
  width = 140,
  compact = false,
}: {
  progress: number;
  verified: number;
  width?: number;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const line = (label: string, value: number, color: string) =>
    compact ? (
      <Flex align="center" gap={6}>
        <Progress percent={value} showInfo={false} size="small" strokeColor={color} style={{ margin: 0, flex: 1 }} aria-label={label} />
        <span style={{ fontSize: 12, width: 44, textAlign: 'end', color: value > 0 ? color : '#8C8C8C' }}>
          {formatPercent(value / 100, lang)}
        </span>
      </Flex>
    ) : (
      <>
        <Flex justify="space-between" style={{ fontSize: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label}
          </Typography.Text>
          <span>{formatPercent(value / 100, lang)}</span>
        </Flex>
        <Progress percent={value} showInfo={false} size="small" strokeColor={color} style={{ margin: 0 }} />
      </>
    );
  return (
    <Tooltip
      title={
        <div>
          <div>
            {t('tasks.progress.reported')}：{formatPercent(progress / 100, lang)}
          </div>
          <div>
            {t('tasks.progress.verified')}：{formatPercent(verified / 100, lang)}
          </div>
          <div style={{ marginTop: 4, opacity: 0.85 }}>{t('tasks.progress.apart')}</div>
        </div>
      }
    >
      <div style={{ width, lineHeight: compact ? 1 : 1.2 }}>
        {line(t('tasks.progress.reported'), progress, statusHex('inProgress'))}
        {line(t('tasks.progress.verified'), verified, statusHex('done'))}
      </div>
    </Tooltip>
  );
}

/** The roll-up rule in the user's language (the server's wording is Chinese only). */
export function rollupRuleText(t: TFunction, r: Pick<TaskRollup, 'rule' | 'countedChildren' | 'cancelledChildren'>): string {
  return t(`tasks.progress.rules.${r.rule}`, { counted: r.countedChildren, cancelled: r.cancelledChildren });
}

/** Today's date on the enterprise's calendar (Beijing), as YYYY-MM-DD. */
export function todayInBeijing(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
