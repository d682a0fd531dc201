import { FileExcelOutlined, FilePdfOutlined, FileTextOutlined, FileWordOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { FileRef, TaskEvent, TaskEventKind } from '@guantong/shared';
import { Flex, Image, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS } from '../../components/status';
import { formatDateTime, formatNumber, formatPercent } from '../../i18n/format';
import { type Lang, toLang } from '../../i18n/languages';

const EVENT_COLOR: Partial<Record<TaskEventKind, string>> = {
  issued: STATUS_COLORS.inProgress.hex,
  issued_down: STATUS_COLORS.inProgress.hex,
  received: STATUS_COLORS.inProgress.hex,
  accepted: STATUS_COLORS.inProgress.hex,
  started: STATUS_COLORS.inProgress.hex,
  reported: '#2F54EB',
  verified: STATUS_COLORS.done.hex,
  closed: STATUS_COLORS.done.hex,
  returned: '#D46B08',
  cancelled: STATUS_COLORS.neutral.hex,
  flagged: STATUS_COLORS.flagged.hex,
  unflagged: STATUS_COLORS.flagged.hex,
  notice_answered: STATUS_COLORS.flagged.hex,
  escalated: STATUS_COLORS.overdue.hex,
  stale: STATUS_COLORS.dueSoon.hex,
  supervision_changed: STATUS_COLORS.dueSoon.hex,
};

/** Database columns named in an `edited` event → the form's field labels. */
const EDITED_FIELDS: Record<string, string> = {
  title: 'title',
  description: 'description',
  level: 'level',
  responsible_user_id: 'responsible',
  responsibility_kind: 'responsibilityKind',
  priority: 'priority',
  start_on: 'startOn',
  due_on: 'dueOn',
  target_value: 'targetValue',
  target_unit: 'targetUnit',
  weight: 'weight',
  recurrence: 'recurrence',
  framework_node_ids: 'framework',
  participant_user_ids: 'participants',
};

function sizeText(bytes: number, lang: Lang): string {
  if (bytes >= 1024 * 1024) {
    return `${formatNumber(bytes / 1024 / 1024, lang, 1)} MB`;
  }
  return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), lang)} KB`;
}

function fileIcon(f: FileRef) {
  if (f.kind === 'pdf') {
    return <FilePdfOutlined style={{ color: '#CF1322' }} />;
  }
  if (/sheet|excel|\.et$/i.test(f.mime) || /\.xlsx?$/i.test(f.name)) {
    return <FileExcelOutlined style={{ color: '#389E0D' }} />;
  }
  if (/word|document/i.test(f.mime) || /\.docx?$/i.test(f.name)) {
    return <FileWordOutlined style={{ color: '#1677FF' }} />;
  }
  return <FileTextOutlined />;
}

/** Files as people expect them: photos as thumbnails (click to enlarge), documents as links with their size. */
export function FileList({ files }: { files: FileRef[] }) {
  const { i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const images = files.filter((f) => f.kind === 'image');
  const others = files.filter((f) => f.kind !== 'image');
  return (
    <Flex vertical gap={8}>
      {images.length > 0 ? (
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {images.map((f) => (
              <Image
                key={f.id}
                src={f.url}
                alt={f.name}
                width={88}
                height={88}
                style={{ objectFit: 'cover', borderRadius: 4, border: '1px solid #F0F0F0' }}
              />
            ))}
          </Flex>
        </Image.PreviewGroup>
      ) : null}
      {others.map((f) => (
        <a key={f.id} href={f.url} target="_blank" rel="noreferrer" style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
          {fileIcon(f)}
          <span>{f.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {sizeText(f.size, lang)}
          </Typography.Text>
        </a>
      ))}
    </Flex>
  );
}

/** Every event of the task, newest first: who, when, what (status change, text, progress) and attachments. */
export function TaskTimeline({ events }: { events: TaskEvent[] }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const tt = t as unknown as (key: string, opts?: Record<string, unknown>) => string;
  const ordered = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id));
  const label = (e: TaskEvent) => {
    const count = typeof e.data?.children === 'number' ? e.data.children : 0;
    return t(`tasks.event.${e.kind}`, { count });
  };
  return (
    <Timeline
      items={ordered.map((e) => {
        const fields = Array.isArray(e.data?.fields)
          ? (e.data.fields as unknown[])
              .filter((f): f is string => typeof f === 'string' && f in EDITED_FIELDS)
              .map((f) => tt(`tasks.fields.${EDITED_FIELDS[f]}`))
          : [];
        const actor = e.actor.id === null && e.actor.name === 'system' ? t('tasks.event.system') : e.actor.name;
        return {
          key: e.id,
          color: EVENT_COLOR[e.kind] ?? '#BFBFBF',
          content: (
            <div>
              <Flex gap={8} wrap align="baseline">
                <Typography.Text strong>{label(e)}</Typography.Text>
                <Typography.Text type="secondary">{actor}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at, lang)}
                </Typography.Text>
              </Flex>
              {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? (
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {t(`tasks.status.${e.fromStatus}`)} → {t(`tasks.status.${e.toStatus}`)}
                </Typography.Text>
              ) : null}
              {e.progress !== null ? (
                <Typography.Text style={{ display: 'block' }}>
                  {t('tasks.event.progress', { p: formatPercent(e.progress / 100, lang) })}
                </Typography.Text>
              ) : null}
              {e.text ? <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{e.text}</Typography.Paragraph> : null}
              {fields.length > 0 ? (
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {t('tasks.event.fields', { fields: fields.join(lang === 'en' ? ', ' : '、') })}
                </Typography.Text>
              ) : null}
              {typeof e.data?.cascadeFrom === 'number' ? (
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {t('tasks.event.cascade')}
                </Typography.Text>
              ) : null}
              {e.attachments.length > 0 ? (
                <div style={{ marginTop: 6 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <PaperClipOutlined aria-hidden /> {e.attachments.length}
                  </Typography.Text>
                  <FileList files={e.attachments} />
                </div>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}
