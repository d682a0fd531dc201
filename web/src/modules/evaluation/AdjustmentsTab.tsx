import { PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { EvalAdjustment, EvalScheme } from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { uploadEvidence, useAdjustments, useCreateAdjustment, useWithdrawAdjustment } from './evaluation.api';
import { TargetSelect } from './TargetSelect';

interface AddForm {
  indicatorId: number;
  targetId: number;
  points: number;
  reason: string;
}

/** 加减分: bonus (创新成果 …) and deduction (“低、假、粗、差、懒” …) items with reasons and evidence, each capped. */
export function AdjustmentsTab({ scheme }: { scheme: EvalScheme }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message, modal } = App.useApp();
  const indicators = scheme.indicators.filter((i) => i.method === 'bonus' || i.method === 'deduction');
  const [page, setPage] = useState(1);
  const [withdrawn, setWithdrawn] = useState(false);
  const list = useAdjustments(scheme.id, { page, pageSize: 20, includeWithdrawn: withdrawn ? 'true' : undefined });
  const create = useCreateAdjustment();
  const withdraw = useWithdrawAdjustment();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<AddForm>();
  const indicatorId = Form.useWatch('indicatorId', form);
  const cap = indicators.find((i) => i.id === indicatorId)?.maxPoints ?? 100;

  if (indicators.length === 0) {
    return <Empty description={t('evaluation.adjustments.noIndicators')} />;
  }

  const add = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await create.mutateAsync({ schemeId: scheme.id, input: { ...v, reason: v.reason.trim() } });
      void message.success(t('evaluation.adjustments.created'));
      setAdding(false);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const askWithdraw = (a: EvalAdjustment) => {
    let reason = '';
    modal.confirm({
      title: t('evaluation.adjustments.withdrawTitle'),
      content: (
        <Input.TextArea
          aria-label={t('evaluation.adjustments.withdrawReason')}
          placeholder={t('evaluation.adjustments.withdrawReason')}
          maxLength={500}
          onChange={(e) => {
            reason = e.target.value;
          }}
        />
      ),
      okText: t('evaluation.adjustments.withdraw'),
      okButtonProps: { danger: true },
      cancelText: t('common.actions.cancel'),
      onOk: async () => {
        if (reason.trim().length < 2) {
          void message.error(t('evaluation.adjustments.reasonRequired'));
          throw new Error('reason required');
        }
        try {
          await withdraw.mutateAsync({ id: a.id, reason: reason.trim() });
        } catch (error) {
          void message.error(errorMessage(error));
          throw error;
        }
      },
    });
  };

  const attach = async (a: EvalAdjustment, file: File) => {
    try {
      const f = await uploadEvidence('adjustments', a.id, file);
      void message.success(t('evaluation.manual.uploaded', { name: f.name }));
      void list.refetch();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const columns: TableProps<EvalAdjustment>['columns'] = [
    { title: t('evaluation.adjustments.columns.target'), key: 'target', render: (_: unknown, a) => `${a.target.name}（${a.target.code}）` },
    {
      title: t('evaluation.adjustments.columns.indicator'),
      key: 'indicator',
      render: (_: unknown, a) => (
        <>
          <Tag color={a.method === 'bonus' ? 'green' : 'red'}>{t(`evaluation.methods.${a.method}`)}</Tag>
          {a.indicatorName}
        </>
      ),
    },
    {
      title: t('evaluation.adjustments.columns.points'),
      key: 'points',
      align: 'right',
      render: (_: unknown, a) => `${a.method === 'bonus' ? '+' : '−'}${formatNumber(a.points, lang)}`,
    },
    { title: t('evaluation.adjustments.columns.reason'), dataIndex: 'reason', key: 'reason' },
    {
      title: t('evaluation.adjustments.columns.files'),
      key: 'files',
      render: (_: unknown, a) => (
        <Space direction="vertical" size={2}>
          {a.files.map((f) => (
            <a key={f.id} href={f.url} target="_blank" rel="noreferrer">
              <PaperClipOutlined /> {f.name}
            </a>
          ))}
          {a.status === 'active' ? (
            <Upload
              showUploadList={false}
              beforeUpload={(file) => {
                void attach(a, file);
                return false;
              }}
            >
              <Button size="small" icon={<UploadOutlined />}>
                {t('evaluation.adjustments.upload')}
              </Button>
            </Upload>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('evaluation.adjustments.columns.by'),
      key: 'by',
      render: (_: unknown, a) => (
        <>
          {a.createdBy}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(a.createdAt, lang)}
            </Typography.Text>
          </div>
        </>
      ),
    },
    {
      title: t('evaluation.adjustments.columns.actions'),
      key: 'actions',
      render: (_: unknown, a) =>
        a.status === 'active' ? (
          <Button size="small" danger onClick={() => askWithdraw(a)}>
            {t('evaluation.adjustments.withdraw')}
          </Button>
        ) : (
          <Typography.Text type="secondary">
            {t('evaluation.adjustments.withdrawn')}：{a.withdrawReason}
          </Typography.Text>
        ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" gap={8} wrap style={{ marginBottom: 12 }}>
        <Flex gap={6} align="center">
          <Switch id="adj-withdrawn" size="small" checked={withdrawn} onChange={setWithdrawn} />
          <label htmlFor="adj-withdrawn">{t('evaluation.adjustments.showWithdrawn')}</label>
        </Flex>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setAdding(true);
          }}
        >
          {t('evaluation.adjustments.add')}
        </Button>
      </Flex>
      {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} /> : null}
      <Table<EvalAdjustment>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isLoading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('evaluation.adjustments.empty')} /> }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
      />
      <Modal
        open={adding}
        title={t('evaluation.adjustments.add')}
        onCancel={() => setAdding(false)}
        onOk={() => void add()}
        okText={t('common.actions.save')}
        cancelText={t('common.actions.cancel')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ indicatorId: indicators[0]?.id, points: 1 }}>
          <Form.Item name="indicatorId" label={t('evaluation.adjustments.indicator')} rules={[{ required: true }]}>
            <Select options={indicators.map((i) => ({ value: i.id, label: `${t(`evaluation.methods.${i.method}`)} · ${i.name}` }))} />
          </Form.Item>
          <Form.Item
            name="targetId"
            label={t('evaluation.adjustments.target')}
            rules={[{ required: true, message: t('evaluation.adjustments.targetRequired') }]}
          >
            <TargetSelect schemeId={scheme.id} aria-label={t('evaluation.adjustments.target')} />
          </Form.Item>
          <Form.Item
            name="points"
            label={t('evaluation.adjustments.points')}
            extra={t('evaluation.adjustments.cap', { cap })}
            rules={[{ required: true, type: 'number', min: 0.1, max: cap }]}
          >
            <InputNumber min={0.1} max={cap} step={0.5} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('evaluation.adjustments.reason')}
            rules={[{ required: true, whitespace: true, message: t('evaluation.adjustments.reasonRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
