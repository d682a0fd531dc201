import type { EvalPeriodKind, EvalPopulation, EvalVisibility, OrgKind } from '@guantong/shared';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { PageHeader } from '../../components/PageHeader';
import { useCreateScheme } from './evaluation.api';

interface FormValues {
  name: string;
  description?: string;
  year: number;
  periodKind: EvalPeriodKind;
  periodIndex: number;
  population: EvalPopulation;
  orgKind: OrgKind;
  rootOrgId: number;
  visibility: EvalVisibility;
}

/** A new scheme from the template of its population: basics only; dimensions and indicators are edited afterwards. */
export function SchemeCreatePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateScheme();
  const periodKind = Form.useWatch('periodKind', form) ?? 'year';
  const population = Form.useWatch('population', form) ?? 'orgs';
  const year = new Date().getFullYear();

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      const scheme = await create.mutateAsync({
        name: v.name.trim(),
        description: v.description?.trim() ?? '',
        year: v.year,
        periodKind: v.periodKind,
        periodIndex: v.periodKind === 'year' ? 1 : v.periodIndex,
        population: v.population,
        orgKind: v.population === 'orgs' ? v.orgKind : null,
        rootOrgId: v.rootOrgId,
        visibility: v.visibility,
      });
      void message.success(t('evaluation.editor.created'));
      navigate(`/evaluation/${scheme.id}?tab=definition`);
    } catch (error) {
      const details = errorDetails(error);
      if (details.length > 0) {
        form.setFields(details.filter((d) => d.path in v).map((d) => ({ name: d.path as keyof FormValues, errors: [d.message] })));
      }
      void message.error(errorMessage(error));
    }
  };

  return (
    <>
      <PageHeader title={t('evaluation.editor.createTitle')} subtitle={<Link to="/evaluation">← {t('evaluation.scheme.back')}</Link>} />
      <Card style={{ maxWidth: 760 }}>
        <Alert type="info" showIcon title={t('evaluation.editor.createHint')} style={{ marginBottom: 16 }} />
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ year, periodKind: 'year', periodIndex: 1, population: 'orgs', orgKind: 'branch', visibility: 'own' }}
          onFinish={() => void submit()}
        >
          <Form.Item
            name="name"
            label={t('evaluation.editor.name')}
            rules={[{ required: true, whitespace: true, message: t('evaluation.editor.nameRequired') }]}
          >
            <Input maxLength={200} placeholder={`${year}年度党支部四维评价`} />
          </Form.Item>
          <Form.Item name="description" label={t('evaluation.editor.description')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item name="year" label={t('evaluation.editor.year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="periodKind" label={t('evaluation.editor.periodKind')}>
              <Radio.Group
                optionType="button"
                options={(['year', 'half', 'quarter'] as const).map((k) => ({ value: k, label: t(`evaluation.editor.periodKinds.${k}`) }))}
              />
            </Form.Item>
            {periodKind !== 'year' ? (
              <Form.Item name="periodIndex" label={t('evaluation.editor.periodIndex')}>
                <Select
                  style={{ width: 140 }}
                  options={(periodKind === 'half' ? [1, 2] : [1, 2, 3, 4]).map((n) => ({
                    value: n,
                    label: periodKind === 'half' ? t(`evaluation.period.halves.${n === 2 ? '2' : '1'}`) : `Q${n}`,
                  }))}
                />
              </Form.Item>
            ) : null}
          </Flex>
          <Flex gap={16} wrap>
            <Form.Item name="population" label={t('evaluation.editor.population')}>
              <Radio.Group
                optionType="button"
                options={(['orgs', 'cadres'] as const).map((p) => ({ value: p, label: t(`evaluation.populations.${p}`) }))}
              />
            </Form.Item>
            {population === 'orgs' ? (
              <Form.Item name="orgKind" label={t('evaluation.editor.orgKind')}>
                <Select
                  style={{ width: 160 }}
                  options={(['branch', 'general_branch', 'committee'] as const).map((k) => ({
                    value: k,
                    label: t(`common.orgKinds.${k}`),
                  }))}
                />
              </Form.Item>
            ) : null}
          </Flex>
          <Form.Item
            name="rootOrgId"
            label={t('evaluation.editor.root')}
            rules={[{ required: true, message: t('evaluation.editor.rootRequired') }]}
          >
            <OrgTreeSelect aria-label={t('evaluation.editor.root')} />
          </Form.Item>
          <Form.Item name="visibility" label={t('evaluation.editor.visibility')}>
            <Radio.Group options={(['own', 'parent'] as const).map((v) => ({ value: v, label: t(`evaluation.visibility.${v}`) }))} />
          </Form.Item>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('evaluation.list.newScheme')}
            </Button>
            <Button onClick={() => navigate('/evaluation')}>{t('common.actions.cancel')}</Button>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
