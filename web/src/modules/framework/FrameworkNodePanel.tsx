import { ArrowRightOutlined, DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import type { FrameworkHistoryEntry, FrameworkLinkGroup, FrameworkNodeDetail, FrameworkNodeFields } from '@guantong/shared';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Empty, Flex, Result, Skeleton, Tabs, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { translateIfKnown } from '../../i18n/index';
import { toLang } from '../../i18n/languages';
import { useFrameworkNode, useRestoreFrameworkNode } from './framework.api';

const HISTORY_ACTIONS = ['seeded', 'created', 'updated', 'moved', 'recoded', 'retired', 'restored', 'copied'] as const;
type HistoryAction = (typeof HISTORY_ACTIONS)[number];
const MAX_VALUE = 80;
const LIST_STYLE = { listStyle: 'none', margin: 0, padding: 0 } as const;
const ROW_STYLE = { padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' } as const;

/** Audit field names (database columns) → the form's field labels; parent ids are not shown (the code says it). */
const HISTORY_FIELDS = {
  code: 'code',
  name: 'name',
  name_en: 'nameEn',
  description: 'description',
  evidence: 'evidence',
  weight: 'weight',
  assessable: 'assessable',
  sort_order: 'position',
  status: 'status',
  reason: 'reason',
  kind: 'kind',
} as const;
type HistoryField = keyof typeof HISTORY_FIELDS;

function isHistoryField(field: string): field is HistoryField {
  return field in HISTORY_FIELDS;
}

export interface FrameworkNodePanelProps {
  nodeId: number;
  /** Editing tools are shown (the user may edit and the year is not archived). */
  editable: boolean;
  onSelect: (id: number, year?: number) => void;
  onAddChild: (node: FrameworkNodeFields) => void;
  onEdit: (node: FrameworkNodeFields) => void;
  onMove: (node: FrameworkNodeFields) => void;
  onRetire: (node: FrameworkNodeFields) => void;
}

/** The right-hand side of the framework page: one node, where it sits, its wording, its years, history and linked work. */
export function FrameworkNodePanel({ nodeId, editable, onSelect, onAddChild, onEdit, onMove, onRetire }: FrameworkNodePanelProps) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const detail = useFrameworkNode(nodeId);
  const restore = useRestoreFrameworkNode();

  if (detail.isLoading) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (detail.isError || !detail.data) {
    return (
      <Card>
        <Result
          status="warning"
          title={errorMessage(detail.error)}
          extra={<Button onClick={() => void detail.refetch()}>{t('framework.retry')}</Button>}
        />
      </Card>
    );
  }
  const d: FrameworkNodeDetail = detail.data;
  const n = d.node;
  const retired = n.status === 'retired';

  const doRestore = () =>
    restore
      .mutateAsync(n.id)
      .then(() => void message.success(t('framework.retire.restored')))
      .catch((error: unknown) => void message.error(errorMessage(error)));

  const actions = editable ? (
    <Flex gap={8} wrap>
      {!retired && n.kind !== 'requirement' ? (
        <Button icon={<PlusOutlined />} onClick={() => onAddChild(n)}>
          {t('framework.actions.addChildOf', { kind: t(`framework.kind.${n.kind === 'element' ? 'pillar' : 'requirement'}`) })}
        </Button>
      ) : null}
      <Button icon={<EditOutlined />} onClick={() => onEdit(n)}>
        {t('framework.actions.edit')}
      </Button>
      {!retired ? (
        <Button icon={<DragOutlined />} onClick={() => onMove(n)}>
          {t('framework.actions.move')}
        </Button>
      ) : null}
      {retired ? (
        <Button icon={<UndoOutlined />} onClick={() => void doRestore()} loading={restore.isPending}>
          {t('framework.actions.restore')}
        </Button>
      ) : (
        <Button danger icon={<DeleteOutlined />} onClick={() => onRetire(n)}>
          {t('framework.actions.retire')}
        </Button>
      )}
    </Flex>
  ) : null;

  const valueText = (v: unknown): string => {
    if (v === null || v === undefined || v === '') {
      return '—';
    }
    if (typeof v === 'boolean') {
      return v ? t('framework.yes') : t('framework.no');
    }
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
  };

  const historyValue = (field: string, v: unknown): string => {
    if (field === 'status' && (v === 'active' || v === 'retired')) {
      return t(`framework.nodeStatus.${v}`);
    }
    if (field === 'assessable' && (v === 0 || v === 1)) {
      return v === 1 ? t('framework.yes') : t('framework.no');
    }
    if (field === 'kind' && (v === 'element' || v === 'pillar' || v === 'requirement')) {
      return t(`framework.kind.${v}`);
    }
    return valueText(v);
  };

  const historyLabel = (h: FrameworkHistoryEntry) => {
    const suffix = h.action.split('.').at(-1) ?? h.action;
    return (HISTORY_ACTIONS as readonly string[]).includes(suffix) ? t(`framework.historyAction.${suffix as HistoryAction}`) : h.action;
  };

  const linksTab =
    d.links.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('framework.detail.noProviders')} />
    ) : (
      <Flex vertical gap={12}>
        {d.links.every((g) => g.count === 0 && !g.unavailable) ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('framework.detail.noLinks')} />
        ) : null}
        {d.links
          .filter((g) => g.count > 0 || g.unavailable)
          .map((g: FrameworkLinkGroup) => (
            <Card
              key={g.provider}
              size="small"
              title={`${translateIfKnown(`framework.linkTypes.${g.type}`, g.type)}（${formatNumber(g.count, lang)}）`}
            >
              {g.unavailable ? (
                <Typography.Text type="secondary">{t('framework.detail.unavailable')}</Typography.Text>
              ) : (
                <>
                  <ul style={LIST_STYLE}>
                    {g.items.map((item) => (
                      <li key={String(item.id)} style={ROW_STYLE}>
                        <Flex justify="space-between" gap={8} align="flex-start">
                          <div style={{ minWidth: 0 }}>
                            {item.href ? <Link to={item.href}>{item.title}</Link> : <Typography.Text>{item.title}</Typography.Text>}
                            {item.subtitle ? (
                              <div>
                                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                                  {item.subtitle}
                                </Typography.Text>
                              </div>
                            ) : null}
                          </div>
                          {item.status ? <Tag>{item.status}</Tag> : null}
                        </Flex>
                      </li>
                    ))}
                  </ul>
                  {g.count > g.items.length ? (
                    <Typography.Text type="secondary">
                      {t('framework.detail.more', { count: g.count, shown: g.items.length })}
                    </Typography.Text>
                  ) : null}
                </>
              )}
            </Card>
          ))}
      </Flex>
    );

  const lineageTab = (
    <ul style={LIST_STYLE}>
      {d.lineage.map((l) => (
        <li key={l.nodeId} style={ROW_STYLE}>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{t('framework.detail.lineageYear', { year: l.year })}</Typography.Text>
              <Tag>{t(`framework.versionStatus.${l.versionStatus}`)}</Tag>
              <Typography.Text>
                {l.code} {l.name}
              </Typography.Text>
              {l.status === 'retired' ? <Tag>{t('framework.nodeStatus.retired')}</Tag> : null}
            </Flex>
            {l.nodeId === n.id ? null : (
              <Button type="link" size="small" icon={<ArrowRightOutlined />} onClick={() => onSelect(l.nodeId, l.year)}>
                {t('framework.detail.lineageYear', { year: l.year })}
              </Button>
            )}
          </Flex>
        </li>
      ))}
    </ul>
  );

  const historyTab =
    d.history.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('framework.detail.noHistory')} />
    ) : (
      <Timeline
        items={d.history.map((h, i) => ({
          key: `${h.at}-${i}`,
          title: (
            <Flex gap={8} wrap align="baseline">
              <Typography.Text strong>{historyLabel(h)}</Typography.Text>
              <Typography.Text type="secondary">
                {t('framework.historyBy', { actor: h.actor, at: formatDateTime(h.at, lang) })}
              </Typography.Text>
              {h.year !== null ? <Tag>{t('framework.historyYear', { year: h.year })}</Tag> : null}
            </Flex>
          ),
          content:
            h.changes.length > 0 && h.action !== 'framework_node.seeded' && h.action !== 'framework_node.copied' ? (
              <Flex vertical gap={2}>
                {h.changes
                  .filter((c) => isHistoryField(c.field))
                  .map((c) => (
                    <Typography.Text key={c.field} type="secondary" style={{ fontSize: 13 }}>
                      {t('framework.historyChange', {
                        field: t(`framework.fields.${HISTORY_FIELDS[c.field as HistoryField]}`),
                        from: historyValue(c.field, c.before),
                        to: historyValue(c.field, c.after),
                      })}
                    </Typography.Text>
                  ))}
              </Flex>
            ) : null,
        }))}
      />
    );

  return (
    <Card>
      <Flex vertical gap={16}>
        <Breadcrumb
          items={d.path.map((p) => ({
            key: p.id,
            title:
              p.id === n.id ? (
                `${p.code} ${p.name}`
              ) : (
                <Typography.Link onClick={() => onSelect(p.id)}>
                  {p.code} {p.name}
                </Typography.Link>
              ),
          }))}
        />
        <Flex justify="space-between" align="flex-start" gap={12} wrap>
          <div style={{ minWidth: 0, flex: '1 1 280px' }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              <Typography.Text type="secondary" style={{ fontSize: 'inherit', marginInlineEnd: 8 }}>
                {n.code}
              </Typography.Text>
              {lang === 'en' && n.nameEn ? n.nameEn : n.name}
            </Typography.Title>
            {lang === 'en' && n.nameEn ? <Typography.Text type="secondary">{n.name}</Typography.Text> : null}
            <Flex gap={4} wrap style={{ marginTop: 8 }}>
              <Tag>{t(`framework.kind.${n.kind}`)}</Tag>
              {n.assessable ? <Tag color="blue">{t('framework.fields.assessable')}</Tag> : null}
              {retired ? <Tag>{t('framework.nodeStatus.retired')}</Tag> : null}
              <Tag>{t('framework.detail.lineageYear', { year: d.version.year })}</Tag>
            </Flex>
          </div>
          {actions}
        </Flex>
        {retired ? (
          <Alert
            type="warning"
            showIcon
            title={t('framework.detail.retiredBanner')}
            description={n.retiredAt ? t('framework.detail.retiredAt', { date: formatDateTime(n.retiredAt, lang) }) : undefined}
          />
        ) : null}
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            {
              key: 'description',
              label: t('framework.fields.description'),
              children: n.description ? (
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{n.description}</Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{t('framework.empty')}</Typography.Text>
              ),
            },
            {
              key: 'evidence',
              label: t('framework.fields.evidence'),
              children: n.evidence ? n.evidence : <Typography.Text type="secondary">{t('framework.empty')}</Typography.Text>,
            },
            { key: 'weight', label: t('framework.fields.weight'), children: formatNumber(n.weight, lang) },
            { key: 'assessable', label: t('framework.fields.assessable'), children: n.assessable ? t('framework.yes') : t('framework.no') },
          ]}
        />
        {d.children.length > 0 ? (
          <div>
            <Typography.Text strong>{t('framework.detail.children', { count: d.children.length })}</Typography.Text>
            <ul style={LIST_STYLE}>
              {d.children.map((c) => (
                <li key={c.id} style={ROW_STYLE}>
                  <Typography.Link onClick={() => onSelect(c.id)}>
                    {c.code} {c.name}
                  </Typography.Link>
                  {c.status === 'retired' ? <Tag style={{ marginInlineStart: 8 }}>{t('framework.nodeStatus.retired')}</Tag> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <Tabs
          items={[
            { key: 'links', label: t('framework.detail.tabs.links'), children: linksTab },
            { key: 'lineage', label: t('framework.detail.tabs.lineage'), children: lineageTab },
            { key: 'history', label: t('framework.detail.tabs.history'), children: historyTab },
          ]}
        />
      </Flex>
    </Card>
  );
}
