import type { FrameworkCopyAction, FrameworkCopyItem } from '@guantong/shared';
import { Alert, App, Button, Flex, Modal, Spin, Switch, Table, type TableProps, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useCopyFrameworkVersion, useCopyPreview } from './framework.api';

const ACTION_COLORS: Record<FrameworkCopyAction, string> = {
  add: 'green',
  update: 'blue',
  unchanged: 'default',
  retire: 'default',
  kept_retired: 'default',
  target_only: 'cyan',
};

const COPY_FIELDS = ['code', 'name', 'nameEn', 'description', 'evidence', 'weight', 'assessable', 'parent', 'sortOrder'] as const;
type CopyField = (typeof COPY_FIELDS)[number];

function isCopyField(field: string): field is CopyField {
  return (COPY_FIELDS as readonly string[]).includes(field);
}

const MAX_SHOWN = 40;

function shorten(value: unknown, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (typeof value === 'boolean') {
    return value ? yes : no;
  }
  const s = String(value);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
}

export interface CopyYearModalProps {
  year: number | null;
  onClose: () => void;
  /** Opens the target year after a copy. */
  onOpenYear: (year: number) => void;
}

/**
 * Copy a year to the next: first a preview table of what carries over (by lineage, with the changes and the
 * filled values kept), then the copy in one transaction. Refused while codes would clash.
 */
export function CopyYearModal({ year, onClose, onOpenYear }: CopyYearModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const open = year !== null;
  const preview = useCopyPreview(year ?? 0, open);
  const copy = useCopyFrameworkVersion();
  const [onlyChanges, setOnlyChanges] = useState(true);
  const plan = preview.data;
  const yes = t('framework.yes');
  const no = t('framework.no');

  const rows = useMemo(
    () => (plan?.items ?? []).filter((i) => !onlyChanges || (i.action !== 'unchanged' && i.action !== 'target_only') || i.kept.length > 0),
    [plan, onlyChanges],
  );

  const fieldLabel = (field: string) => (isCopyField(field) ? t(`framework.copy.field.${field}`) : field);

  const columns: TableProps<FrameworkCopyItem>['columns'] = [
    { title: t('framework.copy.columns.code'), dataIndex: 'code', key: 'code', width: 90 },
    { title: t('framework.copy.columns.name'), dataIndex: 'name', key: 'name', width: 200 },
    {
      title: t('framework.copy.columns.kind'),
      key: 'kind',
      width: 90,
      render: (_: unknown, i: FrameworkCopyItem) => t(`framework.kind.${i.kind}`),
    },
    {
      title: t('framework.copy.columns.action'),
      key: 'action',
      width: 110,
      render: (_: unknown, i: FrameworkCopyItem) => <Tag color={ACTION_COLORS[i.action]}>{t(`framework.copy.action.${i.action}`)}</Tag>,
    },
    {
      title: t('framework.copy.columns.changes'),
      key: 'changes',
      render: (_: unknown, i: FrameworkCopyItem) => (
        <Flex vertical gap={2}>
          {i.changes.map((c) => (
            <Tooltip key={c.field} title={`${String(c.from ?? '—')} → ${String(c.to ?? '—')}`}>
              <Typography.Text style={{ fontSize: 13 }}>
                {t('framework.copy.change', { field: fieldLabel(c.field), from: shorten(c.from, yes, no), to: shorten(c.to, yes, no) })}
              </Typography.Text>
            </Tooltip>
          ))}
          {i.kept.map((k) => (
            <Tooltip key={`kept-${k.field}`} title={String(k.value ?? '')}>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('framework.copy.keptValue', { field: fieldLabel(k.field) })}
              </Typography.Text>
            </Tooltip>
          ))}
        </Flex>
      ),
    },
  ];

  const submit = async () => {
    if (year === null) {
      return;
    }
    try {
      const done = await copy.mutateAsync(year);
      void message.success(
        t('framework.copy.done', {
          target: done.targetYear,
          add: done.summary.add,
          update: done.summary.update,
          retire: done.summary.retire,
        }),
      );
      onOpenYear(done.targetYear);
    } catch (error) {
      void message.error(errorMessage(error));
      void preview.refetch();
    }
  };

  const blocked = !plan || plan.conflicts.length > 0 || plan.targetStatus === 'archived';

  return (
    <Modal
      open={open}
      title={year !== null ? t('framework.copy.title', { source: year, target: year + 1 }) : ''}
      onCancel={onClose}
      width={1000}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('framework.actions.cancel')}</Button>
          <Button type="primary" onClick={() => void submit()} loading={copy.isPending} disabled={blocked}>
            {t('framework.copy.ok')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('framework.copy.intro')}</Typography.Paragraph>
      {preview.isLoading ? (
        <Flex justify="center" style={{ padding: 32 }}>
          <Spin description={t('framework.copy.loading')} />
        </Flex>
      ) : preview.isError ? (
        <Alert type="error" showIcon title={errorMessage(preview.error)} />
      ) : plan ? (
        <Flex vertical gap={12}>
          <Alert
            type={plan.targetStatus === 'archived' ? 'warning' : 'info'}
            showIcon
            title={
              plan.targetStatus === 'archived'
                ? t('framework.archivedNote')
                : plan.targetExists
                  ? t('framework.copy.targetExists', {
                      target: plan.targetYear,
                      status: t(`framework.versionStatus.${plan.targetStatus ?? 'draft'}`),
                    })
                  : t('framework.copy.targetNew', { target: plan.targetYear })
            }
            description={t('framework.copy.summary', plan.summary)}
          />
          {plan.conflicts.length > 0 ? (
            <Alert
              type="error"
              showIcon
              title={t('framework.copy.conflicts', { target: plan.targetYear })}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {plan.conflicts.map((c) => (
                    <li key={c.code}>{t('framework.copy.conflictItem', { code: c.code, names: c.names.join('、') })}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Flex align="center" gap={8}>
            <Switch checked={onlyChanges} onChange={setOnlyChanges} id="framework-copy-only-changes" />
            <label htmlFor="framework-copy-only-changes">{t('framework.copy.onlyChanges')}</label>
          </Flex>
          <Table<FrameworkCopyItem>
            rowKey="lineageId"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ y: 420 }}
            locale={{ emptyText: t('framework.copy.noChanges') }}
          />
        </Flex>
      ) : null}
    </Modal>
  );
}
