import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { EvalDimensionInput, EvalGradeBand, EvalIndicatorInput, EvalScheme, EvalSchemeUpdateInput } from '@guantong/shared';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { useFormInit } from '../../components/useFormInit';
import { formatNumber } from '../../i18n/format';
import { type Lang, toLang } from '../../i18n/languages';
import { useDeleteScheme, useUpdateScheme } from './evaluation.api';
import { IndicatorModal } from './IndicatorModal';

type Draft = EvalSchemeUpdateInput;

function toDraft(s: EvalScheme): Draft {
  return {
    name: s.name,
    description: s.description,
    year: s.year,
    periodKind: s.periodKind,
    periodIndex: s.periodIndex,
    population: s.population,
    orgKind: s.orgKind,
    rootOrgId: s.rootOrg.id,
    visibility: s.visibility,
    gradeBands: s.gradeBands.map((b) => ({ ...b })),
    dimensions: s.dimensions.map((d) => ({ id: d.id, code: d.code, name: d.name, nameEn: d.nameEn, weight: d.weight })),
    indicators: s.indicators.map((i) => ({
      id: i.id,
      dimensionCode: i.dimensionCode,
      code: i.code,
      name: i.name,
      description: i.description,
      method: i.method,
      maxPoints: i.maxPoints,
      formula: i.formula,
      mapping: i.mapping,
      noData: i.noData,
      frameworkNodeId: i.frameworkNode?.id ?? null,
      selfAssessment: i.selfAssessment,
    })),
  };
}

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

/** One line saying how an indicator scores. */
export function ruleSummary(t: TFunction, lang: Lang, i: EvalIndicatorInput): string {
  if (i.method === 'computed' || i.method === 'imported') {
    const m = i.mapping;
    const head = i.method === 'computed' ? `${i.formula ?? ''} → ` : '';
    if (!m) {
      return head;
    }
    if (m.kind === 'linear') {
      return `${head}${t('evaluation.mappingKinds.linear')} ${formatNumber(m.lower, lang)}→${formatNumber(m.upper, lang)}`;
    }
    if (m.kind === 'thresholds') {
      return `${head}${t('evaluation.mappingKinds.thresholds')}（${m.bands.length}）`;
    }
    return `${head}${t('evaluation.mappingKinds.direct')}`;
  }
  if (i.method === 'manual') {
    return i.selfAssessment ? t('evaluation.editor.selfAssessment') : t('evaluation.methods.manual');
  }
  return t('evaluation.adjustments.cap', { cap: i.maxPoints });
}

/** 方案设置: basics, dimensions and weights, indicators per dimension, grade bands; managers edit, others read. */
export function SchemeEditor({ scheme }: { scheme: EvalScheme }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const update = useUpdateScheme();
  const remove = useDeleteScheme();
  const [draft, setDraft] = useState<Draft>(() => toDraft(scheme));
  const [editing, setEditing] = useState<{ indicator: EvalIndicatorInput | null; index: number | null } | null>(null);
  const [saveIssues, setSaveIssues] = useState<Array<{ path: string; message: string }>>([]);
  const editable = scheme.canManage;
  const [form] = Form.useForm();

  // A saved scheme (new updatedAt) replaces the draft; a refetch of the same version (e.g. after a run) does not.
  useFormInit(true, `${scheme.id}@${scheme.updatedAt}`, () => setDraft(toDraft(scheme)));
  useEffect(() => {
    form.setFieldsValue({
      name: draft.name,
      description: draft.description,
      year: draft.year,
      periodKind: draft.periodKind,
      periodIndex: draft.periodIndex,
      orgKind: draft.orgKind,
      rootOrgId: draft.rootOrgId,
      visibility: draft.visibility,
    });
  }, [draft, form]);

  const weightSum = sum(draft.dimensions.map((d) => d.weight));
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(toDraft(scheme)), [draft, scheme]);
  const setDim = (i: number, patch: Partial<EvalDimensionInput>) =>
    setDraft((d) => {
      const dims = d.dimensions.map((x, k) => (k === i ? { ...x, ...patch } : x));
      const renamed = patch.code !== undefined ? d.dimensions[i]?.code : undefined;
      return {
        ...d,
        dimensions: dims,
        indicators: renamed
          ? d.indicators.map((x) => (x.dimensionCode === renamed ? { ...x, dimensionCode: patch.code as string } : x))
          : d.indicators,
      };
    });
  const setBand = (i: number, patch: Partial<EvalGradeBand>) =>
    setDraft((d) => ({ ...d, gradeBands: d.gradeBands.map((x, k) => (k === i ? { ...x, ...patch } : x)) }));

  const save = async () => {
    const basics = await form.validateFields().catch(() => null);
    if (!basics) {
      return;
    }
    const input: Draft = {
      ...draft,
      ...basics,
      description: basics.description ?? '',
      periodIndex: basics.periodKind === 'year' ? 1 : basics.periodIndex,
    };
    try {
      await update.mutateAsync({ id: scheme.id, input });
      setSaveIssues([]);
      void message.success(t('evaluation.editor.saved'));
    } catch (error) {
      setSaveIssues(errorDetails(error));
      void message.error(errorMessage(error));
    }
  };

  const deleteScheme = () =>
    modal.confirm({
      title: t('evaluation.scheme.delete'),
      content: t('evaluation.scheme.deleteConfirm'),
      okButtonProps: { danger: true },
      okText: t('evaluation.scheme.delete'),
      cancelText: t('common.actions.cancel'),
      onOk: async () => {
        try {
          await remove.mutateAsync(scheme.id);
          void message.success(t('evaluation.scheme.deleted'));
          navigate('/evaluation');
        } catch (error) {
          void message.error(errorMessage(error));
        }
      },
    });

  const subject = draft.population === 'orgs' ? 'org' : 'person';

  return (
    <>
      {!editable ? <Alert type="info" showIcon title={t('evaluation.editor.readonly')} style={{ marginBottom: 16 }} /> : null}
      {saveIssues.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('common.errors.VALIDATION_FAILED')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {saveIssues.map((i) => (
                <li key={`${i.path}:${i.message}`}>{i.message}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Card title={t('evaluation.editor.basics')} size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" disabled={!editable}>
          <Flex gap={16} wrap>
            <Form.Item
              name="name"
              label={t('evaluation.editor.name')}
              rules={[{ required: true, whitespace: true, message: t('evaluation.editor.nameRequired') }]}
              style={{ flex: '1 1 320px' }}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="year" label={t('evaluation.editor.year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="periodKind" label={t('evaluation.editor.periodKind')}>
              <Select
                style={{ width: 110 }}
                options={(['year', 'half', 'quarter'] as const).map((k) => ({ value: k, label: t(`evaluation.editor.periodKinds.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="periodIndex" label={t('evaluation.editor.periodIndex')}>
              <Select style={{ width: 90 }} options={[1, 2, 3, 4].map((n) => ({ value: n, label: String(n) }))} />
            </Form.Item>
          </Flex>
          <Flex gap={16} wrap>
            <Form.Item name="rootOrgId" label={t('evaluation.editor.root')} rules={[{ required: true }]} style={{ flex: '1 1 320px' }}>
              <OrgTreeSelect aria-label={t('evaluation.editor.root')} disabled={!editable} />
            </Form.Item>
            {draft.population === 'orgs' ? (
              <Form.Item name="orgKind" label={t('evaluation.editor.orgKind')}>
                <Select
                  style={{ width: 140 }}
                  options={(['branch', 'general_branch', 'committee'] as const).map((k) => ({
                    value: k,
                    label: t(`common.orgKinds.${k}`),
                  }))}
                />
              </Form.Item>
            ) : null}
            <Form.Item name="visibility" label={t('evaluation.editor.visibility')}>
              <Radio.Group options={(['own', 'parent'] as const).map((v) => ({ value: v, label: t(`evaluation.visibility.${v}`) }))} />
            </Form.Item>
          </Flex>
          <Form.Item name="description" label={t('evaluation.editor.description')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
        </Form>
      </Card>

      <Card
        title={t('evaluation.editor.dimensions')}
        size="small"
        style={{ marginBottom: 16 }}
        extra={
          <Tag color={weightSum === 100 ? 'green' : 'red'} data-testid="weight-sum">
            {t('evaluation.editor.weightSum', { sum: weightSum })}
          </Tag>
        }
      >
        <Typography.Paragraph type="secondary">{t('evaluation.editor.dimensionsHint')}</Typography.Paragraph>
        <Table
          size="small"
          pagination={false}
          rowKey={(d) => `${d.id ?? 'new'}-${draft.dimensions.indexOf(d)}`}
          dataSource={draft.dimensions}
          columns={[
            {
              title: t('evaluation.editor.code'),
              key: 'code',
              width: 140,
              render: (_: unknown, d, i) => (
                <Input
                  aria-label={t('evaluation.editor.code')}
                  value={d.code}
                  disabled={!editable}
                  onChange={(e) => setDim(i, { code: e.target.value.trim() })}
                />
              ),
            },
            {
              title: t('evaluation.editor.dimName'),
              key: 'name',
              render: (_: unknown, d, i) => (
                <Input
                  aria-label={t('evaluation.editor.dimName')}
                  value={d.name}
                  disabled={!editable}
                  onChange={(e) => setDim(i, { name: e.target.value })}
                />
              ),
            },
            {
              title: t('evaluation.editor.nameEn'),
              key: 'nameEn',
              render: (_: unknown, d, i) => (
                <Input
                  aria-label={t('evaluation.editor.nameEn')}
                  value={d.nameEn}
                  disabled={!editable}
                  onChange={(e) => setDim(i, { nameEn: e.target.value })}
                />
              ),
            },
            {
              title: t('evaluation.editor.weight'),
              key: 'weight',
              width: 120,
              render: (_: unknown, d, i) => (
                <InputNumber
                  aria-label={t('evaluation.editor.weight')}
                  min={0}
                  max={100}
                  value={d.weight}
                  disabled={!editable}
                  onChange={(v) => setDim(i, { weight: Number(v ?? 0) })}
                />
              ),
            },
            {
              title: t('evaluation.editor.columns.points'),
              key: 'points',
              width: 160,
              render: (_: unknown, d) => {
                const pts = sum(
                  draft.indicators
                    .filter((x) => x.dimensionCode === d.code && ['computed', 'manual', 'imported'].includes(x.method))
                    .map((x) => x.maxPoints),
                );
                return <Tag color={pts === 100 ? 'green' : 'red'}>{t('evaluation.editor.pointsSum', { sum: pts })}</Tag>;
              },
            },
            ...(editable
              ? [
                  {
                    title: '',
                    key: 'actions',
                    width: 60,
                    render: (_: unknown, _d: EvalDimensionInput, i: number) => (
                      <Button
                        aria-label={t('evaluation.editor.remove')}
                        icon={<DeleteOutlined />}
                        disabled={draft.dimensions.length <= 1}
                        onClick={() =>
                          setDraft((x) => ({
                            ...x,
                            dimensions: x.dimensions.filter((_y, k) => k !== i),
                            indicators: x.indicators.filter((y) => y.dimensionCode !== x.dimensions[i]?.code),
                          }))
                        }
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
        {editable ? (
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() =>
              setDraft((d) => ({
                ...d,
                dimensions: [...d.dimensions, { code: `D${d.dimensions.length + 1}`, name: '', nameEn: '', weight: 0 }],
              }))
            }
          >
            {t('evaluation.editor.addDimension')}
          </Button>
        ) : null}
      </Card>

      <Card
        title={t('evaluation.editor.indicators')}
        size="small"
        style={{ marginBottom: 16 }}
        extra={
          editable ? (
            <Button icon={<PlusOutlined />} onClick={() => setEditing({ indicator: null, index: null })}>
              {t('evaluation.editor.addIndicator')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">{t('evaluation.editor.indicatorsHint')}</Typography.Paragraph>
        {draft.dimensions.map((d) => (
          <div key={d.code} style={{ marginBottom: 12 }}>
            <Typography.Text strong>{d.name || d.code}</Typography.Text>
            <Table
              size="small"
              pagination={false}
              rowKey={(x) => `${x.id ?? 'n'}-${x.code}`}
              dataSource={draft.indicators.filter((x) => x.dimensionCode === d.code)}
              columns={[
                { title: t('evaluation.editor.columns.code'), dataIndex: 'code', key: 'code', width: 70 },
                { title: t('evaluation.editor.columns.name'), dataIndex: 'name', key: 'name' },
                {
                  title: t('evaluation.editor.columns.method'),
                  key: 'method',
                  width: 110,
                  render: (_: unknown, x) => <Tag>{t(`evaluation.methods.${x.method}`)}</Tag>,
                },
                {
                  title: t('evaluation.editor.columns.points'),
                  key: 'points',
                  width: 70,
                  align: 'right',
                  render: (_: unknown, x) => formatNumber(x.maxPoints, lang),
                },
                {
                  title: t('evaluation.editor.columns.rule'),
                  key: 'rule',
                  render: (_: unknown, x) => <Typography.Text style={{ fontSize: 12 }}>{ruleSummary(t, lang, x)}</Typography.Text>,
                },
                {
                  title: t('evaluation.editor.columns.noData'),
                  key: 'noData',
                  width: 150,
                  render: (_: unknown, x) =>
                    ['computed', 'manual', 'imported'].includes(x.method) ? t(`evaluation.noData.${x.noData}`) : '',
                },
                ...(editable
                  ? [
                      {
                        title: t('evaluation.editor.columns.actions'),
                        key: 'actions',
                        width: 100,
                        render: (_: unknown, x: EvalIndicatorInput) => {
                          const index = draft.indicators.indexOf(x);
                          return (
                            <Space>
                              <Button
                                size="small"
                                aria-label={t('common.actions.edit')}
                                icon={<EditOutlined />}
                                onClick={() => setEditing({ indicator: x, index })}
                              />
                              <Popconfirm
                                title={t('evaluation.editor.removeIndicatorConfirm')}
                                okText={t('evaluation.editor.remove')}
                                cancelText={t('common.actions.cancel')}
                                onConfirm={() => setDraft((dr) => ({ ...dr, indicators: dr.indicators.filter((_y, k) => k !== index) }))}
                              >
                                <Button size="small" danger aria-label={t('evaluation.editor.remove')} icon={<DeleteOutlined />} />
                              </Popconfirm>
                            </Space>
                          );
                        },
                      },
                    ]
                  : []),
              ]}
            />
          </div>
        ))}
      </Card>

      <Card title={t('evaluation.editor.gradeBands')} size="small" style={{ marginBottom: 16 }}>
        <Table
          size="small"
          pagination={false}
          rowKey={(b) => `${draft.gradeBands.indexOf(b)}`}
          dataSource={draft.gradeBands}
          columns={[
            {
              title: t('evaluation.editor.code'),
              key: 'code',
              width: 140,
              render: (_: unknown, b, i) => (
                <Input
                  aria-label={t('evaluation.editor.code')}
                  value={b.code}
                  disabled={!editable}
                  onChange={(e) => setBand(i, { code: e.target.value.trim() })}
                />
              ),
            },
            {
              title: t('evaluation.editor.bandName'),
              key: 'name',
              render: (_: unknown, b, i) => (
                <Input
                  aria-label={t('evaluation.editor.bandName')}
                  value={b.name}
                  disabled={!editable}
                  onChange={(e) => setBand(i, { name: e.target.value })}
                />
              ),
            },
            {
              title: t('evaluation.editor.nameEn'),
              key: 'nameEn',
              render: (_: unknown, b, i) => (
                <Input
                  aria-label={t('evaluation.editor.nameEn')}
                  value={b.nameEn}
                  disabled={!editable}
                  onChange={(e) => setBand(i, { nameEn: e.target.value })}
                />
              ),
            },
            {
              title: t('evaluation.editor.bandMinScore'),
              key: 'min',
              width: 130,
              render: (_: unknown, b, i) => (
                <InputNumber
                  aria-label={t('evaluation.editor.bandMinScore')}
                  min={0}
                  max={1000}
                  value={b.min}
                  disabled={!editable}
                  onChange={(v) => setBand(i, { min: Number(v ?? 0) })}
                />
              ),
            },
            ...(editable
              ? [
                  {
                    title: '',
                    key: 'actions',
                    width: 60,
                    render: (_: unknown, _b: EvalGradeBand, i: number) => (
                      <Button
                        aria-label={t('evaluation.editor.remove')}
                        icon={<DeleteOutlined />}
                        disabled={draft.gradeBands.length <= 1}
                        onClick={() => setDraft((d) => ({ ...d, gradeBands: d.gradeBands.filter((_y, k) => k !== i) }))}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
        {editable ? (
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() =>
              setDraft((d) => ({
                ...d,
                gradeBands: [...d.gradeBands, { code: `g${d.gradeBands.length + 1}`, name: '', nameEn: '', min: 0 }],
              }))
            }
          >
            {t('evaluation.editor.addGrade')}
          </Button>
        ) : null}
      </Card>

      {editable ? (
        <Flex gap={8} justify="space-between" wrap>
          <Space>
            <Button type="primary" onClick={() => void save()} loading={update.isPending}>
              {t('evaluation.editor.save')}
            </Button>
            <Button disabled={!dirty} onClick={() => setDraft(toDraft(scheme))}>
              {t('evaluation.editor.cancel')}
            </Button>
          </Space>
          <Button danger onClick={deleteScheme}>
            {t('evaluation.scheme.delete')}
          </Button>
        </Flex>
      ) : null}

      <IndicatorModal
        open={editing !== null}
        indicator={editing?.indicator ?? null}
        dimensions={draft.dimensions.map((d) => ({ code: d.code, name: d.name || d.code }))}
        subject={subject}
        existingCodes={draft.indicators.map((x) => x.code)}
        onClose={() => setEditing(null)}
        onSave={(ind) => {
          setDraft((d) => ({
            ...d,
            indicators:
              editing?.index !== null && editing?.index !== undefined
                ? d.indicators.map((x, k) => (k === editing.index ? ind : x))
                : [...d.indicators, ind],
          }));
          setEditing(null);
        }}
      />
    </>
  );
}
