import { CheckOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { EvalManualRow, EvalManualStatus, EvalScheme } from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  type TableProps,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { formatNumber } from '../../i18n/format';
import { type Lang, toLang } from '../../i18n/languages';
import { uploadEvidence, useManualRows, useManualStep, useOpenManual } from './evaluation.api';

const STATUS_COLORS: Record<EvalManualStatus, string> = {
  pending: 'default',
  self_submitted: 'blue',
  reviewed: 'gold',
  confirmed: 'green',
};

interface ScoreForm {
  points: number;
  comment: string;
}

/**
 * 人工评分: every manual indicator × target the user can see or act on, with the workflow self-assessment → review
 * by the level above → confirmation; scoring forms with evidence uploads (comfortable on a phone).
 */
export function ManualScoresTab({ scheme }: { scheme: EvalScheme }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const manualIndicators = scheme.indicators.filter((i) => i.method === 'manual');
  const [filters, setFilters] = useState<{ indicatorId?: number; status?: EvalManualStatus; mine: boolean; page: number; q?: string }>({
    mine: !scheme.canManage,
    page: 1,
  });
  const rows = useManualRows(scheme.id, {
    indicatorId: filters.indicatorId,
    status: filters.status,
    mine: filters.mine ? 'true' : undefined,
    q: filters.q,
    page: filters.page,
    pageSize: 20,
  });
  const step = useManualStep();
  const [scoring, setScoring] = useState<{ row: EvalManualRow; step: 'self' | 'review' } | null>(null);

  if (manualIndicators.length === 0) {
    return <Empty description={t('evaluation.manual.noManual')} />;
  }

  const confirm = (row: EvalManualRow) =>
    modal.confirm({
      title: t('evaluation.manual.confirm'),
      content: t('evaluation.manual.confirmAsk'),
      okText: t('evaluation.manual.confirm'),
      cancelText: t('common.actions.cancel'),
      onOk: async () => {
        try {
          await step.mutateAsync({
            schemeId: scheme.id,
            step: 'confirm',
            input: { indicatorId: row.indicator.id, targetId: row.target.id },
          });
          void message.success(t('evaluation.manual.confirmed'));
        } catch (error) {
          void message.error(errorMessage(error));
        }
      },
    });

  const actions = (r: EvalManualRow) => (
    <Space wrap>
      {r.canSelf ? (
        <Button size="small" type="primary" onClick={() => setScoring({ row: r, step: 'self' })}>
          {t('evaluation.manual.self')}
        </Button>
      ) : null}
      {r.canReview ? (
        <Button size="small" type="primary" onClick={() => setScoring({ row: r, step: 'review' })}>
          {t('evaluation.manual.review')}
        </Button>
      ) : null}
      {r.canConfirm ? (
        <Button size="small" icon={<CheckOutlined />} onClick={() => confirm(r)}>
          {t('evaluation.manual.confirm')}
        </Button>
      ) : null}
    </Space>
  );

  const columns: TableProps<EvalManualRow>['columns'] = [
    {
      title: t('evaluation.manual.columns.target'),
      key: 'target',
      render: (_: unknown, r) => (
        <div>
          <div>{r.target.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.target.code} {r.target.parent ? `· ${r.target.parent.name}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('evaluation.manual.columns.indicator'),
      key: 'indicator',
      render: (_: unknown, r) => `${r.indicator.code} ${r.indicator.name}（${r.indicator.maxPoints}）`,
    },
    {
      title: t('evaluation.manual.columns.self'),
      key: 'self',
      render: (_: unknown, r) =>
        r.selfPoints !== null ? <ScoreCell points={r.selfPoints} comment={r.selfComment} by={r.selfBy} lang={lang} /> : '—',
    },
    {
      title: t('evaluation.manual.columns.review'),
      key: 'review',
      render: (_: unknown, r) =>
        r.reviewPoints !== null ? <ScoreCell points={r.reviewPoints} comment={r.reviewComment} by={r.reviewBy} lang={lang} /> : '—',
    },
    {
      title: t('evaluation.manual.columns.status'),
      key: 'status',
      render: (_: unknown, r) => (
        <>
          <Tag color={STATUS_COLORS[r.status]}>{t(`evaluation.manualStatus.${r.status}`)}</Tag>
          {r.files.length > 0 ? (
            <Typography.Text type="secondary">
              <PaperClipOutlined /> {r.files.length}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    { title: t('evaluation.manual.columns.actions'), key: 'actions', render: (_: unknown, r) => actions(r) },
  ];

  return (
    <>
      <Alert type="info" showIcon title={t('evaluation.manual.hint')} style={{ marginBottom: 12 }} />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('evaluation.results.search')}
          placeholder={t('evaluation.results.search')}
          allowClear
          onSearch={(v) => setFilters((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
          style={{ width: 200 }}
        />
        <Select
          aria-label={t('evaluation.manual.indicator')}
          style={{ minWidth: 200 }}
          value={filters.indicatorId ?? 0}
          onChange={(v: number) => setFilters((f) => ({ ...f, indicatorId: v || undefined, page: 1 }))}
          options={[
            { value: 0, label: t('evaluation.manual.allIndicators') },
            ...manualIndicators.map((i) => ({ value: i.id, label: `${i.code} ${i.name}` })),
          ]}
        />
        <Select
          aria-label={t('evaluation.manual.status')}
          style={{ minWidth: 170 }}
          value={filters.status ?? ''}
          onChange={(v: string) => setFilters((f) => ({ ...f, status: (v || undefined) as EvalManualStatus | undefined, page: 1 }))}
          options={[
            { value: '', label: t('evaluation.manual.allStatuses') },
            ...(['pending', 'self_submitted', 'reviewed', 'confirmed'] as const).map((s) => ({
              value: s,
              label: t(`evaluation.manualStatus.${s}`),
            })),
          ]}
        />
        <Flex gap={6} align="center">
          <Switch id="manual-mine" size="small" checked={filters.mine} onChange={(v) => setFilters((f) => ({ ...f, mine: v, page: 1 }))} />
          <label htmlFor="manual-mine">{t('evaluation.manual.mine')}</label>
        </Flex>
      </Flex>
      {rows.error ? <Alert type="error" showIcon title={errorMessage(rows.error)} /> : null}
      {screens.md === false ? (
        <List
          dataSource={rows.data?.items ?? []}
          loading={rows.isLoading}
          locale={{ emptyText: <Empty description={t('evaluation.manual.empty')} /> }}
          pagination={{
            current: filters.page,
            pageSize: 20,
            total: rows.data?.total ?? 0,
            onChange: (page) => setFilters((f) => ({ ...f, page })),
          }}
          renderItem={(r) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Flex justify="space-between" gap={8}>
                  <strong>{r.target.name}</strong>
                  <Tag color={STATUS_COLORS[r.status]}>{t(`evaluation.manualStatus.${r.status}`)}</Tag>
                </Flex>
                <div>{`${r.indicator.code} ${r.indicator.name}（${r.indicator.maxPoints}）`}</div>
                {r.selfPoints !== null ? (
                  <div>
                    {t('evaluation.explain.manualSelf', { points: formatNumber(r.selfPoints, lang), comment: r.selfComment ?? '' })}
                  </div>
                ) : null}
                {r.reviewPoints !== null ? (
                  <div>
                    {t('evaluation.explain.manualReview', {
                      points: formatNumber(r.reviewPoints, lang),
                      by: r.reviewBy ?? '',
                      comment: r.reviewComment ?? '',
                    })}
                  </div>
                ) : null}
                <div style={{ marginTop: 8 }}>{actions(r)}</div>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Table<EvalManualRow>
          rowKey={(r) => `${r.indicator.id}-${r.target.id}`}
          columns={columns}
          dataSource={rows.data?.items ?? []}
          loading={rows.isLoading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('evaluation.manual.empty')} /> }}
          pagination={{
            current: filters.page,
            pageSize: 20,
            total: rows.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (page) => setFilters((f) => ({ ...f, page })),
          }}
        />
      )}
      <ScoreModal schemeId={scheme.id} scoring={scoring} onClose={() => setScoring(null)} />
    </>
  );
}

function ScoreCell({ points, comment, by, lang }: { points: number; comment: string | null; by: string | null; lang: Lang }) {
  return (
    <div style={{ maxWidth: 260 }}>
      <strong>{formatNumber(points, lang)}</strong>
      {by ? <Typography.Text type="secondary"> · {by}</Typography.Text> : null}
      {comment ? (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: comment }} style={{ margin: 0, fontSize: 12 }}>
          {comment}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}

function ScoreModal({
  schemeId,
  scoring,
  onClose,
}: {
  schemeId: number;
  scoring: { row: EvalManualRow; step: 'self' | 'review' } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScoreForm>();
  const open = useOpenManual();
  const step = useManualStep();
  const [files, setFiles] = useState<Array<{ id: number; name: string; url: string }>>([]);
  const [uploading, setUploading] = useState(false);
  const row = scoring?.row;
  const max = row?.indicator.maxPoints ?? 100;

  // The form mounts afresh on each opening (destroyOnHidden): its initial values come from the row being scored.
  useEffect(() => {
    if (row) {
      setFiles(row.files.map((f) => ({ id: f.id, name: f.name, url: f.url })));
    }
  }, [row]);
  const initial = row
    ? { points: (scoring?.step === 'review' ? (row.reviewPoints ?? row.selfPoints) : row.selfPoints) ?? undefined, comment: '' }
    : undefined;

  const upload = async (file: File) => {
    if (!row) {
      return;
    }
    setUploading(true);
    try {
      const id = row.id ?? (await open.mutateAsync({ schemeId, indicatorId: row.indicator.id, targetId: row.target.id })).id;
      if (id === null) {
        return;
      }
      const f = await uploadEvidence('manual', id, file);
      setFiles((xs) => [...xs, { id: f.id, name: f.name, url: f.url }]);
      void message.success(t('evaluation.manual.uploaded', { name: f.name }));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setUploading(false);
    }
  };

  const submit = async () => {
    if (!row || !scoring) {
      return;
    }
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await step.mutateAsync({
        schemeId,
        step: scoring.step,
        input: {
          indicatorId: row.indicator.id,
          targetId: row.target.id,
          points: v.points,
          comment: v.comment.trim(),
          fileIds: files.map((f) => f.id),
        },
      });
      void message.success(t('evaluation.manual.submitted'));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open={scoring !== null}
      title={
        row
          ? scoring?.step === 'self'
            ? t('evaluation.manual.titleSelf', { indicator: row.indicator.name })
            : t('evaluation.manual.titleReview', { indicator: row.indicator.name })
          : ''
      }
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.submit')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={step.isPending}
      destroyOnHidden
    >
      {row ? (
        <Typography.Paragraph>{t('evaluation.manual.target', { name: `${row.target.name}（${row.target.code}）` })}</Typography.Paragraph>
      ) : null}
      {row && scoring?.step === 'review' && row.selfPoints !== null ? (
        <Alert
          type="info"
          title={t('evaluation.explain.manualSelf', { points: row.selfPoints, comment: row.selfComment ?? '' })}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item
          name="points"
          label={t('evaluation.manual.points', { max })}
          rules={[{ required: true, type: 'number', min: 0, max, message: t('evaluation.manual.pointsRequired', { max }) }]}
        >
          <InputNumber min={0} max={max} step={0.5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="comment"
          label={t('evaluation.manual.comment')}
          rules={[{ required: true, whitespace: true, message: t('evaluation.manual.commentRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item label={t('evaluation.manual.evidence')}>
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              {t('evaluation.manual.upload')}
            </Button>
          </Upload>
          {files.map((f) => (
            <div key={f.id}>
              <a href={f.url} target="_blank" rel="noreferrer">
                <PaperClipOutlined /> {f.name}
              </a>
            </div>
          ))}
        </Form.Item>
      </Form>
    </Modal>
  );
}
