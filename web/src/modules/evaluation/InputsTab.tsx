import { DownloadOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import type { EvalImportResult, EvalInput, EvalScheme, ImportRowError } from '@guantong/shared';
import { Alert, App, Button, Empty, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, type TableProps, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { downloadInputTemplate, uploadInputs, useInputs, useUpsertInput } from './evaluation.api';
import { TargetSelect } from './TargetSelect';

/**
 * 数据录入: values of the entered / imported indicators (集中检查情况, 经营指标结果 …). An import is checked first (dry run),
 * any row error refuses the whole file with every error listed; a clean file is imported on confirmation.
 */
export function InputsTab({ scheme }: { scheme: EvalScheme }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const indicators = scheme.indicators.filter((i) => i.method === 'imported');
  const [indicatorId, setIndicatorId] = useState<number | null>(indicators[0]?.id ?? null);
  const [page, setPage] = useState(1);
  const list = useInputs(scheme.id, indicatorId, page);
  const upsert = useUpsertInput();
  const [pending, setPending] = useState<{ file: File; result: EvalImportResult } | null>(null);
  const [errors, setErrors] = useState<ImportRowError[]>([]);
  const [checking, setChecking] = useState(false);
  const [entering, setEntering] = useState<{ targetId?: number; value?: number; note?: string | null; name?: string } | null>(null);
  const [form] = Form.useForm<{ targetId: number; value: number; note?: string }>();

  if (indicators.length === 0 || indicatorId === null) {
    return <Empty description={t('evaluation.inputs.noImported')} />;
  }

  const check = async (file: File) => {
    setChecking(true);
    setErrors([]);
    setPending(null);
    try {
      const result = await uploadInputs(scheme.id, indicatorId, file, true);
      if (result.errors.length > 0) {
        setErrors(result.errors);
      } else {
        setPending({ file, result });
      }
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setChecking(false);
    }
  };

  const commit = async () => {
    if (!pending) {
      return;
    }
    try {
      const r = await uploadInputs(scheme.id, indicatorId, pending.file, false);
      void message.success(t('evaluation.inputs.imported', { created: r.created, updated: r.updated }));
      setPending(null);
      void list.refetch();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'IMPORT_HAS_ERRORS') {
        setErrors((error.details as { errors?: ImportRowError[] } | undefined)?.errors ?? []);
        setPending(null);
      }
      void message.error(errorMessage(error));
    }
  };

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await upsert.mutateAsync({
        schemeId: scheme.id,
        input: { indicatorId, targetId: v.targetId, value: v.value, note: v.note?.trim() || null },
      });
      void message.success(t('evaluation.inputs.saved'));
      setEntering(null);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const columns: TableProps<EvalInput>['columns'] = [
    { title: t('evaluation.inputs.columns.target'), key: 'target', render: (_: unknown, r) => `${r.target.name}（${r.target.code}）` },
    { title: t('evaluation.inputs.columns.value'), key: 'value', align: 'right', render: (_: unknown, r) => formatNumber(r.value, lang) },
    { title: t('evaluation.inputs.columns.note'), dataIndex: 'note', key: 'note' },
    {
      title: t('evaluation.inputs.columns.source'),
      key: 'source',
      render: (_: unknown, r) => t(`evaluation.explain.sources.${r.source === 'import' ? 'import' : 'entered'}`),
    },
    { title: t('evaluation.inputs.columns.by'), dataIndex: 'updatedBy', key: 'by' },
    { title: t('evaluation.inputs.columns.at'), key: 'at', render: (_: unknown, r) => formatDateTime(r.updatedAt, lang) },
    {
      title: '',
      key: 'edit',
      render: (_: unknown, r) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          aria-label={t('evaluation.inputs.enter')}
          onClick={() => {
            form.setFieldsValue({ targetId: r.target.id, value: r.value, note: r.note ?? '' });
            setEntering({ targetId: r.target.id, name: r.target.name });
          }}
        />
      ),
    },
  ];

  return (
    <>
      <Alert type="info" showIcon title={t('evaluation.inputs.hint')} style={{ marginBottom: 12 }} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <Select
          aria-label={t('evaluation.inputs.indicator')}
          style={{ minWidth: 240 }}
          value={indicatorId}
          onChange={(v: number) => {
            setIndicatorId(v);
            setPage(1);
            setErrors([]);
            setPending(null);
          }}
          options={indicators.map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))}
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void downloadInputTemplate(scheme.id, indicatorId).catch((e: unknown) => message.error(errorMessage(e)))}
        >
          {t('evaluation.inputs.template')}
        </Button>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            void check(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={checking}>
            {t('evaluation.inputs.import')}
          </Button>
        </Upload>
        <Button
          onClick={() => {
            form.resetFields();
            setEntering({});
          }}
        >
          {t('evaluation.inputs.enter')}
        </Button>
      </Flex>
      {pending ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('evaluation.inputs.checkOk', {
            rows: pending.result.rows,
            created: pending.result.created,
            updated: pending.result.updated,
          })}
          action={
            <Space>
              <Button type="primary" size="small" onClick={() => void commit()}>
                {t('evaluation.inputs.confirmImport')}
              </Button>
              <Button size="small" onClick={() => setPending(null)}>
                {t('common.actions.cancel')}
              </Button>
            </Space>
          }
        />
      ) : null}
      {errors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('evaluation.inputs.errors', { count: errors.length })}
          description={
            <Table<ImportRowError>
              size="small"
              pagination={errors.length > 10 ? { pageSize: 10 } : false}
              rowKey={(e) => `${e.row}-${e.field}-${e.code}`}
              dataSource={errors}
              columns={[
                { title: t('evaluation.inputs.errorColumns.row'), dataIndex: 'row', key: 'row', width: 70 },
                { title: t('evaluation.inputs.errorColumns.column'), dataIndex: 'column', key: 'column', width: 110 },
                { title: t('evaluation.inputs.errorColumns.message'), dataIndex: 'message', key: 'message' },
              ]}
            />
          }
        />
      ) : null}
      <Table<EvalInput>
        rowKey={(r) => r.target.id}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isLoading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('evaluation.inputs.empty')} /> }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
      />
      <Modal
        open={entering !== null}
        title={t('evaluation.inputs.editValue', { name: entering?.name ?? '' })}
        onCancel={() => setEntering(null)}
        onOk={() => void save()}
        okText={t('common.actions.save')}
        cancelText={t('common.actions.cancel')}
        confirmLoading={upsert.isPending}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="targetId"
            label={t('evaluation.inputs.columns.target')}
            rules={[{ required: true, message: t('evaluation.inputs.pickTarget') }]}
          >
            <TargetSelect schemeId={scheme.id} aria-label={t('evaluation.inputs.columns.target')} />
          </Form.Item>
          <Form.Item
            name="value"
            label={t('evaluation.inputs.value')}
            rules={[{ required: true, type: 'number', message: t('evaluation.inputs.valueRequired') }]}
          >
            <InputNumber min={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="note" label={t('evaluation.inputs.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
