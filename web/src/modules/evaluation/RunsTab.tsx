import type { EvalRun, EvalScheme } from '@guantong/shared';
import { Button, Empty, Table, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { RunStatusTag } from './EvalBits';

/** 运行记录: every run of the scheme (snapshots), who started it, when, how long it took, publication and calibrations. */
export function RunsTab({ scheme }: { scheme: EvalScheme }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const navigate = useNavigate();
  const columns: TableProps<EvalRun>['columns'] = [
    { title: t('evaluation.runs.columns.id'), dataIndex: 'id', key: 'id', width: 70 },
    { title: t('evaluation.runs.columns.status'), key: 'status', render: (_: unknown, r) => <RunStatusTag status={r.status} /> },
    { title: t('evaluation.runs.columns.asOf'), key: 'asOf', render: (_: unknown, r) => formatDate(r.asOf, lang) },
    { title: t('evaluation.runs.columns.targets'), dataIndex: 'targetCount', key: 'targets', align: 'right' },
    { title: t('evaluation.runs.columns.createdBy'), dataIndex: 'createdBy', key: 'by' },
    { title: t('evaluation.runs.columns.createdAt'), key: 'at', render: (_: unknown, r) => formatDateTime(r.createdAt, lang) },
    {
      title: t('evaluation.runs.columns.duration'),
      key: 'duration',
      align: 'right',
      render: (_: unknown, r) =>
        r.durationMs !== null ? t('evaluation.run.duration', { seconds: formatNumber(r.durationMs / 1000, lang, 1) }) : '—',
    },
    {
      title: t('evaluation.runs.columns.published'),
      key: 'published',
      render: (_: unknown, r) => (r.publishedAt ? `${formatDateTime(r.publishedAt, lang)} · ${r.publishedBy ?? ''}` : '—'),
    },
    { title: t('evaluation.runs.columns.calibrations'), dataIndex: 'calibrations', key: 'calibrations', align: 'right' },
    {
      title: '',
      key: 'view',
      render: (_: unknown, r) => (
        <Button size="small" onClick={() => navigate(`/evaluation/${scheme.id}?run=${r.id}`)}>
          {t('evaluation.runs.view')}
        </Button>
      ),
    },
  ];
  return (
    <Table<EvalRun>
      rowKey="id"
      columns={columns}
      dataSource={scheme.runs}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={t('evaluation.runs.empty')} /> }}
    />
  );
}
