import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { EvalIndicatorInput, EvalMapping, EvalMethod, EvalNoDataRule } from '@guantong/shared';
import { Alert, Button, Flex, Form, Input, InputNumber, Modal, Radio, Select, Switch, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormInit } from '../../components/useFormInit';
import { toLang } from '../../i18n/languages';
import { FrameworkNodeSelect } from '../tasks/FrameworkNodeSelect';
import { checkFormula, useMetrics } from './evaluation.api';

type Band = { min: number | null; max: number | null; points: number };

interface FormValues {
  dimensionCode: string;
  code: string;
  name: string;
  description: string;
  method: EvalMethod;
  maxPoints: number;
  formula: string;
  mappingKind: EvalMapping['kind'];
  lower: number;
  upper: number;
  bands: Band[];
  noData: EvalNoDataRule;
  frameworkNodeId: number | null;
  selfAssessment: boolean;
}

export interface IndicatorModalProps {
  open: boolean;
  indicator: EvalIndicatorInput | null;
  dimensions: Array<{ code: string; name: string }>;
  subject: 'org' | 'person';
  existingCodes: string[];
  onClose: () => void;
  onSave: (indicator: EvalIndicatorInput) => void;
}

function toForm(i: EvalIndicatorInput | null, dimensionCode: string): FormValues {
  const m = i?.mapping ?? null;
  return {
    dimensionCode: i?.dimensionCode ?? dimensionCode,
    code: i?.code ?? '',
    name: i?.name ?? '',
    description: i?.description ?? '',
    method: i?.method ?? 'computed',
    maxPoints: i?.maxPoints ?? 20,
    formula: i?.formula ?? '',
    mappingKind: m?.kind ?? 'linear',
    lower: m?.kind === 'linear' ? m.lower : 60,
    upper: m?.kind === 'linear' ? m.upper : 100,
    bands:
      m?.kind === 'thresholds' ? m.bands.map((b) => ({ min: b.min, max: b.max, points: b.points })) : [{ min: 90, max: null, points: 10 }],
    noData: i?.noData ?? 'zero',
    frameworkNodeId: i?.frameworkNodeId ?? null,
    selfAssessment: i?.selfAssessment ?? false,
  };
}

/** Adds or edits one indicator: scoring method, formula over the registry's metrics (checked as typed), mapping to points, no-data rule. */
export function IndicatorModal({ open, indicator, dimensions, subject, existingCodes, onClose, onSave }: IndicatorModalProps) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const [form] = Form.useForm<FormValues>();
  const metrics = useMetrics(subject);
  const method = Form.useWatch('method', form) ?? 'computed';
  const mappingKind = Form.useWatch('mappingKind', form) ?? 'linear';
  const formula = Form.useWatch('formula', form) ?? '';
  const [check, setCheck] = useState<{ ok: boolean; text: string } | null>(null);

  // Filled when the dialog opens (or another indicator is opened), not on every render of the editor behind it.
  useFormInit(open, indicator, () => {
    form.setFieldsValue(toForm(indicator, dimensions[0]?.code ?? ''));
    setCheck(null);
  });

  useEffect(() => {
    if (!open || method !== 'computed' || !formula.trim()) {
      setCheck(null);
      return;
    }
    const timer = window.setTimeout(() => {
      checkFormula(formula, subject)
        .then((r) =>
          setCheck(
            r.ok
              ? { ok: true, text: t('evaluation.editor.formulaOk', { metrics: r.metrics.join('、') }) }
              : {
                  ok: false,
                  text: t('evaluation.editor.formulaBad', { position: (r.error?.position ?? 0) + 1, message: r.error?.message ?? '' }),
                },
          ),
        )
        .catch(() => setCheck(null));
    }, 350);
    return () => window.clearTimeout(timer);
  }, [formula, method, open, subject, t]);

  const regular = method === 'computed' || method === 'manual' || method === 'imported';
  const mapped = method === 'computed' || method === 'imported';

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    const mapping: EvalMapping | null = !mapped
      ? null
      : v.mappingKind === 'linear'
        ? { kind: 'linear', lower: v.lower, upper: v.upper }
        : v.mappingKind === 'thresholds'
          ? { kind: 'thresholds', bands: v.bands.map((b) => ({ min: b.min ?? null, max: b.max ?? null, points: b.points })) }
          : { kind: 'direct' };
    onSave({
      ...(indicator?.id ? { id: indicator.id } : {}),
      dimensionCode: v.dimensionCode,
      code: v.code.trim(),
      name: v.name.trim(),
      description: v.description?.trim() ?? '',
      method: v.method,
      maxPoints: v.maxPoints,
      formula: v.method === 'computed' ? v.formula.trim() : null,
      mapping,
      noData: v.noData,
      frameworkNodeId: v.frameworkNodeId ?? null,
      selfAssessment: v.method === 'manual' && v.selfAssessment,
    });
  };

  const insertMetric = (key: string) => {
    const current = form.getFieldValue('formula') ?? '';
    form.setFieldValue('formula', current.trim() ? `${current} ${key}` : key);
  };

  return (
    <Modal
      open={open}
      width={760}
      title={indicator ? t('evaluation.editor.editIndicator') : t('evaluation.editor.addIndicator')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.ok')}
      cancelText={t('common.actions.cancel')}
      destroyOnHidden
    >
      {/* A form name of its own: its field ids (name, description …) must not repeat those of the scheme form behind the dialog. */}
      <Form<FormValues> form={form} name="eval-indicator" layout="vertical">
        <Flex gap={12} wrap>
          <Form.Item name="dimensionCode" label={t('evaluation.editor.dimension')} rules={[{ required: true }]} style={{ minWidth: 180 }}>
            <Select options={dimensions.map((d) => ({ value: d.code, label: d.name }))} />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('evaluation.editor.code')}
            rules={[
              { required: true, pattern: /^[A-Za-z0-9_.-]+$/, message: 'A–Z 0–9 _ . -' },
              {
                validator: (_, v: string) =>
                  v && existingCodes.includes(v.trim()) && v.trim() !== indicator?.code
                    ? Promise.reject(new Error(`${v} ✕`))
                    : Promise.resolve(),
              },
            ]}
            style={{ width: 120 }}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('evaluation.editor.indicatorName')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: 1, minWidth: 200 }}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="method" label={t('evaluation.editor.method')}>
            <Radio.Group
              optionType="button"
              options={(['computed', 'manual', 'imported', 'bonus', 'deduction'] as const).map((m) => ({
                value: m,
                label: t(`evaluation.methods.${m}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="maxPoints"
            label={t('evaluation.editor.maxPoints')}
            rules={[{ required: true, type: 'number', min: 0, max: 100 }]}
          >
            <InputNumber min={0} max={100} step={1} style={{ width: 120 }} />
          </Form.Item>
        </Flex>
        {method === 'computed' ? (
          <>
            <Form.Item
              name="formula"
              label={t('evaluation.editor.formula')}
              extra={t('evaluation.editor.formulaHelp')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            {check ? <Alert type={check.ok ? 'success' : 'error'} showIcon title={check.text} style={{ marginBottom: 12 }} /> : null}
            <Typography.Text type="secondary">{t('evaluation.editor.metrics')}</Typography.Text>
            <Flex gap={6} wrap style={{ margin: '6px 0 16px' }}>
              {(metrics.data ?? []).length === 0 ? (
                <Typography.Text type="secondary">{t('evaluation.editor.noMetrics')}</Typography.Text>
              ) : null}
              {(metrics.data ?? []).map((m) => (
                <Tooltip key={m.key} title={`${m.key} — ${m.definition}`}>
                  <Tag style={{ cursor: 'pointer' }} onClick={() => insertMetric(m.key)}>
                    {lang === 'en' ? m.label.en : m.label.zh}
                  </Tag>
                </Tooltip>
              ))}
            </Flex>
          </>
        ) : null}
        {mapped ? (
          <>
            <Form.Item name="mappingKind" label={t('evaluation.editor.mapping')}>
              <Radio.Group
                options={(['linear', 'thresholds', 'direct'] as const).map((k) => ({ value: k, label: t(`evaluation.mappingKinds.${k}`) }))}
              />
            </Form.Item>
            {mappingKind === 'linear' ? (
              <Flex gap={12}>
                <Form.Item name="lower" label={t('evaluation.editor.lower')} rules={[{ required: true, type: 'number' }]}>
                  <InputNumber style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name="upper" label={t('evaluation.editor.upper')} rules={[{ required: true, type: 'number' }]}>
                  <InputNumber style={{ width: 140 }} />
                </Form.Item>
              </Flex>
            ) : null}
            {mappingKind === 'thresholds' ? (
              <Form.List name="bands">
                {(fields, { add, remove }) => (
                  <>
                    <Typography.Text type="secondary">{t('evaluation.editor.bands')}</Typography.Text>
                    {fields.map((f) => (
                      <Flex key={f.key} gap={8} align="baseline" style={{ marginTop: 6 }}>
                        <Form.Item name={[f.name, 'min']} label={t('evaluation.editor.bandMin')} style={{ marginBottom: 0 }}>
                          <InputNumber style={{ width: 110 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'max']} label={t('evaluation.editor.bandMax')} style={{ marginBottom: 0 }}>
                          <InputNumber style={{ width: 110 }} />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'points']}
                          label={t('evaluation.editor.bandPoints')}
                          rules={[{ required: true, type: 'number', min: 0 }]}
                          style={{ marginBottom: 0 }}
                        >
                          <InputNumber min={0} style={{ width: 100 }} />
                        </Form.Item>
                        <Button
                          aria-label={t('evaluation.editor.remove')}
                          icon={<DeleteOutlined />}
                          onClick={() => remove(f.name)}
                          disabled={fields.length <= 1}
                        />
                      </Flex>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ min: null, max: null, points: 0 })}
                      style={{ margin: '8px 0 16px' }}
                    >
                      {t('evaluation.editor.addBand')}
                    </Button>
                  </>
                )}
              </Form.List>
            ) : null}
          </>
        ) : null}
        {regular ? (
          <Form.Item name="noData" label={t('evaluation.editor.noDataRule')}>
            <Radio.Group options={(['zero', 'full', 'exclude'] as const).map((r) => ({ value: r, label: t(`evaluation.noData.${r}`) }))} />
          </Form.Item>
        ) : null}
        {method === 'manual' ? (
          <Form.Item name="selfAssessment" label={t('evaluation.editor.selfAssessment')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
        <Form.Item name="frameworkNodeId" label={t('evaluation.editor.frameworkNode')}>
          <FrameworkNodeSelect allowClear aria-label={t('evaluation.editor.frameworkNode')} />
        </Form.Item>
        <Form.Item name="description" label={t('evaluation.editor.description2')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
